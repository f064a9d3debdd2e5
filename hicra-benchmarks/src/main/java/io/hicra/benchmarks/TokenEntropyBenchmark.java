package io.hicra.benchmarks;

import io.hicra.metrics.TokenEntropy;
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
 * {@link TokenEntropy#perPositionInto} (entropy of the softmax of each row of logits, log-sum-exp
 * in double) over {@code positions} rows of Qwen3's vocabulary of 151,936 float logits, next to a
 * {@code System.arraycopy} of the same logits (the memory-bandwidth baseline: 8 bytes per logit
 * read and written). One operation = all rows, so the throughput ratio is the logit-rate ratio.
 *
 * <p>128 positions = 19.4M logits = 78 MB per operation: enough to leave the caches, small enough
 * for a 2 GiB heap. Logits are Gaussian with standard deviation 3 (peaked but not one-hot rows).
 * Per position: ns/position = 1e9 / (ops/s · positions); entropy's read rate in GB/s = ops/s ·
 * 4 · positions · vocab / 1e9. The cost is one {@code Math.exp} per logit, so the target is a
 * regression floor (about half the measured ratio), not bandwidth.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TokenEntropyBenchmark {
  @Param({"151936"})
  int vocab;

  @Param({"128"})
  int positions;

  float[] logits;
  float[] copy;
  float[] out;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    logits = new float[positions * vocab];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 3.0);
    }
    copy = new float[logits.length];
    out = new float[positions];
  }

  /** Entropy of every row (reads each logit from memory once; the max pass hits L2). */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.03)
  public float[] entropy() {
    TokenEntropy.perPositionInto(logits, 0, positions, vocab, out, 0);
    return out;
  }

  /** Memory-bandwidth baseline: a copy of all logits (8 bytes per logit). */
  @Benchmark
  public float[] copy() {
    System.arraycopy(logits, 0, copy, 0, logits.length);
    return copy;
  }
}
