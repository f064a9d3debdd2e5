package io.hicra.cli;

/** Adapters to hicra-metrics (temporary placeholders until it is available). */
final class Metrics {
  private Metrics() {}

  static double passAtK(int[] sizes, int[] correct, int k) {
    return Double.NaN;
  }

  static double relative(double current, double initial) {
    return Double.isNaN(current) || Double.isNaN(initial) ? Double.NaN : current / initial;
  }
}
