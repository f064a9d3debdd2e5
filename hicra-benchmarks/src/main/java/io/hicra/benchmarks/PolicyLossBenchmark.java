package io.hicra.benchmarks;

import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossConfig;
import io.hicra.nd4j.PolicyLossInputs;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * The eager policy-gradient loss and its gradient ({@link PolicyLoss}, float32, token-mean,
 * default clip-higher) over a paper-sized padded step: 512 rollouts x 32,768 positions = 16.8M
 * tokens, response lengths uniform in [T/2, T] so that about a quarter is padding. One operation
 * = one batch; every benchmark streams the same four float inputs (log-probs new and old,
 * advantages, mask) and writes one float gradient: 20 bytes per token.
 *
 * <ul>
 *   <li>{@code fused}: {@code PolicyLoss.computeInto} on the CPU backend, the path users call —
 *       the fused single pass with the Vector API (this fork adds {@code jdk.incubator.vector}),
 *       blocks of rows on every core (the default {@code threads(0)}); {@code fusedOneThread}:
 *       the same on the calling thread only.
 *   <li>{@code fusedScalarFallback}: the same call in a JVM without the Vector API
 *       ({@code -Dhicra.nd4j.vector=false}): the scalar fallback kernel.
 *   <li>{@code nd4jOps}: the same call with {@code Engine.ND4J_OPS}, ND4J op by op (the path
 *       used for GPU arrays), temporaries closed every call.
 *   <li>{@code javaScalarLoop}: a plain fused Java loop over {@code float[]} with {@code
 *       Math.exp}, written here for comparison (a mask-count pass, then one pass).
 *   <li>{@code stream}: the bandwidth floor — the same 16 bytes read and 4 written per token
 *       with trivial arithmetic over {@code float[]}, on one thread; {@code streamParallel}: the
 *       same on every core; {@code copy}: a {@code System.arraycopy} of one array (8 bytes per
 *       token).
 * </ul>
 *
 * <p>Target: {@code fused / stream ≥ 0.5} (within 2x of the bandwidth floor); {@code fused /
 * streamParallel} compares like with like when {@code fused} uses every core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules", "jdk.incubator.vector", "-Xms3g", "-Xmx3g",
      "-Dorg.bytedeco.javacpp.maxbytes=6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=12g"
    })
public class PolicyLossBenchmark {
  @Param({"512"})
  int rollouts;

  @Param({"32768"})
  int width;

  /** The batch as heap arrays, for the plain-Java baselines. */
  @State(Scope.Thread)
  public static class Heap {
    float[] logpNew;
    float[] logpOld;
    float[] advantages;
    float[] mask;
    float[] grad;
    float[] copySource;

    @Setup(Level.Trial)
    public void setUp(PolicyLossBenchmark shape) {
      int n = shape.rollouts * shape.width;
      logpNew = new float[n];
      logpOld = new float[n];
      advantages = new float[n];
      mask = new float[n];
      grad = new float[n];
      copySource = new float[n];
      fill(shape.rollouts, shape.width, logpNew, logpOld, advantages, mask);
      System.arraycopy(logpNew, 0, copySource, 0, n);
    }
  }

  /** The batch as ND4J arrays with a reusable gradient buffer. */
  @State(Scope.Thread)
  public static class Arrays {
    PolicyLossInputs inputs;
    INDArray gradOut;
    PolicyLoss fused;
    PolicyLoss fusedOneThread;
    PolicyLoss ops;

    @Setup(Level.Trial)
    public void setUp(PolicyLossBenchmark shape) {
      int n = shape.rollouts * shape.width;
      float[] lpN = new float[n];
      float[] lpO = new float[n];
      float[] adv = new float[n];
      float[] mask = new float[n];
      fill(shape.rollouts, shape.width, lpN, lpO, adv, mask);
      long[] s = {shape.rollouts, shape.width};
      inputs =
          PolicyLossInputs.padded(
              Nd4j.create(lpN, s, 'c'), Nd4j.create(lpO, s, 'c'), Nd4j.create(adv, s, 'c'),
              Nd4j.create(mask, s, 'c'));
      gradOut = Nd4j.createUninitialized(DataType.FLOAT, s, 'c');
      fused = PolicyLoss.defaults();
      fusedOneThread = PolicyLoss.of(PolicyLossConfig.builder().threads(1).build());
      ops = PolicyLoss.of(PolicyLossConfig.builder().engine(PolicyLossConfig.Engine.ND4J_OPS).build());
      System.out.println("fused engine: " + fused.engineFor(inputs) + "; "
          + PolicyLoss.fusedKernelDescription());
    }
  }

  static void fill(int rows, int width, float[] lpN, float[] lpO, float[] adv, float[] mask) {
    SplittableRandom random = new SplittableRandom(42);
    for (int b = 0; b < rows; b++) {
      int length = width / 2 + random.nextInt(width / 2 + 1);
      float a = (float) random.nextDouble(-2, 2);
      for (int t = 0; t < width; t++) {
        int i = b * width + t;
        lpO[i] = (float) (-3 * random.nextDouble());
        lpN[i] = lpO[i] + (float) (0.3 * random.nextGaussian());
        adv[i] = t % 9 == 0 ? 1.2f * a : a;
        mask[i] = t < length ? 1f : 0f;
      }
    }
  }

  /** The path users call on CPU arrays: the fused single pass (Vector API). */
  @Benchmark
  @RatioTo(baseline = "stream", target = 0.5)
  @RatioTo(baseline = "streamParallel", target = 0.5)
  @RatioTo(baseline = "copy")
  @RatioTo(baseline = "nd4jOps")
  public double fused(Arrays a) {
    return a.fused.computeInto(a.inputs, a.gradOut).loss();
  }

  /** The same call limited to the calling thread ({@code threads(1)}). */
  @Benchmark
  @RatioTo(baseline = "stream")
  public double fusedOneThread(Arrays a) {
    return a.fusedOneThread.computeInto(a.inputs, a.gradOut).loss();
  }

  /** The fused pass's scalar fallback (a JVM without the Vector API). */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "-Dhicra.nd4j.vector=false", "-Xms3g", "-Xmx3g",
        "-Dorg.bytedeco.javacpp.maxbytes=6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=12g"
      })
  @RatioTo(baseline = "stream")
  public double fusedScalarFallback(Arrays a) {
    return a.fused.computeInto(a.inputs, a.gradOut).loss();
  }

  /** ND4J op by op, as on a GPU backend. */
  @Benchmark
  @RatioTo(baseline = "stream")
  public double nd4jOps(Arrays a) {
    return a.ops.computeInto(a.inputs, a.gradOut).loss();
  }

  /** A plain fused Java loop with Math.exp: token-mean clipped surrogate and its gradient. */
  @Benchmark
  @RatioTo(baseline = "stream")
  public double javaScalarLoop(Heap h) {
    float[] lpN = h.logpNew;
    float[] lpO = h.logpOld;
    float[] adv = h.advantages;
    float[] mask = h.mask;
    float[] grad = h.grad;
    int n = lpN.length;
    double count = 0;
    for (int i = 0; i < n; i++) {
      count += mask[i];
    }
    float w = (float) (1.0 / count);
    double loss = 0;
    for (int i = 0; i < n; i++) {
      float d = Math.max(-20f, Math.min(20f, lpN[i] - lpO[i]));
      float r = (float) Math.exp(d);
      float a = adv[i];
      float l1 = r * a;
      float l2 = Math.max(0.8f, Math.min(1.28f, r)) * a;
      boolean clipped = l2 < l1;
      float m = mask[i];
      loss -= m * (clipped ? l2 : l1);
      grad[i] = clipped ? 0f : -l1 * m * w;
    }
    return loss * w;
  }

  /** Bandwidth floor: reads the same four arrays and writes one, trivial arithmetic. */
  @Benchmark
  public float[] stream(Heap h) {
    streamRange(h, 0, h.logpNew.length);
    return h.grad;
  }

  /**
   * The bandwidth floor on every core: {@link #stream} cut into one slice per available
   * processor, run on the common fork-join pool and the calling thread.
   */
  @Benchmark
  public float[] streamParallel(Heap h) {
    int n = h.logpNew.length;
    int parts = Runtime.getRuntime().availableProcessors();
    IntStream.range(0, parts).parallel().forEach(
        k -> streamRange(h, (int) ((long) n * k / parts), (int) ((long) n * (k + 1) / parts)));
    return h.grad;
  }

  private static void streamRange(Heap h, int from, int to) {
    float[] lpN = h.logpNew;
    float[] lpO = h.logpOld;
    float[] adv = h.advantages;
    float[] mask = h.mask;
    float[] grad = h.grad;
    for (int i = from; i < to; i++) {
      grad[i] = (lpN[i] - lpO[i]) * adv[i] * mask[i];
    }
  }

  /** One-array copy (8 bytes per token), as in the hicra-core benchmark. */
  @Benchmark
  public float[] copy(Heap h) {
    System.arraycopy(h.copySource, 0, h.grad, 0, h.copySource.length);
    return h.grad;
  }
}
