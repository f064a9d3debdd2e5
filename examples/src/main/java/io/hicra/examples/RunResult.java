package io.hicra.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run produced: a metrics row per RL step, an evaluation row per held-out evaluation,
 * how many planning tokens were found in sampled rollouts, and the wall time of each phase.
 */
public final class RunResult {
  private final RunConfig config;
  private final List<Map<String, Double>> steps;
  private final List<Map<String, Double>> evals;
  private final String dynamicsCsv;
  private final long semanticEntropyTurn;
  private final long planningTokens;
  private final double warmupSeconds;
  private final double rlSeconds;

  RunResult(RunConfig config, List<Map<String, Double>> steps, List<Map<String, Double>> evals,
      String dynamicsCsv, long semanticEntropyTurn, long planningTokens, double warmupSeconds,
      double rlSeconds) {
    this.dynamicsCsv = dynamicsCsv;
    this.semanticEntropyTurn = semanticEntropyTurn;
    this.config = config;
    this.steps = Collections.unmodifiableList(steps);
    this.evals = Collections.unmodifiableList(evals);
    this.planningTokens = planningTokens;
    this.warmupSeconds = warmupSeconds;
    this.rlSeconds = rlSeconds;
  }

  public RunConfig config() {
    return config;
  }

  /** One row per RL step (training-batch metrics). */
  public List<Map<String, Double>> steps() {
    return steps;
  }

  /** One row per held-out evaluation; the first is the warmed-up policy before any RL. */
  public List<Map<String, Double>> evals() {
    return evals;
  }

  /**
   * The step where the tracker found semantic entropy turning from flat or falling to rising, or
   * -1.
   */
  public long semanticEntropyTurn() {
    return semanticEntropyTurn;
  }

  /** Planning tokens found in the sampled training rollouts, over the whole run. */
  public long planningTokens() {
    return planningTokens;
  }

  public double warmupSeconds() {
    return warmupSeconds;
  }

  public double rlSeconds() {
    return rlSeconds;
  }

  /** Held-out pass@1 before RL. */
  public double initialAccuracy() {
    return evals.get(0).get("heldout_pass1");
  }

  /** Held-out pass@1 after the last step. */
  public double finalAccuracy() {
    return evals.get(evals.size() - 1).get("heldout_pass1");
  }

  /** The first evaluated step whose held-out pass@1 reaches {@code target}, or -1. */
  public int stepsTo(double target) {
    for (Map<String, Double> e : evals) {
      if (e.get("heldout_pass1") >= target) {
        return e.get("step").intValue();
      }
    }
    return -1;
  }

  /**
   * Writes {@code metrics.csv} (tracker metrics plus the run's own columns), {@code eval.csv} and
   * {@code dynamics.csv} (hicra-metrics' tracker export) into {@code dir}, creating it.
   */
  public void writeCsv(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("metrics.csv"), steps);
    write(dir.resolve("eval.csv"), evals);
    Files.writeString(dir.resolve("dynamics.csv"), dynamicsCsv, StandardCharsets.UTF_8);
  }

  private static void write(Path file, List<Map<String, Double>> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (rows.isEmpty()) {
        return;
      }
      w.write(String.join(",", rows.get(0).keySet()));
      w.write('\n');
      for (Map<String, Double> row : rows) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : row.entrySet()) {
          if (sb.length() > 0) {
            sb.append(',');
          }
          double v = e.getValue();
          sb.append(v == Math.rint(v) && Math.abs(v) < 1e15
              ? Long.toString((long) v)
              : String.format(Locale.ROOT, "%.6g", v));
        }
        w.write(sb.toString());
        w.write('\n');
      }
    }
  }
}
