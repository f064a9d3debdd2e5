package io.hicra.core;

import java.util.Arrays;

/**
 * The high-entropy "fork token" baseline (Wang et al., "Beyond the 80/20 Rule",
 * arXiv:2506.01939): the policy gradient is kept only on the top-{@code q} fraction of the batch's
 * tokens by entropy; every other token gets advantage 0.
 *
 * <p>The threshold is the {@code k}-th largest entropy of the batch with {@code k = ⌈q·N⌉} ({@code
 * N} tokens; a product within 1e-9 relative of an integer counts as that integer), found exactly
 * by a two-pass radix selection over the floats' ordered bit patterns. Every token whose entropy is
 * {@code >=} the threshold is kept, so ties at the threshold may keep slightly more than {@code
 * k}. Allocates one 64K-entry histogram per call.
 */
final class ForkTokenCredit implements TokenCredit {
  static final double DEFAULT_Q = 0.2;

  private final double q;

  ForkTokenCredit(double q) {
    this.q = Checks.inHalfOpenRange(q, 0.0, 1.0, "q");
  }

  @Override
  public void assignInto(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      float[] tokenEntropies,
      float[] out) {
    Checks.notNull(sequenceAdvantages, "sequenceAdvantages");
    Checks.notNull(layout, "layout");
    Checks.notNull(tokenEntropies, "tokenEntropies");
    Checks.notNull(out, "out");
    layout.checkRollouts(sequenceAdvantages.length, "sequenceAdvantages");
    layout.checkTokens(tokenEntropies.length, "tokenEntropies");
    Checks.atLeastLength(out.length, layout.tokens(), "out", "the layout");
    int n = layout.tokens();
    for (int t = 0; t < n; t++) {
      if (Float.isNaN(tokenEntropies[t])) {
        throw new IllegalArgumentException("tokenEntropies[" + t + "] is NaN");
      }
    }
    if (n == 0) {
      return;
    }
    int threshold = kthLargestKey(tokenEntropies, n, topCount(q, n));
    for (int r = 0; r < sequenceAdvantages.length; r++) {
      float a = (float) sequenceAdvantages[r];
      for (int t = layout.start(r), e = layout.end(r); t < e; t++) {
        out[t] = key(tokenEntropies[t]) >= threshold ? a : 0f;
      }
    }
  }

  /** {@code ⌈q·n⌉}, at least 1, treating products within 1e-9 relative of an integer as exact. */
  static int topCount(double q, int n) {
    double x = q * n;
    double nearest = Math.rint(x);
    long k = Math.abs(x - nearest) <= 1e-9 * Math.max(1.0, x) ? (long) nearest : (long) Math.ceil(x);
    return (int) Math.max(1, Math.min(n, k));
  }

  /** A signed int that orders like the float (for non-NaN values). */
  static int key(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** The key of the k-th largest of {@code values[0, n)}, 1 <= k <= n. */
  static int kthLargestKey(float[] values, int n, int k) {
    int[] hist = new int[1 << 16];
    for (int t = 0; t < n; t++) {
      hist[(key(values[t]) >>> 16) ^ 0x8000]++;
    }
    int remaining = k;
    int high = 0xffff;
    while (hist[high] < remaining) {
      remaining -= hist[high];
      high--;
    }
    Arrays.fill(hist, 0);
    for (int t = 0; t < n; t++) {
      int key = key(values[t]);
      if (((key >>> 16) ^ 0x8000) == high) {
        hist[key & 0xffff]++;
      }
    }
    int low = 0xffff;
    while (hist[low] < remaining) {
      remaining -= hist[low];
      low--;
    }
    return ((high ^ 0x8000) << 16) | low;
  }

  @Override
  public String name() {
    return "fork(q=" + q + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForkTokenCredit && Double.compare(q, ((ForkTokenCredit) o).q) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(q);
  }

  @Override
  public String toString() {
    return name();
  }
}
