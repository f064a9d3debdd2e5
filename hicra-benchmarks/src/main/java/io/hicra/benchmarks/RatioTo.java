package io.hicra.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a {@code @Benchmark} method is reported as a ratio to a baseline benchmark of the
 * same class, measured in the same run with the same {@code @Param} values.
 *
 * <p>Both methods must run in {@code Mode.Throughput} and do the same amount of logical work per
 * operation (the same tokens, the same text), so that {@code ratio = score / baselineScore} is
 * the benchmark's throughput over the baseline's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(RatioTo.List.class)
public @interface RatioTo {
  /** Name of the baseline {@code @Benchmark} method in the same class. */
  String baseline();

  /** The lowest acceptable ratio; {@code NaN} for a row that is reported without a target. */
  double target() default Double.NaN;

  /** Container for repeated {@link RatioTo} annotations. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    RatioTo[] value();
  }
}
