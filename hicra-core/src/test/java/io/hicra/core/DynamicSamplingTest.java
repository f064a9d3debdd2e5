package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynamicSamplingTest {

  @Test
  void dropsGroupsWithoutSignal() {
    double[] rewards = {1, 0, 1, 1, 0, 0, 2};
    Groups groups = Groups.of(0, 0, 1, 1, 2, 2, 3);
    assertThat(DynamicSampling.informativeGroups(rewards, groups)).containsExactly(true, false, false, false);

    DynamicSampling.Selection sel = DynamicSampling.keepInformative(rewards, groups);
    assertThat(sel.keptRollouts()).containsExactly(0, 1);
    assertThat(sel.droppedGroups()).isEqualTo(3);
    assertThat(sel.droppedCount()).isEqualTo(5);
    assertThat(sel.select(rewards)).containsExactly(1, 0);
    assertThat(sel.select(groups).count()).isEqualTo(1);
  }

  @Test
  void selectsTokensAndMaskBits() {
    double[] rewards = {0, 0, 1, 0};
    Groups groups = Groups.of(7, 7, 8, 8);
    BatchLayout layout = BatchLayout.ofLengths(2, 3, 1, 2);
    float[] tokens = {1, 2, 3, 4, 5, 6, 7, 8};
    TokenMask mask = TokenMask.of(8, 1, 4, 5, 7);
    DynamicSampling.Selection sel = DynamicSampling.keepInformative(rewards, groups);
    assertThat(sel.select(layout)).isEqualTo(BatchLayout.ofLengths(1, 2));
    assertThat(sel.selectTokens(tokens, layout)).containsExactly(6, 7, 8);
    assertThat(sel.selectTokens(mask, layout)).isEqualTo(TokenMask.of(3, 0, 2));
  }
}
