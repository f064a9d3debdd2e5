package io.hicra.metrics;

import java.util.Arrays;

/**
 * One metric over the steps where it was present: parallel arrays of steps (increasing) and
 * values. Immutable; the array accessors return copies.
 */
public final class Series {
  private final String name;
  private final long[] steps;
  private final double[] values;

  Series(String name, long[] steps, double[] values) {
    this.name = name;
    this.steps = steps;
    this.values = values;
  }

  /** The metric's column name. */
  public String name() {
    return name;
  }

  /** Number of points. */
  public int size() {
    return steps.length;
  }

  /** The step of point {@code i}. */
  public long step(int i) {
    return steps[i];
  }

  /** The value of point {@code i}. */
  public double value(int i) {
    return values[i];
  }

  /** The steps (a copy). */
  public long[] steps() {
    return steps.clone();
  }

  /** The values (a copy). */
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Series)) {
      return false;
    }
    Series s = (Series) o;
    return name.equals(s.name) && Arrays.equals(steps, s.steps) && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + Arrays.hashCode(steps)) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Series{" + name + ", points=" + steps.length + "}";
  }
}
