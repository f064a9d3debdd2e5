package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.nd4j.PolicyLossResult;
import org.junit.jupiter.api.Test;

class CustomLoopExampleTest {
  @Test
  void gradientRaisesRewardedRolloutsAndLowersTheOthersMoreOnPlanningTokens() {
    PolicyLossResult r = CustomLoopExample.run();
    float[] g = r.gradLogpNew().toFloatVector();
    assertThat(g).hasSize(38);
    // Rollout 0 (reward 1): "we can use the fact that" is planning, A(1 + 0.2) vs A elsewhere.
    assertThat(g[0]).isNegative();
    assertThat(g[0] / g[6]).isCloseTo(1.2f, org.assertj.core.data.Offset.offset(1e-4f));
    // Rollout 1 (reward 0): pushed down.
    assertThat(g[14]).isPositive();
    assertThat(Double.isFinite(r.loss())).isTrue();
  }

  @Test
  void whitespaceSpansAreHalfOpen() {
    int[][] s = CustomLoopExample.whitespaceSpans("ab  c d");
    assertThat(s[0]).containsExactly(0, 4, 6);
    assertThat(s[1]).containsExactly(2, 5, 7);
  }
}
