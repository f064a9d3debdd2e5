package io.hicra.benchmarks;

import java.util.List;

/** Every benchmark class of this module, so that ratios and baselines can be found by reflection. */
final class BenchmarkRegistry {
  private BenchmarkRegistry() {}

  /** Add each new benchmark class here. */
  static final List<Class<?>> CLASSES = List.of(HicraAdvantageBenchmark.class, TokenEntropyBenchmark.class, BatchMetricsBenchmark.class, PolicyLossBenchmark.class, GramScanBenchmark.class, GramScan5kBenchmark.class, GramBuildBenchmark.class, AnalyzeBenchmark.class);
}
