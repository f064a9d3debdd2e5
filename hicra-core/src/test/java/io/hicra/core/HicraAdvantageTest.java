package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HicraAdvantageTest {

  @Test
  void handComputedExample() {
    // Two rollouts, A = +1.1547 and -0.57735; planning tokens 1, 2 of the first and 0 of the
    // second. alpha = 0.2: 1.1547 * 1.2 = 1.38564, -0.57735 * 0.8 = -0.46188.
    BatchLayout layout = BatchLayout.ofLengths(4, 3);
    TokenMask planning = TokenMask.of(7, 1, 2, 4);
    float[] out = HicraAdvantage.compute(new double[] {1.1547, -0.57735}, layout, planning);
    assertThat(out)
        .containsExactly(1.1547f, 1.38564f, 1.38564f, 1.1547f, -0.46188f, -0.57735f, -0.57735f);
  }

  @Test
  void computeIntoWritesOnlyTheBatchsTokens() {
    BatchLayout layout = BatchLayout.ofLengths(2, 1);
    float[] out = new float[5];
    Arrays.fill(out, 9f);
    HicraAdvantage.computeInto(new double[] {1, -1}, layout, TokenMask.of(3, 0), 0.5, out);
    assertThat(out).containsExactly(1.5f, 1f, -1f, 9f, 9f);
  }

  @Test
  void alphaOneZeroesPlanningPenaltyWithoutFlippingSign() {
    float[] out =
        HicraAdvantage.compute(new double[] {-2}, BatchLayout.ofLengths(2), TokenMask.of(2, 1), 1.0);
    assertThat(out[0]).isEqualTo(-2f);
    assertThat(out[1]).isEqualTo(0f);
  }

  @Test
  void tokenAdvantageScalarForm() {
    assertThat(HicraAdvantage.tokenAdvantage(2, true, 0.2)).isEqualTo(2.4);
    assertThat(HicraAdvantage.tokenAdvantage(-2, true, 0.2)).isEqualTo(-1.6);
    assertThat(HicraAdvantage.tokenAdvantage(-2, false, 0.2)).isEqualTo(-2);
  }

  @Test
  void badInputIsNamed() {
    BatchLayout layout = BatchLayout.ofLengths(2, 2);
    TokenMask mask = TokenMask.empty(4);
    double[] adv = {1, 2};
    assertThatThrownBy(() -> HicraAdvantage.compute(adv, layout, mask, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha must be in [0.0, 1.0], got 1.5");
    assertThatThrownBy(() -> HicraAdvantage.compute(adv, layout, mask, -0.1)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> HicraAdvantage.compute(adv, layout, mask, Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> HicraAdvantage.compute(adv, layout, TokenMask.empty(3)))
        .hasMessageContaining("planningMask covers 3 tokens but the layout has 4");
    assertThatThrownBy(() -> HicraAdvantage.compute(new double[] {1}, layout, mask))
        .hasMessageContaining("sequenceAdvantages has length 1")
        .hasMessageContaining("2");
    assertThatThrownBy(() -> HicraAdvantage.compute(new double[] {1, Double.NaN}, layout, mask))
        .hasMessageContaining("sequenceAdvantages[1] = NaN");
    assertThatThrownBy(() -> HicraAdvantage.computeInto(adv, layout, mask, 0.2, new float[3]))
        .hasMessageContaining("out has length 3");
    assertThatThrownBy(() -> TokenCredit.hicra(2)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> TokenCredit.highEntropyFork(0)).hasMessageContaining("q must be in (0.0, 1.0], got 0.0");
    assertThatThrownBy(() -> TokenCredit.highEntropyFork(1.2)).hasMessageContaining("1.2");
  }

  @Test
  void uniformCreditBroadcasts() {
    float[] out =
        TokenCredit.uniform().assign(new double[] {0.5, 3, -1}, BatchLayout.ofLengths(1, 0, 2), null, null);
    assertThat(out).containsExactly(0.5f, -1f, -1f);
  }

  @Test
  void hicraCreditMatchesEntryPoint() {
    BatchLayout layout = BatchLayout.ofLengths(3, 3);
    TokenMask mask = TokenMask.of(6, 0, 4);
    double[] adv = {0.7, -0.3};
    assertThat(TokenCredit.hicra(0.3).assign(adv, layout, mask, null))
        .containsExactly(HicraAdvantage.compute(adv, layout, mask, 0.3));
    assertThat(TokenCredit.hicra().name()).isEqualTo("hicra(alpha=0.2)");
  }
}
