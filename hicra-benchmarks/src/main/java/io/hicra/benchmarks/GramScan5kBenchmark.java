package io.hicra.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Like {@link GramScanBenchmark}, with a 5,000-phrase lexicon (the default lexicon plus generated
 * reasoning phrases built from the corpus's own vocabulary, so partial matches are frequent).
 * Target: 1.7x the peers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GramScan5kBenchmark extends GramScanBase {
  @Override
  boolean large() {
    return true;
  }

  /** Scan, 5,000 phrases. */
  @Benchmark
  @RatioTo(baseline = "hankcs5k", target = 1.7)
  @RatioTo(baseline = "robertBor5k", target = 1.7)
  public long hicraScan5k() {
    return runHicraScan();
  }

  /** Scan plus token alignment, 5,000 phrases. */
  @Benchmark
  @RatioTo(baseline = "hankcs5k", target = 1.7)
  @RatioTo(baseline = "robertBor5k", target = 1.7)
  @RatioTo(baseline = "hankcsMask5k")
  @RatioTo(baseline = "robertBorMask5k")
  public long hicraMask5k() {
    return runHicraMask();
  }

  /** Peer: hankcs, 5,000 phrases. */
  @Benchmark
  public long hankcs5k() {
    return runHankcs();
  }

  /** Peer: hankcs as in {@code hankcs5k}, its matches mapped onto the tokens into the mask. */
  @Benchmark
  public long hankcsMask5k() {
    return runHankcsMask();
  }

  /** Peer: robert-bor as in {@code robertBor5k}, its matches mapped onto the tokens. */
  @Benchmark
  public long robertBorMask5k() {
    return runRobertBorMask();
  }

  /** Peer: robert-bor, 5,000 phrases. */
  @Benchmark
  public long robertBor5k() {
    return runRobertBor();
  }
}
