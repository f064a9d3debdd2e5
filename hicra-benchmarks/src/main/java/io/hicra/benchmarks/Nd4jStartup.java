package io.hicra.benchmarks;

import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossConfig;
import io.hicra.nd4j.PolicyLossInputs;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J start-up, measured in a fresh JVM (JMH's shared warm-up settings would hide it): time to
 * the first array (backend discovery, native library load), to the first eager loss on the fused
 * path and on the ND4J-ops path, and the same calls again once warm. Run it a few times:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp hicra-benchmarks/target/benchmarks.jar \
 *     io.hicra.benchmarks.Nd4jStartup
 * </pre>
 */
public final class Nd4jStartup {
  private Nd4jStartup() {}

  public static void main(String[] args) {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    INDArray first = Nd4j.create(new float[] {-1f, -2f, -0.5f, -0.1f}, new long[] {2, 2}, 'c');
    long t1 = System.nanoTime();
    INDArray mask = Nd4j.ones(first.dataType(), 2, 2);
    PolicyLossInputs in = PolicyLossInputs.padded(first, first.add(0.1f), mask, mask);
    PolicyLoss.defaults().compute(in);
    long t2 = System.nanoTime();
    PolicyLoss ops = PolicyLoss.of(PolicyLossConfig.builder().engine(PolicyLossConfig.Engine.ND4J_OPS).build());
    ops.compute(in);
    long t3 = System.nanoTime();
    PolicyLoss.defaults().compute(in);
    long t4 = System.nanoTime();
    ops.compute(in);
    long t5 = System.nanoTime();
    System.out.printf(Locale.ROOT,
        "JVM start to main: %d ms%n"
            + "first INDArray (backend + natives): %.1f ms%n"
            + "first fused loss: %.1f ms%n"
            + "first nd4j-ops loss: %.1f ms%n"
            + "second fused loss: %.3f ms, second nd4j-ops loss: %.3f ms%n"
            + "backend: %s; fused kernel: %s%n",
        Math.max(0, System.currentTimeMillis() - jvmStart - (t5 - t0) / 1_000_000),
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6,
        Nd4j.getBackend().getClass().getSimpleName(), PolicyLoss.fusedKernelDescription());
  }
}
