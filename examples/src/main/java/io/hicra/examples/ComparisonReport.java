package io.hicra.examples;

import io.hicra.cli.ReportPage;
import io.hicra.cli.Svg;
import io.hicra.metrics.StepMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code report.html} comparing algorithms on the same axes: held-out pass@1, training accuracy,
 * semantic entropy, token entropy and relative perplexity of planning and of execution tokens over
 * RL steps, one line per algorithm (the mean over its seeds at each step). Drawn with hicra-cli's
 * chart renderer and page ({@link Svg}, {@link ReportPage}), so it looks like {@code hicra
 * analyze}'s report; self-contained (inline CSS and SVG, no script, no network).
 *
 * <pre>
 * ComparisonReport [--in DIR] [--out FILE]
 * </pre>
 *
 * <p>Reads every run directory {@code DIR/<algo>-seed<N>/} holding {@code metrics.csv} and {@code
 * eval.csv} (as written by {@link RunResult#writeCsv}; default {@code DIR} is {@code
 * target/rl-sweep}) and writes {@code FILE} (default {@code DIR/report.html}). {@link RlSweep} and
 * {@link RlExample} call it after their runs.
 */
public final class ComparisonReport {
  /** Run directories: {@code <algo>-seed<N>}. */
  static final Pattern RUN_DIR = Pattern.compile("([A-Za-z0-9_]+)-seed(-?\\d+)");

  /** Charts over the training steps: title, {@code metrics.csv} column, caption. */
  static final List<String[]> TRAINING_CHARTS = List.of(
      new String[] {"Training accuracy", StepMetrics.ACCURACY,
          "fraction of correct rollouts in the step's training batch"},
      new String[] {"Semantic entropy", StepMetrics.SEMANTIC_ENTROPY,
          "entropy of the Strategic Grams in the step's rollouts (nats)"},
      new String[] {"Token entropy: planning tokens", StepMetrics.TOKEN_ENTROPY_PLANNING,
          "mean entropy per planning token (nats)"},
      new String[] {"Token entropy: execution tokens", StepMetrics.TOKEN_ENTROPY_EXECUTION,
          "mean entropy per execution token (nats)"},
      new String[] {"Relative perplexity: planning tokens", StepMetrics.RELATIVE_PERPLEXITY_PLANNING,
          "planning-token perplexity / its value at the first step"},
      new String[] {"Relative perplexity: execution tokens",
          StepMetrics.RELATIVE_PERPLEXITY_EXECUTION,
          "execution-token perplexity / its value at the first step"});

  private static final Map<String, String> COLORS = Map.of(
      Algorithm.GRPO.id(), "#1f77b4", Algorithm.HICRA.id(), "#d62728",
      Algorithm.ENTROPY.id(), "#2ca02c");
  private static final String[] PALETTE = {"#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

  private ComparisonReport() {}

  /**
   * One run's rows.
   *
   * @param algo the algorithm's id ({@code grpo}, {@code hicra}, {@code entropy})
   * @param seed the seed
   * @param steps one row per RL step, with a {@code step} column ({@code metrics.csv})
   * @param evals one row per held-out evaluation, with {@code step} and {@code heldout_pass1}
   *     ({@code eval.csv})
   */
  public record Run(String algo, long seed, List<Map<String, Double>> steps,
      List<Map<String, Double>> evals) {
    /** Checks for nulls and copies the lists. */
    public Run {
      Objects.requireNonNull(algo, "algo");
      steps = List.copyOf(steps);
      evals = List.copyOf(evals);
    }
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Path in = Path.of("target", "rl-sweep");
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--in" -> in = Path.of(value(args, ++i, "--in"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    Path written = write(in, out == null ? in.resolve("report.html") : out);
    System.out.println(written == null ? "no runs in " + in : "wrote " + written);
  }

  /**
   * Reads the runs under {@code dir} and writes their comparison to {@code file}.
   *
   * @return {@code file}, or null (nothing written) when {@code dir} holds no run
   */
  public static Path write(Path dir, Path file) throws IOException {
    List<Run> runs = read(dir);
    if (runs.isEmpty()) {
      return null;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html(runs, dir.toString()), StandardCharsets.UTF_8);
    return file;
  }

  /**
   * The runs in the subdirectories {@code <algo>-seed<N>} of {@code dir} that hold both {@code
   * metrics.csv} and {@code eval.csv}, sorted by algorithm and seed; empty when {@code dir} does
   * not exist.
   */
  public static List<Run> read(Path dir) throws IOException {
    List<Run> runs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return runs;
    }
    List<Path> subdirs;
    try (Stream<Path> s = Files.list(dir)) {
      subdirs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path d : subdirs) {
      Matcher m = RUN_DIR.matcher(d.getFileName().toString());
      Path metrics = d.resolve("metrics.csv");
      Path eval = d.resolve("eval.csv");
      if (m.matches() && Files.isRegularFile(metrics) && Files.isRegularFile(eval)) {
        runs.add(new Run(m.group(1), Long.parseLong(m.group(2)), readCsv(metrics), readCsv(eval)));
      }
    }
    runs.sort((a, b) -> a.algo().equals(b.algo())
        ? Long.compare(a.seed(), b.seed()) : order(a.algo()) - order(b.algo()));
    return runs;
  }

  /** Rows of a numeric CSV with a header line; empty cells and non-numbers read as NaN. */
  static List<Map<String, Double>> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Map<String, Double>> rows = new ArrayList<>();
    if (lines.isEmpty()) {
      return rows;
    }
    String[] header = lines.get(0).split(",", -1);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      Map<String, Double> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i].trim(), i < cells.length ? parse(cells[i]) : Double.NaN);
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * The report page: a table of held-out pass@1 per algorithm, then one chart per metric with
   * one line per algorithm (mean over its seeds at each step; a step missing from some seeds is
   * the mean of the others).
   *
   * @param runs the runs, any number of seeds per algorithm
   * @param source where the runs came from, shown on the page
   */
  public static String html(List<Run> runs, String source) {
    Map<String, List<Run>> byAlgo = new LinkedHashMap<>();
    for (Run r : runs) {
      byAlgo.computeIfAbsent(r.algo(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder h = new StringBuilder(1 << 16);
    ReportPage.open(h, "hicra examples: algorithms compared");
    h.append("<h1>GRPO vs HICRA vs entropy baseline</h1>\n<p class=\"meta\">")
        .append(Svg.escape(runs.size() + " runs from " + source + "; each line is the mean over an"
            + " algorithm's seeds at each step."))
        .append("</p>\n");

    h.append("<h2>Held-out pass@1</h2>\n<table><tr><th>algorithm</th><th>seeds</th>")
        .append("<th>before RL</th><th>last evaluation</th></tr>\n");
    for (Map.Entry<String, List<Run>> e : byAlgo.entrySet()) {
      Mean first = new Mean();
      Mean last = new Mean();
      List<String> seeds = new ArrayList<>();
      for (Run r : e.getValue()) {
        seeds.add(Long.toString(r.seed()));
        if (!r.evals().isEmpty()) {
          first.add(r.evals().get(0).getOrDefault("heldout_pass1", Double.NaN));
          last.add(r.evals().get(r.evals().size() - 1).getOrDefault("heldout_pass1", Double.NaN));
        }
      }
      h.append("<tr><td>").append(Svg.escape(label(e.getKey()))).append("</td><td>")
          .append(Svg.escape(String.join(", ", seeds))).append("</td><td class=\"n\">")
          .append(first.format()).append("</td><td class=\"n\">").append(last.format())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Over RL steps</h2>\n<div class=\"grid\">\n");
    chart(h, byAlgo, "Held-out pass@1", "heldout_pass1", true,
        "held-out problems, samples at temperature 1, every evaluation");
    for (String[] c : TRAINING_CHARTS) {
      chart(h, byAlgo, c[0], c[1], false, c[2]);
    }
    h.append("</div>\n");
    ReportPage.close(h);
    return h.toString();
  }

  private static void chart(StringBuilder h, Map<String, List<Run>> byAlgo, String title,
      String column, boolean eval, String caption) {
    TreeSet<Double> xs = new TreeSet<>();
    for (List<Run> rs : byAlgo.values()) {
      for (Run r : rs) {
        for (Map<String, Double> row : eval ? r.evals() : r.steps()) {
          Double step = row.get("step");
          if (step != null && Double.isFinite(step)) {
            xs.add(step);
          }
        }
      }
    }
    double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
    List<Svg.Series> series = new ArrayList<>();
    int extra = 0;
    for (Map.Entry<String, List<Run>> e : byAlgo.entrySet()) {
      Map<Double, Mean> at = new TreeMap<>();
      for (Run r : e.getValue()) {
        for (Map<String, Double> row : eval ? r.evals() : r.steps()) {
          Double step = row.get("step");
          if (step != null && Double.isFinite(step)) {
            at.computeIfAbsent(step, k -> new Mean()).add(row.getOrDefault(column, Double.NaN));
          }
        }
      }
      double[] v = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        Mean m = at.get(x[i]);
        v[i] = m == null ? Double.NaN : m.value();
      }
      String color = COLORS.get(e.getKey());
      if (color == null) {
        color = PALETTE[extra++ % PALETTE.length];
      }
      int n = e.getValue().size();
      series.add(new Svg.Series(label(e.getKey()) + (n > 1 ? " (mean of " + n + " seeds)" : ""),
          v, color));
    }
    ReportPage.figure(h, title, caption, x, series, "no '" + column + "' values");
  }

  /** The algorithm's display name. */
  static String label(String algo) {
    if (algo.equals(Algorithm.GRPO.id())) {
      return "GRPO";
    } else if (algo.equals(Algorithm.HICRA.id())) {
      return "HICRA";
    } else if (algo.equals(Algorithm.ENTROPY.id())) {
      return "GRPO + entropy bonus";
    }
    return algo;
  }

  private static int order(String algo) {
    Algorithm[] all = Algorithm.values();
    for (int i = 0; i < all.length; i++) {
      if (all[i].id().equals(algo)) {
        return i;
      }
    }
    return all.length + Math.floorMod(algo.hashCode(), 1 << 20);
  }

  private static double parse(String cell) {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  /** Mean of the finite values added; NaN when there is none. */
  private static final class Mean {
    private double sum;
    private int n;

    void add(double v) {
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }

    double value() {
      return n == 0 ? Double.NaN : sum / n;
    }

    String format() {
      return n == 0 ? "–" : String.format(Locale.ROOT, "%.3f", value());
    }
  }
}
