package io.hicra.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.BatchLayout;
import io.hicra.core.GroupAdvantages;
import io.hicra.core.Groups;
import io.hicra.core.HicraAdvantage;
import io.hicra.core.Padding;
import io.hicra.core.TokenMask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The README's pipeline: rollouts → planning mask → GRPO → HICRA → loss → gradient. */
class EndToEndTest {
  @Test
  void readmeSnippetRaggedAndPadded() {
    // Four answers to one prompt: token counts, rewards, log-probs from the sampler and trainer.
    BatchLayout layout = BatchLayout.ofLengths(5, 3, 6, 4);
    TokenMask planning = TokenMask.of(layout.tokens(), 0, 1, 8, 9); // hicra-grams' TokenAligner in practice
    double[] seqAdv = GroupAdvantages.compute(new double[] {1, 0, 0, 1}, Groups.of(0, 0, 0, 0));
    float[] tokenAdv = HicraAdvantage.compute(seqAdv, layout, planning); // α = 0.2
    float[] logpOld = new float[layout.tokens()];
    float[] logpNew = new float[layout.tokens()];
    for (int t = 0; t < logpOld.length; t++) {
      logpOld[t] = -0.1f * (t % 5) - 0.05f;
      logpNew[t] = logpOld[t] + 0.02f * ((t % 3) - 1);
    }
    PolicyLossResult r =
        PolicyLoss.defaults().compute(
            layout, Nd4j.createFromArray(logpNew), Nd4j.createFromArray(logpOld),
            Nd4j.createFromArray(tokenAdv));
    INDArray grad = r.gradLogpNew();

    // Near r = 1 every token is inside the clip range: ∂loss/∂logp_t = −r_t·Â_t / N.
    double n = layout.tokens();
    for (int t = 0; t < logpOld.length; t++) {
      double ratio = Math.exp((double) logpNew[t] - logpOld[t]);
      assertThat(grad.getDouble(t)).isCloseTo(-ratio * tokenAdv[t] / n, org.assertj.core.data.Offset.offset(1e-7));
    }
    // Planning tokens of the correct rollout 0 get (1 + α) times the push of its other tokens.
    assertThat(tokenAdv[0] / tokenAdv[2]).isCloseTo(1.2f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(r.stats().validTokens()).isEqualTo(18);

    // The same batch padded to [B, T] with a response mask gives the same numbers.
    int width = layout.maxLength();
    PolicyLossResult p =
        PolicyLoss.defaults().compute(
            Nd4j.create(Padding.pad(logpNew, layout, width, 0f), 4, width),
            Nd4j.create(Padding.pad(logpOld, layout, width, 0f), 4, width),
            Nd4j.create(Padding.pad(tokenAdv, layout, width, 0f), 4, width),
            Nd4j.create(Padding.responseMask(layout, width), 4, width));
    assertThat(p.loss()).isCloseTo(r.loss(), org.assertj.core.data.Offset.offset(1e-7));
    float[] unpadded = Padding.unpad(p.gradLogpNew().data().asFloat(), layout, width);
    for (int t = 0; t < unpadded.length; t++) {
      assertThat(unpadded[t]).isCloseTo(grad.getFloat(t), org.assertj.core.data.Offset.offset(1e-7f));
    }
  }
}
