package io.hicra.cli;

import io.hicra.metrics.PassAtK;
import io.hicra.metrics.PerplexityByClass;
import java.util.Arrays;

/** Adapters to hicra-metrics for the columns the CLI assembles itself. */
final class Metrics {
  private Metrics() {}

  /**
   * Unbiased pass@k averaged over the groups of at least {@code k} rollouts (groups of a log may
   * differ in size); NaN when no group is that large.
   */
  static double passAtK(int[] sizes, int[] correct, int k) {
    int[] n = new int[sizes.length];
    int[] c = new int[sizes.length];
    int m = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] >= k) {
        n[m] = sizes[i];
        c[m] = correct[i];
        m++;
      }
    }
    return m == 0 ? Double.NaN : PassAtK.meanPassAtK(Arrays.copyOf(n, m), Arrays.copyOf(c, m), k);
  }

  /** Perplexity over its value at the first step that had it; NaN when either is missing. */
  static double relative(double current, double initial) {
    return Double.isNaN(current) || Double.isNaN(initial)
        ? Double.NaN
        : PerplexityByClass.relative(current, initial);
  }
}
