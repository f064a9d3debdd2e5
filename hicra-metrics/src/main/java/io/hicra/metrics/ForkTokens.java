package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;

/**
 * Computes {@link ForkOverlap}: planning tokens versus the batch's top-{@code q} entropy tokens.
 *
 * <p>The threshold is found exactly (no sampling, no sort) by a two-pass radix selection over the
 * bit patterns of the entropies, which order like the values because entropies are {@code >=
 * 0}: pass 1 validates and histograms the high 16 bits, pass 2 histograms the low 16 bits inside
 * the bucket that holds the {@code k}-th largest value; the overlap is then counted over the
 * planning mask's set bits only. Allocates two histograms (384 KiB) per call, independent of the
 * batch size.
 */
public final class ForkTokens {
  private ForkTokens() {}

  /** As {@link #overlap(float[], BatchLayout, TokenMask, double)} with {@code q = 0.2}. */
  public static ForkOverlap overlap(float[] entropies, BatchLayout layout, TokenMask planning) {
    return overlap(entropies, layout, planning, ForkOverlap.DEFAULT_Q);
  }

  /**
   * The overlap of planning tokens and top-{@code q} entropy tokens.
   *
   * @param entropies one token entropy (nats, or any unit: only the order matters) per token of
   *     {@code layout}, finite and {@code >= 0}
   * @param layout the batch layout
   * @param planning the planning mask over the same tokens
   * @param q the fraction of tokens counted as high-entropy, in (0, 1); default 0.2
   * @throws IllegalArgumentException if {@code q} is outside (0, 1), lengths differ, or an entropy
   *     is NaN, infinite or negative (names the token index and value)
   */
  public static ForkOverlap overlap(
      float[] entropies, BatchLayout layout, TokenMask planning, double q) {
    return overlapAndMeans(entropies, layout, planning, q).overlap;
  }

  /** The overlap and the entropy means by class, from the same passes over {@code entropies}. */
  static final class Fused {
    final ForkOverlap overlap;
    final TokenClassMeans means;

    Fused(ForkOverlap overlap, TokenClassMeans means) {
      this.overlap = overlap;
      this.means = means;
    }
  }

  /**
   * {@link #overlap} and {@link TokenEntropy#meansByClass} in one go: the sums ride along the
   * histogram pass and the planning-bit walk, so the entropies are read twice instead of three
   * times. Same validation and messages as either.
   */
  static Fused overlapAndMeans(
      float[] entropies, BatchLayout layout, TokenMask planning, double q) {
    Checks.notNull(entropies, "entropies");
    Checks.notNull(layout, "layout");
    Checks.notNull(planning, "planning");
    Checks.openUnit(q, "q");
    layout.checkTokens(entropies.length, "entropies");
    planning.checkCovers(layout, "planning");
    int n = entropies.length;
    if (n == 0) {
      return new Fused(new ForkOverlap(q, 0f, 0, 0, 0, 0), new TokenClassMeans(0, 0, 0, 0, 0));
    }
    int[] high = new int[1 << 15];
    double s0 = 0;
    double s1 = 0;
    for (int t = 0; t < n; t++) {
      float v = entropies[t];
      int bits = Float.floatToRawIntBits(v);
      // negative (sign bit), infinite or NaN (all-ones exponent); -0.0 passes as 0
      if ((bits < 0 || bits >= 0x7f800000) && v != 0f) {
        throw firstBad(entropies);
      }
      high[(bits & 0x7fffffff) >>> 16]++;
      if ((t & 1) == 0) {
        s0 += v;
      } else {
        s1 += v;
      }
    }
    double total = s0 + s1;
    int k = topCount(q, n);
    int remaining = k;
    int hb = high.length - 1;
    long above = 0;
    while (high[hb] < remaining) {
      remaining -= high[hb];
      above += high[hb];
      hb--;
    }
    int[] low = new int[1 << 16];
    for (int t = 0; t < n; t++) {
      int key = Float.floatToRawIntBits(entropies[t]) & 0x7fffffff;
      if ((key >>> 16) == hb) {
        low[key & 0xffff]++;
      }
    }
    int lb = low.length - 1;
    long inBucket = 0;
    while (low[lb] < remaining) {
      remaining -= low[lb];
      inBucket += low[lb];
      lb--;
    }
    inBucket += low[lb];
    int thresholdKey = (hb << 16) | lb;
    long top = above + inBucket;
    long planningCount = 0;
    long both = 0;
    double planningSum = 0;
    int words = planning.wordCount();
    for (int w = 0; w < words; w++) {
      long bits = planning.word(w);
      int base = w << 6;
      while (bits != 0) {
        int t = base + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        planningCount++;
        float v = entropies[t];
        planningSum += v;
        if ((Float.floatToRawIntBits(v) & 0x7fffffff) >= thresholdKey) {
          both++;
        }
      }
    }
    long executionCount = n - planningCount;
    TokenClassMeans means = new TokenClassMeans(
        planningCount == 0 ? 0.0 : planningSum / planningCount,
        executionCount == 0 ? 0.0 : (total - planningSum) / executionCount,
        total / n,
        planningCount,
        executionCount);
    ForkOverlap overlap = new ForkOverlap(
        q, Float.intBitsToFloat(thresholdKey), n, planningCount, top, both);
    return new Fused(overlap, means);
  }

  /**
   * {@code ⌈q·n⌉} clamped to {@code [1, n]}; a product within 1e-9 relative of an integer counts
   * as that integer.
   */
  static int topCount(double q, int n) {
    double x = q * n;
    double nearest = Math.rint(x);
    long k =
        Math.abs(x - nearest) <= 1e-9 * Math.max(1.0, x) ? (long) nearest : (long) Math.ceil(x);
    return (int) Math.max(1, Math.min(n, k));
  }

  private static IllegalArgumentException firstBad(float[] entropies) {
    for (int t = 0; t < entropies.length; t++) {
      float v = entropies[t];
      if (Float.isNaN(v) || Float.isInfinite(v)) {
        return Checks.badElement("entropies", t, v, "is not finite");
      }
      if (v < 0f) {
        return Checks.badElement("entropies", t, v, "is negative");
      }
    }
    return new IllegalArgumentException("entropies are not all finite and >= 0");
  }
}
