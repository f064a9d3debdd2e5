package io.hicra.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison report, from small hand-made runs. */
class ComparisonReportTest {
  private static final Pattern SVG = Pattern.compile(
      "<svg class=\"chart\"[^>]*aria-label=\"([^\"]*)\">(.*?)</svg>", Pattern.DOTALL);
  private static final Pattern PATH =
      Pattern.compile("<path d=\"([^\"]*)\" fill=\"none\" stroke=\"([^\"]*)\"");
  private static final Pattern POINT = Pattern.compile("[ML]-?\\d+\\.\\d -?\\d+\\.\\d");

  private static final List<String> CHARTS = List.of("Held-out pass@1", "Training accuracy",
      "Semantic entropy", "Token entropy: planning tokens", "Token entropy: execution tokens",
      "Relative perplexity: planning tokens", "Relative perplexity: execution tokens");

  /** A run of {@code steps} training steps (1..steps) and evaluations at 0, 2, 4, ... */
  private static ComparisonReport.Run run(String algo, long seed, int steps, double level) {
    List<Map<String, Double>> rows = new ArrayList<>();
    for (int s = 1; s <= steps; s++) {
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("step", (double) s);
      row.put("accuracy", level + 0.01 * s);
      row.put("semantic_entropy", 1.5 - 0.01 * s * level);
      row.put("token_entropy_planning", 0.3 / s + level);
      row.put("token_entropy_execution", 0.28 - 0.001 * s);
      row.put("relative_perplexity_planning", 1.0 - 0.02 * s);
      row.put("relative_perplexity_execution", 1.0 - 0.005 * s);
      rows.add(row);
    }
    List<Map<String, Double>> evals = new ArrayList<>();
    for (int s = 0; s <= steps; s += 2) {
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("step", (double) s);
      row.put("heldout_pass1", level + 0.02 * s);
      evals.add(row);
    }
    return new ComparisonReport.Run(algo, seed, rows, evals);
  }

  @Test
  void oneChartPerMetricAndOneLinePerAlgorithmWithEveryStep() {
    String html = ComparisonReport.html(
        List.of(run("grpo", 1, 6, 0.1), run("hicra", 1, 6, 0.2), run("entropy", 1, 6, 0.3)), "test");

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
        .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    List<String[]> charts = charts(html);
    assertThat(charts).extracting(c -> c[0]).containsExactlyElementsOf(CHARTS);
    for (String[] c : charts) {
      List<String[]> paths = paths(c[1]);
      assertThat(paths).as(c[0]).hasSize(3);
      assertThat(paths).extracting(p -> p[1]).containsExactly("#1f77b4", "#d62728", "#2ca02c");
      int expected = c[0].equals("Held-out pass@1") ? 4 : 6;
      for (String[] p : paths) {
        assertThat(points(p[0])).as(c[0]).isEqualTo(expected);
        assertThat(p[0]).doesNotContain(" M");
      }
      assertThat(c[1]).contains(">GRPO</text>", ">HICRA</text>", ">GRPO + entropy bonus</text>");
    }
  }

  @Test
  void linesAreMeansOverSeedsOnSharedAxes() {
    // GRPO: two seeds whose accuracy mean is HICRA's single seed, so their lines coincide.
    ComparisonReport.Run g1 = run("grpo", 1, 4, 0.1);
    ComparisonReport.Run g2 = run("grpo", 2, 4, 0.3);
    ComparisonReport.Run h = run("hicra", 1, 4, 0.2);
    String html = ComparisonReport.html(List.of(g1, g2, h), "test");
    List<String[]> charts = charts(html);
    String[] accuracy = charts.get(CHARTS.indexOf("Training accuracy"));
    List<String[]> paths = paths(accuracy[1]);
    assertThat(paths).hasSize(2);
    assertThat(paths.get(0)[0]).isEqualTo(paths.get(1)[0]);
    assertThat(accuracy[1]).contains("GRPO (mean of 2 seeds)", ">HICRA</text>");
    // the table: held-out pass@1 before RL is the mean over seeds
    assertThat(html).contains("<td>GRPO</td><td>1, 2</td><td class=\"n\">0.200</td>");
    assertThat(paths(charts.get(CHARTS.indexOf("Semantic entropy"))[1])).hasSize(2);
  }

  @Test
  void gapsAndUnevenSeedsStillGiveOnePathPerSeries() {
    ComparisonReport.Run shortRun = run("hicra", 1, 3, 0.2);
    List<Map<String, Double>> rows = new ArrayList<>(run("grpo", 1, 5, 0.1).steps());
    Map<String, Double> gap = new LinkedHashMap<>(rows.get(2));
    gap.put("semantic_entropy", Double.NaN);
    rows.set(2, gap);
    ComparisonReport.Run gapped = new ComparisonReport.Run("grpo", 1, rows, List.of());
    List<String[]> charts = charts(ComparisonReport.html(List.of(gapped, shortRun), "test"));

    String[] semantic = charts.get(CHARTS.indexOf("Semantic entropy"));
    List<String[]> paths = paths(semantic[1]);
    assertThat(paths).hasSize(2);
    assertThat(points(paths.get(0)[0])).isEqualTo(4);
    assertThat(paths.get(0)[0]).contains(" M");
    assertThat(points(paths.get(1)[0])).isEqualTo(3);
    // GRPO has no evaluations: only HICRA's held-out line is drawn
    assertThat(paths(charts.get(0)[1])).hasSize(1);
  }

  @Test
  void readsRunDirectoriesWrittenByRunResultAndWritesTheReport(@TempDir Path dir)
      throws IOException {
    for (ComparisonReport.Run r : List.of(run("grpo", 3, 5, 0.1), run("hicra", 3, 5, 0.2))) {
      RunResult result = new RunResult(RunConfig.quick(Algorithm.parse(r.algo()), r.seed()),
          new ArrayList<>(r.steps()), new ArrayList<>(r.evals()), "step\n", -1, 0, 0, 0);
      result.writeCsv(dir.resolve(r.algo() + "-seed" + r.seed()));
    }
    Files.createDirectories(dir.resolve("not-a-run"));
    Path file = ComparisonReport.write(dir, dir.resolve("report.html"));

    assertThat(file).isEqualTo(dir.resolve("report.html"));
    List<ComparisonReport.Run> runs = ComparisonReport.read(dir);
    assertThat(runs).extracting(ComparisonReport.Run::algo).containsExactly("grpo", "hicra");
    assertThat(runs.get(1).steps()).hasSize(5);
    assertThat(runs.get(1).steps().get(4).get("accuracy")).isEqualTo(0.25, within());
    String html = Files.readString(file, StandardCharsets.UTF_8);
    List<String[]> charts = charts(html);
    assertThat(charts).hasSize(CHARTS.size());
    for (String[] c : charts) {
      assertThat(paths(c[1])).hasSize(2);
    }
    assertThat(ComparisonReport.write(dir.resolve("missing"), dir.resolve("x.html"))).isNull();
    assertThat(dir.resolve("x.html")).doesNotExist();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  /** (aria-label, body) of every chart, in order. */
  private static List<String[]> charts(String html) {
    List<String[]> out = new ArrayList<>();
    Matcher m = SVG.matcher(html);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2)});
    }
    assertThat(html.split("<svg", -1)).hasSize(out.size() + 1);
    return out;
  }

  /** (d, stroke) of every line path. */
  private static List<String[]> paths(String svg) {
    List<String[]> out = new ArrayList<>();
    Matcher m = PATH.matcher(svg);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2)});
    }
    return out;
  }

  private static int points(String d) {
    Matcher m = POINT.matcher(d);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
