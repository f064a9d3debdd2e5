package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DynamicsTrackerTest {
  static RolloutBatch tokensOnly(float planningLogProb, float executionLogProb) {
    BatchLayout layout = BatchLayout.ofLengths(2, 2);
    return RolloutBatch.builder(2)
        .tokens(layout,
            new float[] {planningLogProb, executionLogProb, executionLogProb, executionLogProb},
            null, TokenMask.of(4, 0))
        .build();
  }

  @Test
  void relativePerplexityIsOverTheFirstStep() {
    DynamicsTracker t = DynamicsTracker.create();
    StepMetrics first = t.record(10, tokensOnly(-2f, -1f));
    StepMetrics second = t.record(20, tokensOnly(-1f, -0.5f));
    assertThat(first.get(StepMetrics.RELATIVE_PERPLEXITY_PLANNING)).isEqualTo(1.0);
    assertThat(first.get(StepMetrics.RELATIVE_PERPLEXITY_EXECUTION)).isEqualTo(1.0);
    assertThat(first.get(StepMetrics.RELATIVE_PERPLEXITY)).isEqualTo(1.0);
    // planning: exp(1) / exp(2); execution: exp(0.5) / exp(1)
    assertThat(second.get(StepMetrics.RELATIVE_PERPLEXITY_PLANNING))
        .isCloseTo(Math.exp(-1), within(1e-12));
    assertThat(second.get(StepMetrics.RELATIVE_PERPLEXITY_EXECUTION))
        .isCloseTo(Math.exp(-0.5), within(1e-12));
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.series(StepMetrics.PERPLEXITY_PLANNING).steps()).containsExactly(10, 20);
    assertThat(t.series("missing").size()).isZero();
  }

  @Test
  void stepsMustIncrease() {
    DynamicsTracker t = DynamicsTracker.create();
    t.record(StepMetrics.builder(5).build());
    assertThatThrownBy(() -> t.record(5, RolloutBatch.builder(0).build()))
        .hasMessageContaining("step 5 does not exceed the last recorded step 5");
    assertThatThrownBy(() -> t.record(StepMetrics.builder(4).build()))
        .hasMessageContaining("step 4 does not exceed");
  }

  @Test
  void csvAndJson() throws Exception {
    DynamicsTracker t = DynamicsTracker.create();
    t.record(StepMetrics.builder(1).put("a", 0.5).put("b", 2).build());
    t.record(StepMetrics.builder(2).put("b", 3).put("c", 1e-20).build());
    assertThat(t.columns()).containsExactly("a", "b", "c");
    assertThat(t.toCsv()).isEqualTo("step,a,b,c\n1,0.5,2,\n2,,3,1.0E-20\n");
    StringWriter w = new StringWriter();
    t.writeJson(w);
    assertThat(w.toString()).isEqualTo("{\"columns\":[\"a\",\"b\",\"c\"],\"steps\":[\n"
        + "{\"step\":1,\"a\":0.5,\"b\":2},\n"
        + "{\"step\":2,\"b\":3,\"c\":1.0E-20}],\n"
        + "\"semanticEntropyTurn\":{\"found\":false,\"step\":-1,\"index\":-1,\"slopeBefore\":0,"
        + "\"slopeAfter\":0,\"fStatistic\":0,\"pValue\":1}}\n");
  }

  @Test
  void flagsTheTurnOfSemanticEntropy() {
    DynamicsTracker t = DynamicsTracker.create();
    for (int s = 0; s < 40; s++) {
      // falls for 15 steps, then rises: the paper's procedural -> strategic phase shift
      double h = s < 15 ? 2.0 - 0.02 * s : 1.7 + 0.04 * (s - 15);
      t.record(StepMetrics.builder(s * 10L).put(StepMetrics.SEMANTIC_ENTROPY, h).build());
    }
    RisingTurn turn = t.semanticEntropyTurn();
    assertThat(turn.found()).isTrue();
    assertThat(turn.step()).isEqualTo(150);
    assertThat(turn.slopeBefore()).isCloseTo(-0.002, within(1e-9));
    assertThat(turn.slopeAfter()).isCloseTo(0.004, within(1e-9));
    assertThat(t.toJson()).contains("\"semanticEntropyTurn\":{\"found\":true,\"step\":150");
    assertThat(t.risingTurn(StepMetrics.SEMANTIC_ENTROPY)).isEqualTo(turn);
  }

  @Test
  void turnDetectionOptionsAreChecked() {
    assertThatThrownBy(() -> DynamicsTracker.builder().turnDetection(1, 0.05, 0.25))
        .hasMessageContaining("minSegment must be >= 2, got 1");
    assertThatThrownBy(() -> DynamicsTracker.builder().turnDetection(3, 0, 0.25))
        .hasMessageContaining("alpha must be in (0, 1)");
    assertThatThrownBy(() -> DynamicsTracker.builder().turnDetection(3, 0.05, -1))
        .hasMessageContaining("flatRatio must be in [0, 1)");
  }

  @Test
  void endToEndOverBatches() {
    DynamicsTracker t = DynamicsTracker.builder()
        .metrics(BatchMetrics.builder().passAtK(1, 2).build()).build();
    t.record(0, BatchMetricsTest.fullBatch());
    t.record(1, BatchMetricsTest.fullBatch());
    String csv = t.toCsv();
    assertThat(csv.lines().count()).isEqualTo(3);
    assertThat(csv.lines().findFirst().orElseThrow())
        .startsWith("step,rollouts,accuracy,pass@1,mean@1,pass@2,mean@2,mean_reward,")
        .endsWith(",relative_perplexity,relative_perplexity_planning,"
            + "relative_perplexity_execution");
    assertThat(t.steps().get(1).get(StepMetrics.RELATIVE_PERPLEXITY)).isEqualTo(1.0);
  }

  @Test
  void keepsValuesButNotDetails() {
    DynamicsTracker t = DynamicsTracker.create();
    StepMetrics returned = t.record(3, BatchMetricsTest.fullBatch());
    assertThat(returned.semanticEntropy()).isPresent();
    StepMetrics kept = t.steps().get(0);
    assertThat(kept.semanticEntropy()).isEmpty();
    assertThat(kept.conditionalEntropy()).isEmpty();
    assertThat(kept.values()).isEqualTo(returned.values());
    assertThat(kept).isEqualTo(returned);
  }
}
