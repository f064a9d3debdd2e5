package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The README's quick start, verbatim, with the values it produces checked by hand. */
class ReadmeQuickStartTest {

  @Test
  void quickStartRunsAndGivesTheDocumentedNumbers() {
    // 6 rollouts answering 2 prompts, 40 tokens in all.
    BatchLayout layout = BatchLayout.ofLengths(8, 5, 7, 6, 9, 5);
    Groups groups = Groups.of(0, 0, 0, 1, 1, 1);
    double[] rewards = {1, 0, 0, 1, 1, 0};

    // GRPO sequence advantages: verl's convention (sample std, eps 1e-6).
    double[] seq = GroupAdvantages.compute(rewards, groups, AdvantageConfig.defaults());

    // Planning tokens (from hicra-grams in practice): tokens 2 and 3 of the first rollout.
    TokenMask planning = TokenMask.of(layout.tokens(), 2, 3);

    // HICRA token advantages: A + 0.2·|A| on planning tokens, A elsewhere.
    float[] tokenAdvantages = HicraAdvantage.compute(seq, layout, planning, 0.2);

    assertThat(layout.tokens()).isEqualTo(40);
    // group 0: (1 - 1/3) / (0.5773502691896257 + 1e-6) = 1.1546985383827155
    assertThat(seq[0]).isCloseTo(1.1546985383827155, within(1e-13));
    assertThat(tokenAdvantages[0]).isEqualTo((float) 1.1546985383827155);
    assertThat(tokenAdvantages[2]).isEqualTo((float) (1.2 * 1.1546985383827155));
    assertThat(tokenAdvantages[3]).isEqualTo((float) (1.2 * 1.1546985383827155));
    assertThat(tokenAdvantages[8]).isEqualTo((float) -0.5773492691913577);
  }
}
