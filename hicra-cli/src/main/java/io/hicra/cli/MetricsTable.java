package io.hicra.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of metrics per training step, as {@code metrics.csv} and {@code metrics.json}. Columns
 * are fixed except {@code pass@k}, one for each power of two up to the largest group of the log;
 * a step's pass@k averages over its groups of at least k rollouts. Values a log does not support
 * (token entropy without {@code entropies}, ...) are empty in CSV and null in JSON.
 */
final class MetricsTable {
  /** The fixed columns, in order; pass@k columns follow {@code distinct_grams}. */
  static final String[] HEAD = {
    "step", "rollouts", "groups", "singleton_groups", "accuracy", "mean_reward", "mean_tokens",
    "planning_token_ratio", "semantic_entropy", "conditional_entropy", "distinct_grams",
  };

  static final String[] TAIL = {
    "token_entropy_planning", "token_entropy_execution",
    "perplexity_planning", "perplexity_execution",
    "relative_perplexity_planning", "relative_perplexity_execution",
    "fork_planning_in_top", "fork_top_in_planning",
  };

  final List<String> columns = new ArrayList<>();
  /** Row-major values; NaN for absent. Integer columns hold exact integers. */
  final List<double[]> rows = new ArrayList<>();
  final int[] ks;

  MetricsTable(List<StepStats> steps) {
    int maxGroup = 0;
    for (StepStats s : steps) {
      for (int n : s.groupSizes) {
        maxGroup = Math.max(maxGroup, n);
      }
    }
    List<Integer> kList = new ArrayList<>();
    for (int k = 1; k <= maxGroup; k *= 2) {
      kList.add(k);
    }
    ks = kList.stream().mapToInt(Integer::intValue).toArray();
    for (String c : HEAD) {
      columns.add(c);
    }
    for (int k : ks) {
      columns.add("pass@" + k);
    }
    for (String c : TAIL) {
      columns.add(c);
    }
    double firstPplPlanning = Double.NaN;
    double firstPplExecution = Double.NaN;
    for (StepStats s : steps) {
      double[] row = new double[columns.size()];
      int c = 0;
      row[c++] = s.step;
      row[c++] = s.rollouts;
      row[c++] = s.groups;
      row[c++] = s.singletonGroups;
      row[c++] = s.correct / (double) s.rollouts;
      row[c++] = s.rewardSum / s.rollouts;
      row[c++] = s.tokens / (double) s.rollouts;
      row[c++] = s.tokens == 0 ? 0.0 : s.planningTokens / (double) s.tokens;
      row[c++] = s.semanticEntropy;
      row[c++] = s.conditionalEntropy;
      row[c++] = s.gramCounts.size();
      for (int k : ks) {
        row[c++] = Metrics.passAtK(s.groupSizes, s.groupCorrect, k);
      }
      row[c++] = s.tokenEntropyPlanning;
      row[c++] = s.tokenEntropyExecution;
      row[c++] = s.perplexityPlanning;
      row[c++] = s.perplexityExecution;
      if (Double.isNaN(firstPplPlanning) && !Double.isNaN(s.perplexityPlanning)) {
        firstPplPlanning = s.perplexityPlanning;
        firstPplExecution = s.perplexityExecution;
      }
      row[c++] = Metrics.relative(s.perplexityPlanning, firstPplPlanning);
      row[c++] = Metrics.relative(s.perplexityExecution, firstPplExecution);
      row[c++] = s.forkPlanningInTop;
      row[c++] = s.forkTopInPlanning;
      rows.add(row);
    }
  }

  int column(String name) {
    return columns.indexOf(name);
  }

  /** The values of one column over steps. */
  double[] series(String name) {
    int c = column(name);
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = c < 0 ? Double.NaN : rows.get(i)[c];
    }
    return v;
  }

  private static boolean integral(String column) {
    return column.equals("step")
        || column.equals("rollouts")
        || column.equals("groups")
        || column.equals("singleton_groups")
        || column.equals("distinct_grams");
  }

  static String format(double v, boolean integral) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (integral) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  byte[] csv() {
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (double[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          sb.append(',');
        }
        sb.append(format(row[c], integral(columns.get(c))));
      }
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] json() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.writeStartObject();
      g.writeNumberField("schema", 1);
      g.writeArrayFieldStart("steps");
      for (double[] row : rows) {
        g.writeStartObject();
        for (int c = 0; c < row.length; c++) {
          String name = columns.get(c);
          if (Double.isNaN(row[c])) {
            g.writeNullField(name);
          } else if (integral(name)) {
            g.writeNumberField(name, (long) row[c]);
          } else {
            g.writeNumberField(name, row[c]);
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }
}
