package io.hicra.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command-line runner of the example RL run.
 *
 * <pre>
 * RlExample [--algo grpo|hicra|entropy] [--seed N] [--quick] [--steps N] [--warmup N] [--lr X] [--log]
 *           [--out DIR]
 * </pre>
 *
 * <p>Writes {@code DIR/<algo>-seed<N>/metrics.csv}, {@code eval.csv} and {@code dynamics.csv}
 * (default {@code DIR} is {@code target/rl-runs}) and prints held-out accuracy as it goes. With
 * {@code --log}, also {@code rollouts.jsonl}, every training rollout in hicra's rollout-log
 * format, for {@code hicra analyze} and its report. Then (re)writes {@code DIR/report.html}
 * ({@link ComparisonReport}), which draws every run found in {@code DIR} — run it once per
 * algorithm with the same {@code --out} to see them on the same axes.
 */
public final class RlExample {
  private RlExample() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Algorithm algo = Algorithm.HICRA;
    long seed = 1;
    boolean quick = false;
    boolean log = false;
    double lr = -1;
    int steps = -1;
    int warmup = -1;
    Path out = Path.of("target", "rl-runs");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--algo" -> algo = Algorithm.parse(value(args, ++i, "--algo"));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--quick" -> quick = true;
        case "--log" -> log = true;
        case "--lr" -> lr = Double.parseDouble(value(args, ++i, "--lr"));
        case "--steps" -> steps = Integer.parseInt(value(args, ++i, "--steps"));
        case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, "--warmup"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    RunConfig config = quick ? RunConfig.quick(algo, seed) : RunConfig.defaults(algo, seed);
    if (steps >= 0) {
      config = config.withSteps(steps);
    }
    if (lr > 0) {
      config = config.withLearningRate(lr);
    }
    if (warmup >= 0) {
      config = config.withWarmup(warmup);
    }
    Path dir = out.resolve(algo.id() + "-seed" + seed);
    Files.createDirectories(dir);
    RunResult r;
    if (log) {
      try (Writer w = Files.newBufferedWriter(dir.resolve("rollouts.jsonl"), StandardCharsets.UTF_8)) {
        r = RlRun.run(config, System.out, w);
      }
    } else {
      r = RlRun.run(config, System.out);
    }
    r.writeCsv(dir);
    System.out.printf(Locale.ROOT,
        "%s seed %d: held-out pass@1 %.3f -> %.3f, steps to %.2f: %d, warm-up %.1fs, RL %.1fs, csv in %s%n",
        algo.id(), seed, r.initialAccuracy(), r.finalAccuracy(), config.targetAccuracy(),
        r.stepsTo(config.targetAccuracy()), r.warmupSeconds(), r.rlSeconds(), dir);
    Path report = ComparisonReport.write(out, out.resolve("report.html"));
    if (report != null) {
      System.out.println("wrote " + report);
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }
}
