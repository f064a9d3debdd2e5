package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.nd4j.PolicyLossConfig.Aggregation;
import io.hicra.nd4j.PolicyLossConfig.EmptySequences;
import io.hicra.nd4j.PolicyLossConfig.Engine;
import io.hicra.nd4j.PolicyLossConfig.KlEstimator;
import org.junit.jupiter.api.Test;

class PolicyLossConfigTest {
  @Test
  void defaultsAreDapoClipHigherWithVerlClamps() {
    PolicyLossConfig c = PolicyLossConfig.defaults();
    assertThat(c.clipLow()).isEqualTo(0.2);
    assertThat(c.clipHigh()).isEqualTo(0.28);
    assertThat(c.dualClipEnabled()).isFalse();
    assertThat(c.dualClip()).isNaN();
    assertThat(c.klEstimator()).isEqualTo(KlEstimator.NONE);
    assertThat(c.usesReference()).isFalse();
    assertThat(c.entropyCoefficient()).isZero();
    assertThat(c.aggregation()).isEqualTo(Aggregation.TOKEN_MEAN);
    assertThat(c.emptySequences()).isEqualTo(EmptySequences.EXCLUDE);
    assertThat(c.sumNormConstant()).isZero();
    assertThat(c.logRatioClamp()).isEqualTo(20.0);
    assertThat(c.klClamp()).isEqualTo(10.0);
    assertThat(c.engine()).isEqualTo(Engine.AUTO);
    assertThat(PolicyLossConfig.builder().dualClip().build().dualClip()).isEqualTo(3.0);
  }

  @Test
  void valueSemanticsAndCopies() {
    PolicyLossConfig a =
        PolicyLossConfig.builder().clip(0.1, 0.3).dualClip(4).kl(KlEstimator.K3, 0.01)
            .entropyCoefficient(0.001).aggregation(Aggregation.SEQ_MEAN_TOKEN_SUM)
            .emptySequences(EmptySequences.INCLUDE).sumNormConstant(8).logRatioClamp(15)
            .klClamp(5).engine(Engine.ND4J_OPS).build();
    PolicyLossConfig b = a.toBuilder().build();
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a).isNotSameAs(a);
    assertThat(a.toBuilder().noDualClip().build()).isNotEqualTo(a);
    assertThat(a.toString()).contains("dualClip=4.0", "kl=K3*0.01", "SEQ_MEAN_TOKEN_SUM", "INCLUDE");
    assertThat(PolicyLossConfig.defaults().toString()).contains("dualClip=off", "sumNormConstant=padded length");
  }
}
