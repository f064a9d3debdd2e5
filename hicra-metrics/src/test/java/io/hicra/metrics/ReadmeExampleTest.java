package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.BatchLayout;
import io.hicra.core.Groups;
import io.hicra.core.TokenMask;
import io.hicra.grams.GramMatch;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's usage example, compiled and run. */
class ReadmeExampleTest {
  @Test
  void perStepUsage() throws Exception {
    List<String> texts = BatchMetricsTest.TEXTS;
    List<List<GramMatch>> matches = Fixtures.findAll(texts, Fixtures.GRAMS);
    double[] rewards = {1, 0, 0, 1};
    boolean[] correct = {true, false, false, true};
    int[] promptIds = {7, 7, 9, 9};
    BatchLayout layout = BatchLayout.ofLengths(3, 2, 4, 1);
    float[] logProbs = {-0.5f, -1f, -0.25f, -2f, -0.5f, -0.125f, -1f, -3f, -0.5f, -0.25f};
    float[] entropies = {0.5f, 2f, 0.25f, 3f, 1f, 0f, 1.5f, 2.5f, 0.75f, 0.1f};
    TokenMask planning = TokenMask.of(10, 1, 3, 7);

    DynamicsTracker tracker = DynamicsTracker.builder()
        .metrics(BatchMetrics.builder().passAtK(1, 2).build())
        .build();
    for (long step = 0; step < 3; step++) {
      RolloutBatch batch = RolloutBatch.builder(texts.size())
          .texts(texts)
          .matches(matches)
          .rewards(rewards)
          .correct(correct)
          .groups(Groups.of(promptIds))
          .tokens(layout, logProbs, entropies, planning)
          .build();
      StepMetrics m = tracker.record(step, batch);
      assertThat(m.get(StepMetrics.SEMANTIC_ENTROPY)).isPositive();
      assertThat(m.semanticEntropy().orElseThrow().counts()).isNotEmpty();
    }
    StringWriter csv = new StringWriter();
    tracker.writeCsv(csv);
    StringWriter json = new StringWriter();
    tracker.writeJson(json);
    RisingTurn turn = tracker.semanticEntropyTurn();
    assertThat(csv.toString().lines()).hasSize(4);
    assertThat(json.toString()).contains("\"semanticEntropyTurn\"");
    assertThat(turn.found()).isFalse(); // three equal steps: no turn

    assertThat(TokenEntropy.fromLogits(new float[] {1, 2, 3})).isPositive();
    assertThat(PassAtK.passAtK(16, 3, 8)).isBetween(0.0, 1.0);
    assertThat(ForkTokens.overlap(entropies, layout, planning).topInPlanning()).isEqualTo(1.0);
  }

  @Test
  void batchPartsAreNotCopied() {
    float[] logProbs = {-1f, -1f};
    RolloutBatch batch = RolloutBatch.builder(1)
        .tokens(BatchLayout.ofLengths(2), logProbs, null, null).build();
    logProbs[0] = -3f;
    assertThat(batch.logProbs()).isSameAs(logProbs);
    assertThat(BatchMetrics.defaults().compute(0, batch).get(StepMetrics.PERPLEXITY))
        .isEqualTo(Math.exp(2.0));
  }

  @Test
  void customClusterLabels() {
    GramClusters clusters = new GramClusters() {
      @Override
      public int clusterOf(int gramId) {
        return gramId % 2;
      }

      @Override
      public String label(int clusterId) {
        return clusterId == 0 ? "even" : "odd";
      }
    };
    GramEntropy h = SemanticEntropy.builder().grouping(GramGrouping.byCluster(clusters)).build()
        .compute(SemanticEntropyTest.batch());
    // ids: let's try 0 (x3), we can use 1 (x2), consider 2 (x1), let me check 3 (x1)
    assertThat(h.counts()).containsExactly(new GramCount("even", 4), new GramCount("odd", 3));
    assertThat(GramGrouping.byCluster(clusters).name()).isEqualTo("cluster");
  }
}
