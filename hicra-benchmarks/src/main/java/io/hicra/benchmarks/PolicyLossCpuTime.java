package io.hicra.benchmarks;

import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossConfig;
import io.hicra.nd4j.PolicyLossInputs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The calls of {@link PolicyLossBenchmark} timed by the calling thread's CPU time after warm-up,
 * which a shared, overloaded machine distorts less than wall-clock throughput (it does not count
 * time the thread waits for a core). Prints ns/token (CPU and wall) per path and the ratio of the
 * fused path (on the calling thread only, {@code threads(1)}) to the streaming floor. ND4J ops
 * also run on OpenMP threads the caller's CPU time
 * does not see, so only their wall time is meaningful.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp hicra-benchmarks/target/benchmarks.jar \
 *     io.hicra.benchmarks.PolicyLossCpuTime [repeats]
 * </pre>
 */
public final class PolicyLossCpuTime {
  private PolicyLossCpuTime() {}

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rows = 512;
    int width = 32768;
    int n = rows * width;
    float[] lpN = new float[n];
    float[] lpO = new float[n];
    float[] adv = new float[n];
    float[] mask = new float[n];
    float[] grad = new float[n];
    PolicyLossBenchmark.fill(rows, width, lpN, lpO, adv, mask);
    long[] shape = {rows, width};
    PolicyLossInputs in =
        PolicyLossInputs.padded(
            Nd4j.create(lpN, shape, 'c'), Nd4j.create(lpO, shape, 'c'), Nd4j.create(adv, shape, 'c'),
            Nd4j.create(mask, shape, 'c'));
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    // One thread: the calling thread's CPU time must be all of the call's CPU time.
    PolicyLoss fused = PolicyLoss.of(PolicyLossConfig.builder().threads(1).build());
    PolicyLoss ops =
        PolicyLoss.of(PolicyLossConfig.builder().engine(PolicyLossConfig.Engine.ND4J_OPS).build());
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    System.out.println("fused engine: " + fused.engineFor(in));

    double[] f = time(bean, repeats, n, () -> fused.computeInto(in, out));
    double[] s = time(bean, repeats, n, () -> stream(lpN, lpO, adv, mask, grad));
    double[] o = time(bean, Math.max(2, repeats / 4), n, () -> ops.computeInto(in, out));
    System.out.printf(Locale.ROOT,
        "fused: %.2f ns/token CPU, %.2f wall%nstream floor: %.2f ns/token CPU, %.2f wall%n"
            + "nd4j ops: %.2f ns/token wall%nfused / stream (CPU): %.2f%n",
        f[0], f[1], s[0], s[1], o[1], s[0] / f[0]);
  }

  private static void stream(float[] a, float[] b, float[] c, float[] m, float[] out) {
    for (int i = 0; i < a.length; i++) {
      out[i] = (a[i] - b[i]) * c[i] * m[i];
    }
  }

  /** Minimum over {@code repeats} calls after as many warm-up calls: {CPU, wall} ns per token. */
  private static double[] time(ThreadMXBean bean, int repeats, int n, Runnable call) {
    for (int i = 0; i < repeats; i++) {
      call.run();
    }
    double cpu = Double.MAX_VALUE;
    double wall = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long c0 = bean.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      call.run();
      cpu = Math.min(cpu, (bean.getCurrentThreadCpuTime() - c0) / (double) n);
      wall = Math.min(wall, (System.nanoTime() - w0) / (double) n);
    }
    return new double[] {cpu, wall};
  }
}
