package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.BatchLayout;
import io.hicra.core.Groups;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchMetricsTest {
  static final List<String> TEXTS = new ArrayList<>(SemanticEntropyTest.TEXTS);

  static {
    TEXTS.add("we can use 3");
  }

  static RolloutBatch fullBatch() {
    BatchLayout layout = BatchLayout.ofLengths(3, 2, 4, 1);
    float[] logProbs = {-0.5f, -1f, -0.25f, -2f, -0.5f, -0.125f, -1f, -3f, -0.5f, -0.25f};
    float[] entropies = {0.5f, 2f, 0.25f, 3f, 1f, 0f, 1.5f, 2.5f, 0.75f, 0.1f};
    TokenMask planning = TokenMask.of(10, 1, 3, 7);
    return RolloutBatch.builder(4)
        .texts(TEXTS)
        .matches(Fixtures.findAll(TEXTS, Fixtures.GRAMS))
        .rewards(new double[] {1, 0, 0, -1})
        .groups(Groups.of(0, 0, 1, 1))
        .tokens(layout, logProbs, entropies, planning)
        .build();
  }

  @Test
  void everyMetricOfAFullBatch() {
    RolloutBatch batch = fullBatch();
    StepMetrics m = BatchMetrics.builder().passAtK(1, 2).build().compute(7, batch);
    assertThat(m.step()).isEqualTo(7);
    assertThat(m.values().keySet()).containsExactly(
        "rollouts", "accuracy", "pass@1", "mean@1", "pass@2", "mean@2", "mean_reward",
        "semantic_entropy", "semantic_entropy_normalized", "distinct_grams", "gram_occurrences",
        "conditional_entropy", "procedural_entropy", "conditional_pairs",
        "mean_response_length", "planning_token_ratio",
        "token_entropy", "token_entropy_planning", "token_entropy_execution",
        "fork_planning_in_top", "fork_top_in_planning",
        "perplexity", "perplexity_planning", "perplexity_execution");
    assertThat(m.get(StepMetrics.ROLLOUTS)).isEqualTo(4);
    assertThat(m.get(StepMetrics.ACCURACY)).isEqualTo(0.25);
    // groups {0,1}: n=2,c=1 and {2,3}: n=2,c=0
    assertThat(m.get("pass@1")).isEqualTo(0.25);
    assertThat(m.get("pass@2")).isEqualTo(0.5);
    assertThat(m.get("mean@2")).isEqualTo(0.25);
    assertThat(m.get(StepMetrics.MEAN_REWARD)).isEqualTo(0.0);
    assertThat(m.get(StepMetrics.MEAN_RESPONSE_LENGTH)).isEqualTo(2.5);
    assertThat(m.get(StepMetrics.PLANNING_TOKEN_RATIO)).isEqualTo(0.3);
    // counts: let's try 3, we can use 3, consider the case 1, let me check 1
    assertThat(m.get(StepMetrics.SEMANTIC_ENTROPY))
        .isCloseTo(Entropy.ofCounts(new long[] {3, 3, 1, 1}), within(1e-15));
    assertThat(m.get(StepMetrics.DISTINCT_GRAMS)).isEqualTo(4);
    assertThat(m.get(StepMetrics.GRAM_OCCURRENCES)).isEqualTo(8);
    assertThat(m.get(StepMetrics.CONDITIONAL_PAIRS)).isEqualTo(8);
    // planning entropies 2, 3, 2.5 -> 2.5; execution: (0.5+0.25+1+0+1.5+0.75+0.1)/7
    assertThat(m.get(StepMetrics.TOKEN_ENTROPY_PLANNING)).isCloseTo(2.5, within(1e-7));
    assertThat(m.get(StepMetrics.TOKEN_ENTROPY_EXECUTION)).isCloseTo(4.1 / 7, within(1e-7));
    // top 20% of 10 tokens = {3.0, 2.5}, both planning
    assertThat(m.get(StepMetrics.FORK_TOP_IN_PLANNING)).isEqualTo(1.0);
    assertThat(m.get(StepMetrics.FORK_PLANNING_IN_TOP)).isCloseTo(2.0 / 3, within(1e-15));
    // planning log-probs -1, -2, -3 -> exp(2)
    assertThat(m.get(StepMetrics.PERPLEXITY_PLANNING)).isCloseTo(Math.exp(2), within(1e-12));
    assertThat(m.semanticEntropy()).isPresent();
    assertThat(m.conditionalEntropy()).isPresent();
    assertThat(m.tokenEntropy().orElseThrow().planningTokens()).isEqualTo(3);
    assertThat(m.perplexity()).isPresent();
    assertThat(m.forkOverlap().orElseThrow().q()).isEqualTo(0.2);
  }

  @Test
  void onlyWhatThePartsAllow() {
    StepMetrics m = BatchMetrics.defaults().compute(0, RolloutBatch.builder(2)
        .correct(new boolean[] {true, false}).build());
    assertThat(m.values().keySet()).containsExactly("rollouts", "accuracy");
    assertThat(m.find(StepMetrics.SEMANTIC_ENTROPY)).isEmpty();
    assertThat(m.has(StepMetrics.ACCURACY)).isTrue();
    assertThatThrownBy(() -> m.get(StepMetrics.SEMANTIC_ENTROPY))
        .hasMessageContaining("step 0 has no metric 'semantic_entropy'");
    BatchLayout layout = BatchLayout.ofLengths(2, 1);
    StepMetrics noPlanning = BatchMetrics.defaults().compute(1, RolloutBatch.builder(2)
        .layout(layout).logProbs(new float[] {-1, -1, -1}).entropies(new float[] {1, 2, 3})
        .build());
    assertThat(noPlanning.values().keySet()).containsExactly(
        "rollouts", "mean_response_length", "token_entropy", "perplexity");
    assertThat(noPlanning.get(StepMetrics.PERPLEXITY)).isCloseTo(Math.E, within(1e-15));
  }

  @Test
  void emptyBatchIsDefinedEverywhere() {
    StepMetrics m = BatchMetrics.defaults().compute(0, RolloutBatch.builder(0)
        .texts(List.of()).matches(List.of()).rewards(new double[0]).groups(Groups.of())
        .tokens(BatchLayout.ofLengths(), new float[0], new float[0], TokenMask.empty(0))
        .build());
    for (double v : m.values().values()) {
      assertThat(v).isFinite();
    }
    assertThat(m.get(StepMetrics.SEMANTIC_ENTROPY)).isZero();
    assertThat(m.get(StepMetrics.PERPLEXITY)).isEqualTo(1.0);
    assertThat(m.get("pass@1")).isZero();
  }

  @Test
  void configurationErrors() {
    assertThatThrownBy(() -> BatchMetrics.builder().passAtK(1, 0))
        .hasMessageContaining("ks[1] = 0 must be >= 1");
    assertThatThrownBy(() -> BatchMetrics.builder().passAtK(2, 2))
        .hasMessageContaining("repeats ks[0]");
    assertThatThrownBy(() -> BatchMetrics.builder().forkQuantile(1.2))
        .hasMessageContaining("q must be in (0, 1), got 1.2");
    assertThatThrownBy(() -> BatchMetrics.builder().passAtK(3).build().compute(0, fullBatch()))
        .hasMessageContaining("k = 3 exceeds the number of samples n = 2 at prompt 0");
  }

  @Test
  void batchBuilderChecksLengths() {
    assertThatThrownBy(() -> RolloutBatch.builder(2).texts(List.of("a")).build())
        .hasMessageContaining("texts has length 1 but the rollout count is 2");
    assertThatThrownBy(() -> RolloutBatch.builder(2).matches(List.of(List.of())).build())
        .hasMessageContaining("matches has length 1");
    assertThatThrownBy(() -> RolloutBatch.builder(1).rewards(new double[] {Double.NaN}).build())
        .hasMessageContaining("rewards[0] = NaN");
    assertThatThrownBy(() -> RolloutBatch.builder(1).correct(new boolean[2]).build())
        .hasMessageContaining("correct has length 2");
    assertThatThrownBy(() -> RolloutBatch.builder(1).groups(Groups.of(1, 1)).build())
        .hasMessageContaining("groups has length 2");
    assertThatThrownBy(() -> RolloutBatch.builder(1).logProbs(new float[1]).build())
        .hasMessageContaining("need a layout");
    assertThatThrownBy(() -> RolloutBatch.builder(1).layout(BatchLayout.ofLengths(1, 1)).build())
        .hasMessageContaining("layout has 2 rollouts but the batch has 1");
    assertThatThrownBy(() -> RolloutBatch.builder(1)
        .tokens(BatchLayout.ofLengths(2), new float[3], null, null).build())
        .hasMessageContaining("logProbs has length 3");
    assertThatThrownBy(() -> RolloutBatch.builder(1)
        .tokens(BatchLayout.ofLengths(2), null, null, TokenMask.empty(3)).build())
        .hasMessageContaining("planning covers 3 tokens");
    assertThatThrownBy(() -> RolloutBatch.builder(-1)).hasMessageContaining("rollouts must be");
    RolloutBatch none = RolloutBatch.builder(1).build();
    assertThatThrownBy(none::layout).hasMessageContaining("the batch has no layout");
    assertThat(none.matches(0)).isEmpty();
    assertThat(none.text(0)).isNull();
  }

  @Test
  void stepMetricsNamesAndValuesAreChecked() {
    assertThatThrownBy(() -> StepMetrics.builder(0).put("a,b", 1))
        .hasMessageContaining("without commas");
    assertThatThrownBy(() -> StepMetrics.builder(0).put("x", Double.NaN))
        .hasMessageContaining("metric 'x' = NaN is not finite");
    StepMetrics m = StepMetrics.builder(3).put("x", 1.5).build();
    assertThat(m.toBuilder().put("y", 2).build().values()).containsEntry("x", 1.5)
        .containsEntry("y", 2.0);
    assertThat(m).isEqualTo(StepMetrics.builder(3).put("x", 1.5).build());
  }
}
