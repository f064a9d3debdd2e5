package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs in a second Surefire execution whose JVM lacks {@code --add-modules jdk.incubator.vector}
 * (system property {@code hicra.expectScalar=true}): the scalar kernel is chosen, says why, and
 * gives the float64 numbers to float tolerance.
 */
class KernelFallbackTest {
  @Test
  void scalarKernelRunsWithoutTheVectorModule() {
    assumeTrue(Boolean.getBoolean("hicra.expectScalar"), "only in the no-Vector-API execution");
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
    assertThat(PolicyLoss.fusedKernelDescription())
        .isEqualTo("scalar (module jdk.incubator.vector not in the boot layer (start the JVM with"
            + " --add-modules jdk.incubator.vector))");
    PolicyLossConfig config = PolicyLossConfig.builder().dualClip().kl(KlEstimator.K3, 0.05).build();
    TestBatch batch = new TestBatch(11, 5, 61, 1, true);
    PolicyLossResult exact = PolicyLoss.of(config).compute(batch.inputs(config, DataType.DOUBLE, false));
    PolicyLossInputs in = batch.inputs(config, DataType.FLOAT, false);
    assertThat(PolicyLoss.of(config).engineFor(in)).isEqualTo("fused: scalar");
    EngineAgreementTest.assertClose(PolicyLoss.of(config).compute(in), exact, 2e-5);
  }
}
