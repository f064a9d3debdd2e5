package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.BatchLayout;
import io.hicra.core.GroupAdvantages;
import io.hicra.core.Groups;
import io.hicra.core.HicraAdvantage;
import io.hicra.core.TokenMask;
import io.hicra.grams.TokenAligner;
import io.hicra.grams.TokenSpans;
import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The end-to-end snippet of hicra-nd4j/README.md, run verbatim (hicra-nd4j cannot test it: it does
 * not depend on hicra-grams). Only {@code metrics.log(r.stats())} is replaced by assertions.
 */
class Nd4jReadmeSnippetTest {

  @Test
  void readmeSnippetRunsOnRealText() {
    // Two rollouts of one prompt, tokenised by words and spaces (code-point offsets).
    String[] texts = {"Wait, let me check the sum.", "The sum is 7."};
    int[][] starts = {{0, 5, 6, 9, 10, 12, 13, 18, 19, 22}, {0, 3, 4, 7, 8, 10, 11}};
    int[][] ends = {{5, 6, 9, 10, 12, 13, 18, 19, 22, 27}, {3, 4, 7, 8, 10, 11, 13}};
    int[] tokenCounts = {starts[0].length, starts[1].length};
    double[] rewards = {1, 0};
    int[] promptIds = {3, 3};
    float[] logpNew = new float[17];
    float[] logpOld = new float[17];
    java.util.Arrays.fill(logpNew, -1.0f);
    java.util.Arrays.fill(logpOld, -1.0f);

    BatchLayout layout = BatchLayout.ofLengths(tokenCounts);                    // one entry per rollout
    TokenMask planning = TokenMask.empty(layout.tokens());
    TokenAligner aligner = TokenAligner.defaultAligner();                        // hicra-grams
    for (int i = 0; i < layout.rollouts(); i++) {                                // Strategic Grams -> tokens
      aligner.mark(texts[i], TokenSpans.ofCodePoints(texts[i], starts[i], ends[i]), planning, layout, i);
    }
    double[] seqAdv = GroupAdvantages.compute(rewards, Groups.of(promptIds));    // GRPO
    float[] tokenAdv = HicraAdvantage.compute(seqAdv, layout, planning);         // HICRA, α = 0.2
    PolicyLossResult r = PolicyLoss.defaults().compute(layout,                   // clip 0.2 / 0.28, token-mean
        Nd4j.createFromArray(logpNew), Nd4j.createFromArray(logpOld), Nd4j.createFromArray(tokenAdv));
    double loss = r.loss();
    INDArray dLossDLogp = r.gradLogpNew();                                       // chain into the model

    // "Wait, let me check" spans tokens 0..6 of the first rollout (the gram is in the default
    // lexicon); nothing in the second rollout is strategic.
    assertThat(planning.rollout(layout, 0).toBooleans())
        .containsExactly(true, true, true, true, true, true, true, false, false, false);
    assertThat(planning.rollout(layout, 1).cardinality()).isZero();
    // Rewards {1, 0}: mean 0.5, sample std sqrt(0.5), A = ±0.5/(sqrt(0.5) + 1e-6);
    // planning tokens of the winner get 1.2 A.
    double a = 0.5 / (Math.sqrt(0.5) + 1e-6);
    assertThat(tokenAdv[0]).isEqualTo((float) (1.2 * a));
    assertThat(tokenAdv[9]).isEqualTo((float) a);
    assertThat(tokenAdv[10]).isEqualTo((float) -a);
    // Ratio 1 everywhere: loss = -mean(Â), gradient = -Â / 17 per token.
    double meanAdv = 0;
    for (float v : tokenAdv) {
      meanAdv += v;
    }
    meanAdv /= tokenAdv.length;
    assertThat(loss).isCloseTo(-meanAdv, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(dLossDLogp.getDouble(0))
        .isCloseTo(-tokenAdv[0] / 17.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(r.stats()).isNotNull();
  }
}
