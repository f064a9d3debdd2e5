package io.hicra.benchmarks;

import io.hicra.core.BatchLayout;
import io.hicra.core.HicraAdvantage;
import io.hicra.core.TokenMask;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link HicraAdvantage#computeInto} over a paper-sized step (512 rollouts x 32,768 tokens =
 * 16.8M tokens) next to a plain {@code float[]} copy and a write-only fill of the same number of
 * tokens. One operation = one batch, so throughput ratios are token-rate ratios.
 *
 * <p>The planning mask marks about 12% of tokens in runs of 2-6 tokens, as Strategic Gram
 * matches do; advantages are random with both signs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class HicraAdvantageBenchmark {
  @Param({"512"})
  int rollouts;

  @Param({"32768"})
  int tokensPerRollout;

  BatchLayout layout;
  TokenMask planning;
  double[] advantages;
  float[] src;
  float[] out;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    layout = BatchLayout.uniform(rollouts, tokensPerRollout);
    int n = layout.tokens();
    planning = TokenMask.empty(n);
    int t = 0;
    while (t < n) {
      t += 10 + random.nextInt(40);
      int len = 2 + random.nextInt(5);
      if (t + len <= n) {
        planning.set(t, t + len);
      }
      t += len;
    }
    advantages = new double[rollouts];
    for (int i = 0; i < rollouts; i++) {
      advantages[i] = random.nextDouble(-2, 2);
    }
    src = new float[n];
    for (int i = 0; i < n; i++) {
      src[i] = (float) random.nextDouble();
    }
    out = new float[n];
  }

  /** The HICRA token credit of one batch. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 1.0)
  @RatioTo(baseline = "fill")
  public float[] compute() {
    HicraAdvantage.computeInto(advantages, layout, planning, 0.2, out);
    return out;
  }

  /** Memory-bandwidth baseline: a {@code float[]} copy of the batch's size (8 bytes per token). */
  @Benchmark
  public float[] copy() {
    System.arraycopy(src, 0, out, 0, src.length);
    return out;
  }

  /** Write-only baseline: filling the batch's tokens with one value (4 bytes per token). */
  @Benchmark
  public float[] fill() {
    Arrays.fill(out, 0.5f);
    return out;
  }
}
