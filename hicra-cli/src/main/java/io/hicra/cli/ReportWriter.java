package io.hicra.cli;

import io.hicra.metrics.Changepoints;
import io.hicra.metrics.RisingTurn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with
 * charts over steps laid out like the paper's Figure 3 — (a) relative perplexity and (b) token
 * entropy of planning vs execution tokens, (c) semantic vs conditional entropy, (d) accuracy and
 * response length — then pass@k, planning ratio and fork-token overlap, the most frequent grams
 * of the early and late phase, and an example rollout with its planning tokens highlighted.
 */
final class ReportWriter {
  static final String PLANNING_COLOR = "#d62728";
  static final String EXECUTION_COLOR = "#1f77b4";
  static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"
  };

  private ReportWriter() {}

  static byte[] html(
      MetricsTable table,
      List<StepStats> steps,
      Rollout example,
      String inputName,
      double alpha,
      PlanningDetector detector) {
    double[] x = table.series("step");
    StringBuilder h = new StringBuilder(1 << 16);
    ReportPage.open(h, "hicra report: " + inputName);
    long rollouts = 0;
    for (StepStats s : steps) {
      rollouts += s.rollouts;
    }
    h.append("<h1>hicra report</h1>\n<p class=\"meta\">Input: ").append(esc(inputName))
        .append(" &middot; ").append(rollouts).append(" rollouts over ").append(steps.size())
        .append(" steps &middot; HICRA &alpha; = ").append(num(alpha))
        .append(" &middot; ").append(detector.gramCount()).append(" Strategic Grams</p>\n");

    h.append("<h2>Training dynamics (after Figure 3 of arXiv:2509.03646)</h2>\n<div class=\"grid\">\n");
    figure(h, "(a) Relative perplexity", "perplexity / its value at the first step", x,
        List.of(
            new Svg.Series("planning", table.series("relative_perplexity_planning"), PLANNING_COLOR, false),
            new Svg.Series("execution", table.series("relative_perplexity_execution"), EXECUTION_COLOR, false)),
        "needs logprobs in the log");
    figure(h, "(b) Token entropy", "mean entropy per token (nats)", x,
        List.of(
            new Svg.Series("planning", table.series("token_entropy_planning"), PLANNING_COLOR, false),
            new Svg.Series("execution", table.series("token_entropy_execution"), EXECUTION_COLOR, false)),
        "needs entropies in the log");
    figure(h, "(c) Semantic vs conditional entropy", "nats", x,
        List.of(
            new Svg.Series("semantic entropy", table.series("semantic_entropy"), PLANNING_COLOR, false),
            new Svg.Series("conditional entropy", table.series("conditional_entropy"), EXECUTION_COLOR, false)),
        "no Strategic Gram matches");
    figure(h, "(d) Accuracy and response length", "accuracy (left), mean tokens (right)", x,
        List.of(
            new Svg.Series("accuracy", table.series("accuracy"), PALETTE[2], false),
            new Svg.Series("mean tokens", table.series("mean_tokens"), PALETTE[3], true)),
        "no rollouts");
    List<Svg.Series> pass = new ArrayList<>();
    for (int i = 0; i < table.ks.length; i++) {
      pass.add(new Svg.Series("pass@" + table.ks[i], table.series("pass@" + table.ks[i]),
          PALETTE[i % PALETTE.length], false));
    }
    figure(h, "pass@k", "unbiased estimator, mean over groups of at least k rollouts", x, pass,
        "no groups");
    figure(h, "Planning tokens and fork tokens",
        "fractions; fork tokens are the step's top-20% entropy tokens", x,
        List.of(
            new Svg.Series("planning-token ratio", table.series("planning_token_ratio"), PLANNING_COLOR, false),
            new Svg.Series("fork tokens among planning", table.series("fork_planning_in_top"),
                PALETTE[4], false),
            new Svg.Series("planning among fork tokens", table.series("fork_top_in_planning"),
                PALETTE[5], false)),
        "no tokens");
    h.append("</div>\n");

    gramsByPhase(h, steps);
    exampleRollout(h, example);
    ReportPage.close(h);
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void gramsByPhase(StringBuilder h, List<StepStats> steps) {
    h.append("<h2>Most frequent Strategic Grams per phase</h2>\n");
    if (steps.isEmpty()) {
      h.append("<p>No steps.</p>\n");
      return;
    }
    int split = phaseSplit(steps);
    String how;
    if (split > 0) {
      how = "Phases split where semantic entropy turns from falling or flat to rising (step "
          + steps.get(split).step + ", change-point test of hicra-metrics).";
    } else {
      split = (steps.size() + 1) / 2;
      how = "No significant turn in semantic entropy: phases are the first and second half of the"
          + " steps.";
    }
    h.append("<p class=\"meta\">").append(esc(how)).append("</p>\n<div class=\"phases\">\n");
    phaseTable(h, "Early phase (steps " + steps.get(0).step + "–" + steps.get(split - 1).step + ")",
        steps.subList(0, split));
    if (split < steps.size()) {
      phaseTable(h, "Late phase (steps " + steps.get(split).step + "–" + steps.get(steps.size() - 1).step + ")",
          steps.subList(split, steps.size()));
    }
    h.append("</div>\n");
  }

  /**
   * Index of the first late-phase step: the rising turn of semantic entropy when the steps
   * increase, every step has a value and the turn is significant; otherwise 0.
   */
  static int phaseSplit(List<StepStats> steps) {
    long[] x = new long[steps.size()];
    double[] y = new double[steps.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = steps.get(i).step;
      y[i] = steps.get(i).semanticEntropy;
      if (!Double.isFinite(y[i]) || (i > 0 && x[i] <= x[i - 1])) {
        return 0;
      }
    }
    if (x.length < 2 * Changepoints.DEFAULT_MIN_SEGMENT) {
      return 0;
    }
    RisingTurn turn = Changepoints.risingTurn(x, y);
    return turn.found() && turn.index() > 0 ? turn.index() : 0;
  }

  private static void phaseTable(StringBuilder h, String title, List<StepStats> phase) {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, String> category = new TreeMap<>();
    long total = 0;
    for (StepStats s : phase) {
      for (Map.Entry<String, Integer> e : s.gramCounts.entrySet()) {
        counts.merge(e.getKey(), e.getValue(), Integer::sum);
        total += e.getValue();
      }
      category.putAll(s.gramCategory);
    }
    List<Map.Entry<String, Integer>> top = new ArrayList<>(counts.entrySet());
    top.sort((a, b) -> b.getValue() != a.getValue().intValue()
        ? Integer.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
    h.append("<div><h3 style=\"font-size:15px\">").append(esc(title)).append("</h3>\n");
    if (top.isEmpty()) {
      h.append("<p>No matches.</p></div>\n");
      return;
    }
    h.append("<table><tr><th>gram</th><th>category</th><th>matches</th><th>share</th></tr>\n");
    for (int i = 0; i < Math.min(10, top.size()); i++) {
      Map.Entry<String, Integer> e = top.get(i);
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
          .append(esc(category.getOrDefault(e.getKey(), ""))).append("</td><td class=\"n\">")
          .append(e.getValue()).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / total))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"meta\">").append(counts.size()).append(" distinct grams, ")
        .append(total).append(" matches.</p></div>\n");
  }

  private static void exampleRollout(StringBuilder h, Rollout r) {
    h.append("<h2>Example rollout</h2>\n");
    if (r == null) {
      h.append("<p>No rollouts.</p>\n");
      return;
    }
    h.append("<p class=\"meta\">Line ").append(r.line);
    if (r.id != null) {
      h.append(" (id ").append(esc(r.id)).append(')');
    }
    h.append(", step ").append(r.step).append(", reward ").append(num(r.reward))
        .append(r.correct ? ", correct" : ", incorrect").append(", advantage ")
        .append(num(r.advantage)).append(", ").append(r.tokens).append(" tokens of which ")
        .append(r.planningCount).append(" planning (<mark class=\"p\">highlighted</mark>).</p>\n");
    h.append("<div class=\"rollout\">");
    int t = 0;
    while (t < r.tokens) {
      boolean p = r.planning.get(t);
      int from = r.tokenStart[t];
      int to = r.tokenEnd[t];
      while (t + 1 < r.tokens && r.planning.get(t + 1) == p && r.tokenStart[t + 1] == to) {
        t++;
        to = r.tokenEnd[t];
      }
      String piece = r.text.substring(from, to);
      if (p) {
        h.append("<mark class=\"p\">").append(esc(piece)).append("</mark>");
      } else {
        h.append(esc(piece));
      }
      t++;
    }
    h.append("</div>\n");
    if (r.grams != null && r.grams.length > 0) {
      h.append("<p class=\"meta\">Grams matched: ");
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (Rollout.GramSpan s : r.grams) {
        seen.merge(s.phrase() + " (" + s.category() + ")", 1, Integer::sum);
      }
      boolean first = true;
      for (Map.Entry<String, Integer> e : seen.entrySet()) {
        h.append(first ? "" : "; ").append(esc(e.getKey()));
        if (e.getValue() > 1) {
          h.append(" ×").append(e.getValue());
        }
        first = false;
      }
      h.append(".</p>\n");
    }
  }

  private static void figure(
      StringBuilder h, String title, String caption, double[] x, List<Svg.Series> series, String missing) {
    ReportPage.figure(h, title, caption, x, series, missing);
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '&':
          sb.append("&amp;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\'':
          sb.append("&#39;");
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }
}
