package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;

/**
 * One pass over a flat per-token {@code float[]} split by a planning mask: the total is a plain
 * array reduction (two independent accumulators, the range check folded into a min/max), the planning part walks the mask's set bits
 * word by word. Validates every value with a predicate chosen by the caller.
 */
final class ClassSums {
  /** Values must be finite and {@code >= 0} (entropies). */
  static final int NON_NEGATIVE = 0;
  /** Values must be finite and {@code <= LOG_PROB_TOLERANCE} (log-probabilities). */
  static final int LOG_PROB = 1;

  /** Largest accepted log-probability: float rounding in trainers can give tiny positives. */
  static final double LOG_PROB_TOLERANCE = 1e-3;

  double planningSum;
  double totalSum;
  long planningCount;
  long totalCount;

  private ClassSums() {}

  static ClassSums of(float[] values, BatchLayout layout, TokenMask planning, String name, int rule) {
    Checks.notNull(values, name);
    Checks.notNull(layout, "layout");
    Checks.notNull(planning, "planning");
    layout.checkTokens(values.length, name);
    planning.checkCovers(layout, "planning");
    int n = values.length;
    double total;
    boolean bad;
    if (rule == NON_NEGATIVE) {
      float lo = Float.POSITIVE_INFINITY;
      double s0 = 0;
      double s1 = 0;
      int t = 0;
      for (; t + 1 < n; t += 2) {
        float a = values[t];
        float b = values[t + 1];
        s0 += a;
        s1 += b;
        lo = Math.min(lo, Math.min(a, b));
      }
      for (; t < n; t++) {
        s0 += values[t];
        lo = Math.min(lo, values[t]);
      }
      total = s0 + s1;
      bad = lo < 0f;
    } else {
      float hi = Float.NEGATIVE_INFINITY;
      double s0 = 0;
      double s1 = 0;
      int t = 0;
      for (; t + 1 < n; t += 2) {
        float a = values[t];
        float b = values[t + 1];
        s0 += a;
        s1 += b;
        hi = Math.max(hi, Math.max(a, b));
      }
      for (; t < n; t++) {
        s0 += values[t];
        hi = Math.max(hi, values[t]);
      }
      total = s0 + s1;
      bad = hi > LOG_PROB_TOLERANCE;
    }
    // A NaN or infinity anywhere makes the total (or the extreme) non-finite or NaN; the cold scan
    // then finds the first offending index for the message.
    if (bad || Double.isNaN(total) || Double.isInfinite(total)) {
      throw firstBad(values, name, rule);
    }
    double ps = 0;
    long pc = 0;
    int words = planning.wordCount();
    for (int w = 0; w < words; w++) {
      long bits = planning.word(w);
      int base = w << 6;
      pc += Long.bitCount(bits);
      while (bits != 0) {
        ps += values[base + Long.numberOfTrailingZeros(bits)];
        bits &= bits - 1;
      }
    }
    ClassSums out = new ClassSums();
    out.planningSum = ps;
    out.totalSum = total;
    out.planningCount = pc;
    out.totalCount = n;
    return out;
  }

  private static IllegalArgumentException firstBad(float[] values, String name, int rule) {
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        return Checks.badElement(name, i, v, "is not finite");
      }
      if (rule == NON_NEGATIVE && v < 0f) {
        return Checks.badElement(name, i, v, "is negative");
      }
      if (rule == LOG_PROB && v > LOG_PROB_TOLERANCE) {
        return Checks.badElement(
            name, i, v, "is positive (a log-probability must be <= 0, tolerance 1e-3)");
      }
    }
    return new IllegalArgumentException(name + " sums to a non-finite value");
  }

  double planningMean() {
    return planningCount == 0 ? 0.0 : planningSum / planningCount;
  }

  double executionMean() {
    long ec = totalCount - planningCount;
    return ec == 0 ? 0.0 : (totalSum - planningSum) / ec;
  }

  double allMean() {
    return totalCount == 0 ? 0.0 : totalSum / totalCount;
  }

  TokenClassMeans means() {
    return new TokenClassMeans(
        planningMean(), executionMean(), allMean(), planningCount, totalCount - planningCount);
  }
}
