package io.hicra.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the default example for several seeds and algorithms in one JVM (each seed's warm-up is
 * done once and shared by its algorithms), appends one line per run to {@code summary.csv} and
 * writes {@code report.html} ({@link ComparisonReport}): every run in {@code DIR}, one line per
 * algorithm on the same axes.
 *
 * <pre>
 * RlSweep [--seeds 1,2,3] [--algos grpo,hicra,entropy] [--quick] [--out DIR]
 * </pre>
 */
public final class RlSweep {
  private RlSweep() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);
    List<Algorithm> algos = List.of(Algorithm.GRPO, Algorithm.HICRA, Algorithm.ENTROPY);
    boolean quick = false;
    Path out = Path.of("target", "rl-sweep");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seeds" -> {
          List<Long> s = new ArrayList<>();
          for (String x : args[++i].split(",")) {
            s.add(Long.parseLong(x.trim()));
          }
          seeds = s;
        }
        case "--algos" -> {
          List<Algorithm> a = new ArrayList<>();
          for (String x : args[++i].split(",")) {
            a.add(Algorithm.parse(x));
          }
          algos = a;
        }
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    Files.createDirectories(out);
    Path summary = out.resolve("summary.csv");
    if (!Files.exists(summary)) {
      Files.writeString(summary, "algo,seed,steps,initial_pass1,final_pass1,best_pass1,"
          + "steps_to_target,target,semantic_entropy_turn,warmup_s,rl_s\n", StandardCharsets.UTF_8);
    }
    for (long seed : seeds) {
      for (Algorithm a : algos) {
        RunConfig c = quick ? RunConfig.quick(a, seed) : RunConfig.defaults(a, seed);
        RunResult r = RlRun.run(c, System.out);
        r.writeCsv(out.resolve(a.id() + "-seed" + seed));
        double best = r.evals().stream().mapToDouble(e -> e.get("heldout_pass1")).max().orElse(0);
        String line = String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%d,%.2f,%d,%.1f,%.1f%n",
            a.id(), seed, c.steps(), r.initialAccuracy(), r.finalAccuracy(), best,
            r.stepsTo(c.targetAccuracy()), c.targetAccuracy(), r.semanticEntropyTurn(),
            r.warmupSeconds(), r.rlSeconds());
        try (Writer w = Files.newBufferedWriter(summary, StandardCharsets.UTF_8,
            StandardOpenOption.APPEND)) {
          w.write(line);
        }
        System.out.print(line);
      }
    }
    Path report = ComparisonReport.write(out, out.resolve("report.html"));
    if (report != null) {
      System.out.println("wrote " + report);
    }
  }
}
