package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;

/**
 * One pass over a flat per-token {@code float[]} split by a planning mask: the total is a plain
 * array reduction in double (eight independent accumulators, the range check folded into a
 * running extreme), the planning part walks the mask's set bits word by word. Validates every
 * value with a rule chosen by the caller; the offending index is found on a cold path.
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

  static ClassSums of(
      float[] values, BatchLayout layout, TokenMask planning, String name, int rule) {
    Checks.notNull(values, name);
    Checks.notNull(layout, "layout");
    Checks.notNull(planning, "planning");
    layout.checkTokens(values.length, name);
    planning.checkCovers(layout, "planning");
    int n = values.length;
    // Eight independent double accumulators (the adds' latency, not memory, bounds a reduction);
    // the range is checked by a running extreme updated under a branch that is almost never
    // taken, and finiteness by the total: a NaN or infinity anywhere makes it non-finite, while a
    // double sum of finite floats cannot overflow.
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    int t = 0;
    if (rule == NON_NEGATIVE) {
      for (; t + 7 < n; t += 8) {
        float a0 = values[t];
        float a1 = values[t + 1];
        float a2 = values[t + 2];
        float a3 = values[t + 3];
        float a4 = values[t + 4];
        float a5 = values[t + 5];
        float a6 = values[t + 6];
        float a7 = values[t + 7];
        s0 += a0;
        s1 += a1;
        s2 += a2;
        s3 += a3;
        s4 += a4;
        s5 += a5;
        s6 += a6;
        s7 += a7;
        if (a0 < lo) {
          lo = a0;
        }
        if (a1 < lo) {
          lo = a1;
        }
        if (a2 < lo) {
          lo = a2;
        }
        if (a3 < lo) {
          lo = a3;
        }
        if (a4 < lo) {
          lo = a4;
        }
        if (a5 < lo) {
          lo = a5;
        }
        if (a6 < lo) {
          lo = a6;
        }
        if (a7 < lo) {
          lo = a7;
        }
      }
    } else {
      for (; t + 7 < n; t += 8) {
        float a0 = values[t];
        float a1 = values[t + 1];
        float a2 = values[t + 2];
        float a3 = values[t + 3];
        float a4 = values[t + 4];
        float a5 = values[t + 5];
        float a6 = values[t + 6];
        float a7 = values[t + 7];
        s0 += a0;
        s1 += a1;
        s2 += a2;
        s3 += a3;
        s4 += a4;
        s5 += a5;
        s6 += a6;
        s7 += a7;
        if (a0 > hi) {
          hi = a0;
        }
        if (a1 > hi) {
          hi = a1;
        }
        if (a2 > hi) {
          hi = a2;
        }
        if (a3 > hi) {
          hi = a3;
        }
        if (a4 > hi) {
          hi = a4;
        }
        if (a5 > hi) {
          hi = a5;
        }
        if (a6 > hi) {
          hi = a6;
        }
        if (a7 > hi) {
          hi = a7;
        }
      }
    }
    for (; t < n; t++) {
      float a = values[t];
      s0 += a;
      if (a < lo) {
        lo = a;
      }
      if (a > hi) {
        hi = a;
      }
    }
    double total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    boolean suspicious = Double.isNaN(total) || Double.isInfinite(total)
        || (rule == NON_NEGATIVE ? lo < 0f : hi > (float) LOG_PROB_TOLERANCE);
    if (suspicious) {
      IllegalArgumentException e = firstBad(values, name, rule);
      if (e != null) {
        throw e;
      }
    }
    // The planning part: walk the set bits two at a time into two accumulators, so that
    // consecutive adds do not wait on each other.
    double p0 = 0;
    double p1 = 0;
    long pc = 0;
    int words = planning.wordCount();
    for (int w = 0; w < words; w++) {
      long bits = planning.word(w);
      if (bits == 0) {
        continue;
      }
      int base = w << 6;
      pc += Long.bitCount(bits);
      while (bits != 0) {
        p0 += values[base + Long.numberOfTrailingZeros(bits)];
        bits &= bits - 1;
        if (bits == 0) {
          break;
        }
        p1 += values[base + Long.numberOfTrailingZeros(bits)];
        bits &= bits - 1;
      }
    }
    double ps = p0 + p1;
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
      if (rule == LOG_PROB && v > (float) LOG_PROB_TOLERANCE) {
        return Checks.badElement(
            name, i, v, "is positive (a log-probability must be <= 0, tolerance 1e-3)");
      }
    }
    return null;
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
