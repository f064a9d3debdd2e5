package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example run as the library's integration test: {@code --quick} with a fixed seed for GRPO
 * and HICRA (the entropy baseline once, shorter), every module in the loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlRunIntegrationTest {
  private static final long SEED = 7;
  private RunResult grpo;
  private RunResult hicra;

  @BeforeAll
  void run() {
    grpo = RlRun.run(RunConfig.quick(Algorithm.GRPO, SEED), null);
    hicra = RlRun.run(RunConfig.quick(Algorithm.HICRA, SEED), null);
  }

  @Test
  void heldOutAccuracyRisesWellAboveThePolicyBeforeRl() {
    for (RunResult r : List.of(grpo, hicra)) {
      // Mean held-out pass@1 of the last three evaluations (steps 80, 90, 100; 200 samples each).
      List<Map<String, Double>> ev = r.evals();
      double late = ev.subList(ev.size() - 3, ev.size()).stream()
          .mapToDouble(e -> e.get("heldout_pass1")).average().orElseThrow();
      assertThat(late)
          .as("%s: held-out pass@1 %.3f before RL, evals %s", r.config().algorithm(),
              r.initialAccuracy(), ev)
          .isGreaterThanOrEqualTo(r.initialAccuracy() + 0.07)
          .isGreaterThanOrEqualTo(1.8 * r.initialAccuracy());
    }
  }

  @Test
  void everyTrackedMetricIsFinite() {
    for (RunResult r : List.of(grpo, hicra)) {
      assertThat(r.steps()).hasSize(r.config().steps());
      for (List<Map<String, Double>> rows : List.of(r.steps(), r.evals())) {
        for (Map<String, Double> row : rows) {
          row.forEach((k, v) -> assertThat(Double.isFinite(v))
              .as("%s step %s: %s = %s", r.config().algorithm(), row.get("step"), k, v).isTrue());
        }
      }
      assertThat(r.steps().get(0)).containsKeys("semantic_entropy", "token_entropy_planning",
          "token_entropy_execution", "relative_perplexity_planning",
          "relative_perplexity_execution", "accuracy", "planning_token_ratio");
    }
  }

  @Test
  void planningTokensAreFoundInSampledRollouts() {
    for (RunResult r : List.of(grpo, hicra)) {
      assertThat(r.planningTokens()).isPositive();
      for (Map<String, Double> row : r.steps()) {
        assertThat(row.get("planning_token_ratio")).isGreaterThan(0.0);
      }
    }
  }

  @Test
  void hicraAndGrpoShareTheBaseModelButNotTheirUpdates() {
    assertThat(hicra.evals().get(0)).isEqualTo(grpo.evals().get(0));
    // Same policy, same first batch: every batch metric agrees; the loss and gradient do not,
    // since HICRA credits the planning tokens differently.
    Map<String, Double> h0 = new java.util.HashMap<>(hicra.steps().get(0));
    Map<String, Double> g0 = new java.util.HashMap<>(grpo.steps().get(0));
    assertThat(h0.remove("loss")).isNotEqualTo(g0.remove("loss"));
    assertThat(h0.remove("grad_norm")).isNotEqualTo(g0.remove("grad_norm"));
    assertThat(h0).isEqualTo(g0);
    assertThat(hicra.steps()).isNotEqualTo(grpo.steps());
  }

  @Test
  void sameSeedGivesIdenticalMetrics() {
    RunResult again = RlRun.run(RunConfig.quick(Algorithm.GRPO, SEED).withSteps(20), null);
    assertThat(again.steps()).isEqualTo(grpo.steps().subList(0, 20));
    assertThat(again.evals()).isEqualTo(grpo.evals().subList(0, 3));
  }

  @Test
  void warmUpIsDeterministic() {
    RunConfig c = RunConfig.quick(Algorithm.GRPO, 3).withWarmup(5);
    HierarchicalTask task = new HierarchicalTask(c.families(), c.taskSeed());
    Policy a = new Policy(task.vocabulary().size(), 1, 32, 11);
    Policy b = new Policy(task.vocabulary().size(), 1, 32, 11);
    RlRun.warmUp(c, task, a, new java.util.SplittableRandom(4));
    RlRun.warmUp(c, task, b, new java.util.SplittableRandom(4));
    assertThat(a.parameters()).isEqualTo(b.parameters());
  }

  @Test
  void entropyBaselineRunsAndWritesCsv(@TempDir Path dir) throws Exception {
    RunResult r = RlRun.run(RunConfig.quick(Algorithm.ENTROPY, SEED).withSteps(10), null);
    r.writeCsv(dir);
    for (String f : List.of("metrics.csv", "eval.csv", "dynamics.csv")) {
      List<String> lines = Files.readAllLines(dir.resolve(f));
      assertThat(lines.size()).as(f).isGreaterThan(1);
      assertThat(String.join("\n", lines)).doesNotContain("NaN", "Infinity");
    }
    assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(11);
  }
}
