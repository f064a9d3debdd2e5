package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hicra.core.Groups;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGramSet;
import io.hicra.metrics.ConditionalGramEntropy;
import io.hicra.metrics.RolloutBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code hicra analyze} on a small hand-written log and checks every field of every output
 * against values computed here, independently of the CLI: group advantages from the GRPO formula,
 * HICRA token advantages, token spans and gram matches by plain string search, code-point
 * offsets, and each metric from its definition.
 */
class AnalyzeEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double ALPHA = 0.2;
  static final double EPS = 1e-6;
  static final String[][] GRAMS = {{"let me check", "VERIFICATION"}, {"try another way", "BACKTRACKING"}};

  /** The log: good rollouts, bad lines of every kind, a step that comes back. */
  static final String[] LOG = {
    /* 1 */ "{\"id\":\"a0\",\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"First, let me check the sum. It is 4.\"}",
    /* 2 */ "{\"id\":\"a1\",\"group\":\"a\",\"step\":0,\"reward\":0,\"text\":\"The sum is 5. Try another way: it is 5.\"}",
    /* 3 */ "{\"group\":\"a\",\"step\":0,\"reward\":0,\"correct\":false,\"text\":\"I think  it is\\n6.\",\"extra\":{\"x\":[1,2]}}",
    /* 4 */ "{\"id\":17,\"group\":7,\"step\":0,\"reward\":0.5,\"tokens\":[\"\uD83D\uDE00\",\" let\",\" me\",\" check\",\" \uD83D\uDE00\"]}",
    /* 5 */ "{\"group\":7,\"step\":0,\"reward\":1.5,\"text\":\"\u00e9\uD83D\uDE00 let me check now\",\"offsets\":[[0,2],[2,6],[6,9],[9,15],[15,19]]}",
    /* 6 */ "{\"group\":\"solo\",\"step\":0,\"reward\":1,\"text\":\"Alone.\"}",
    /* 7 */ "{\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"x\"",
    /* 8 */ "{\"group\":\"a\",\"step\":0,\"text\":\"no reward\"}",
    /* 9 */ "{\"group\":\"a\",\"step\":0,\"reward\":NaN,\"text\":\"x\"}",
    /* 10 */ "{\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"a b\",\"logprobs\":[-0.1]}",
    /* 11 */ "{\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"ab\",\"offsets\":[[0,1],[1,3]]}",
    /* 12 */ "{\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"ab\",\"tokens\":[\"a\",\"c\"]}",
    /* 13 */ "",
    /* 14 */ "{\"id\":\"b0\",\"group\":\"a\",\"step\":1,\"reward\":0.5,\"tokens\":[\"Let\",\" me\",\" check\",\" it\",\".\"],"
        + "\"logprobs\":[-0.5,-0.25,-1.0,-0.125,-0.05],\"entropies\":[1.5,0.5,2.0,0.25,0.1]}",
    /* 15 */ "{\"id\":\"b1\",\"group\":\"a\",\"step\":1,\"reward\":0.5,\"tokens\":[\"Try\",\" another\",\" way\",\".\"],"
        + "\"logprobs\":[-0.75,-0.5,-0.3,-0.01],\"entropies\":[1.0,1.25,0.75,0.05]}",
    /* 16 */ "{\"id\":\"b2\",\"group\":\"b\",\"step\":1,\"reward\":1,\"tokens\":[\"So\",\" 2\",\".\"],"
        + "\"logprobs\":[-0.2,-0.1,-0.02],\"entropies\":[0.9,0.3,0.02],\"planning_mask\":[1,0,0]}",
    /* 17 */ "{\"id\":\"b3\",\"group\":\"b\",\"step\":1,\"reward\":0,\"tokens\":[\"No\",\".\"],"
        + "\"logprobs\":[-1.2,-0.4],\"entropies\":[0.8,0.6]}",
    /* 18 */ "{\"group\":\"a\",\"step\":0,\"reward\":1,\"text\":\"late\"}",
  };

  static final Map<Integer, String> REJECTED = new LinkedHashMap<>();

  static {
    REJECTED.put(7, "bad JSON");
    REJECTED.put(8, "missing required field reward");
    REJECTED.put(9, "reward must be finite");
    REJECTED.put(10, "logprobs has 1 values but the rollout has 3 tokens");
    REJECTED.put(11, "offsets[1] = [1, 3) is out of range for text of 2 code points");
    REJECTED.put(12, "tokens do not concatenate to text");
    REJECTED.put(13, "blank line");
    REJECTED.put(18, "step 0 appears again after other steps");
  }

  @TempDir Path dir;
  Path gramsFile;

  @BeforeEach
  void writeGrams() throws IOException {
    gramsFile = dir.resolve("grams.tsv");
    StringBuilder sb = new StringBuilder("# test grams\n");
    for (String[] g : GRAMS) {
      sb.append(g[0]).append('\t').append(g[1]).append('\n');
    }
    Files.writeString(gramsFile, sb);
  }

  Path writeLog(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  /** What the test expects of one good input line, computed from the line itself. */
  static final class Expected {
    int line;
    JsonNode in;
    String text;
    int[] start;
    int[] end;
    boolean[] planning;
    List<int[]> grams = new ArrayList<>();
    List<String> gramPhrases = new ArrayList<>();
    double advantage;
  }

  static Expected expect(int line) throws IOException {
    Expected e = new Expected();
    e.line = line;
    e.in = JSON.readTree(LOG[line - 1]);
    JsonNode tokens = e.in.get("tokens");
    JsonNode offsets = e.in.get("offsets");
    List<int[]> spans = new ArrayList<>();
    if (tokens != null) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode t : tokens) {
        int s = sb.length();
        sb.append(t.asText());
        spans.add(new int[] {s, sb.length()});
      }
      e.text = sb.toString();
    } else if (offsets != null) {
      e.text = e.in.get("text").asText();
      for (JsonNode o : offsets) {
        spans.add(new int[] {
          e.text.offsetByCodePoints(0, o.get(0).asInt()), e.text.offsetByCodePoints(0, o.get(1).asInt())
        });
      }
    } else {
      e.text = e.in.get("text").asText();
      Matcher m = Pattern.compile("\\s+|\\S+").matcher(e.text);
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
    e.start = spans.stream().mapToInt(s -> s[0]).toArray();
    e.end = spans.stream().mapToInt(s -> s[1]).toArray();
    e.planning = new boolean[spans.size()];
    String lower = e.text.toLowerCase(Locale.ROOT);
    List<int[]> matches = new ArrayList<>();
    for (String[] g : GRAMS) {
      for (int at = lower.indexOf(g[0]); at >= 0; at = lower.indexOf(g[0], at + 1)) {
        matches.add(new int[] {at, at + g[0].length()});
        e.gramPhrases.add(g[0] + "|" + g[1]);
      }
    }
    for (int[] m : matches) {
      e.grams.add(new int[] {e.text.codePointCount(0, m[0]), e.text.codePointCount(0, m[1])});
      for (int t = 0; t < spans.size(); t++) {
        if (e.start[t] < m[1] && e.end[t] > m[0] && e.start[t] < e.end[t]) {
          e.planning[t] = true;
        }
      }
    }
    JsonNode mask = e.in.get("planning_mask");
    if (mask != null) {
      for (int t = 0; t < mask.size(); t++) {
        e.planning[t] = mask.get(t).asInt() == 1;
      }
    }
    return e;
  }

  /** GRPO: (r − mean) / (sample std + ε) per group; 0 for groups of one or of equal rewards. */
  static void grpo(List<Expected> rollouts) {
    Map<String, List<Expected>> groups = new LinkedHashMap<>();
    for (Expected e : rollouts) {
      groups.computeIfAbsent(e.in.get("group").toString(), k -> new ArrayList<>()).add(e);
    }
    for (List<Expected> g : groups.values()) {
      double mean = g.stream().mapToDouble(e -> e.in.get("reward").asDouble()).average().orElseThrow();
      double ss = g.stream().mapToDouble(e -> Math.pow(e.in.get("reward").asDouble() - mean, 2)).sum();
      boolean equal = g.stream().allMatch(e -> e.in.get("reward").asDouble() == g.get(0).in.get("reward").asDouble());
      for (Expected e : g) {
        e.advantage = g.size() == 1 || equal
            ? 0.0
            : (e.in.get("reward").asDouble() - mean) / (Math.sqrt(ss / (g.size() - 1)) + EPS);
      }
    }
  }

  @Test
  void everyOutputFieldMatchesIndependentValues() throws Exception {
    Path log = writeLog("log.jsonl", LOG);
    Path out = dir.resolve("out");
    CliRunner.Result r = CliRunner.run("analyze", log.toString(), "--grams", gramsFile.toString(),
        "--out", out.toString(), "--no-progress");

    // Exit code 1: some lines were rejected; the summary adds up.
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("18 lines read = 10 rollouts analysed + 8 lines rejected");
    assertThat(r.out()).contains("2 steps, 5 groups (1 of one rollout, advantage 0)");

    // errors.jsonl and stderr: every rejected line with its number and reason, in order.
    List<JsonNode> errors = readJsonl(out.resolve("errors.jsonl"));
    assertThat(errors).hasSize(REJECTED.size());
    int i = 0;
    for (Map.Entry<Integer, String> e : REJECTED.entrySet()) {
      assertThat(errors.get(i).get("line").asInt()).isEqualTo(e.getKey());
      assertThat(errors.get(i).get("reason").asText()).contains(e.getValue());
      assertThat(r.err()).contains("line " + e.getKey() + ": " + errors.get(i).get("reason").asText());
      i++;
    }

    // advantages.jsonl: one line per good input line, in input order.
    int[] goodLines = {1, 2, 3, 4, 5, 6, 14, 15, 16, 17};
    List<Expected> step0 = new ArrayList<>();
    List<Expected> step1 = new ArrayList<>();
    List<Expected> all = new ArrayList<>();
    for (int line : goodLines) {
      Expected e = expect(line);
      (line < 14 ? step0 : step1).add(e);
      all.add(e);
    }
    grpo(step0);
    grpo(step1);
    // The summary's token and planning-token totals, counted here from the expected rollouts.
    long allTokens = 0;
    long allPlanning = 0;
    for (Expected e : all) {
      allTokens += e.planning.length;
      for (boolean p : e.planning) {
        allPlanning += p ? 1 : 0;
      }
    }
    assertThat(allPlanning).isPositive();
    assertThat(r.out()).contains(allTokens + " tokens (" + allPlanning + " planning)");
    // Spot-check the independent GRPO: group "a" of step 0 has rewards 1, 0, 0.
    assertThat(step0.get(0).advantage).isCloseTo(2.0 / 3 / (Math.sqrt(1.0 / 3) + EPS), within(1e-12));
    assertThat(step0.get(5).advantage).isZero();

    List<JsonNode> adv = readJsonl(out.resolve("advantages.jsonl"));
    assertThat(adv).hasSize(goodLines.length);
    for (int k = 0; k < goodLines.length; k++) {
      Expected e = all.get(k);
      JsonNode a = adv.get(k);
      JsonNode id = e.in.get("id");
      if (id == null) {
        assertThat(a.get("id").isInt()).isTrue();
        assertThat(a.get("id").asInt()).isEqualTo(e.line);
      } else {
        assertThat(a.get("id")).isEqualTo(id);
      }
      assertThat(a.get("group")).isEqualTo(e.in.get("group"));
      assertThat(a.get("step").asLong()).isEqualTo(e.in.get("step").asLong());
      assertThat(a.get("advantage").asDouble()).as("line %d", e.line).isCloseTo(e.advantage, within(1e-12));
      JsonNode tok = a.get("token_advantages");
      assertThat(tok.size()).as("line %d tokens", e.line).isEqualTo(e.start.length);
      for (int t = 0; t < e.start.length; t++) {
        double want = e.planning[t]
            ? e.advantage + ALPHA * Math.abs(e.advantage)
            : e.advantage;
        assertThat(tok.get(t).floatValue()).as("line %d token %d", e.line, t).isEqualTo((float) want);
      }
      List<Integer> planningIdx = new ArrayList<>();
      for (int t = 0; t < e.planning.length; t++) {
        if (e.planning[t]) {
          planningIdx.add(t);
        }
      }
      List<Integer> got = new ArrayList<>();
      a.get("planning_tokens").forEach(n -> got.add(n.asInt()));
      assertThat(got).as("line %d planning", e.line).isEqualTo(planningIdx);
      JsonNode grams = a.get("grams");
      assertThat(grams.size()).as("line %d grams", e.line).isEqualTo(e.grams.size());
      for (int m = 0; m < e.grams.size(); m++) {
        String[] pc = e.gramPhrases.get(m).split("\\|");
        assertThat(grams.get(m).get("phrase").asText()).isEqualTo(pc[0]);
        assertThat(grams.get(m).get("category").asText()).isEqualTo(pc[1]);
        assertThat(grams.get(m).get("start").asInt()).isEqualTo(e.grams.get(m)[0]);
        assertThat(grams.get(m).get("end").asInt()).isEqualTo(e.grams.get(m)[1]);
      }
      assertThat(a.size()).isEqualTo(7);
    }
    // The code-point spans of the supplementary-plane lines, written out by hand.
    assertThat(adv.get(3).get("grams").get(0).get("start").asInt()).isEqualTo(2);
    assertThat(adv.get(3).get("grams").get(0).get("end").asInt()).isEqualTo(14);
    assertThat(adv.get(4).get("grams").get(0).get("start").asInt()).isEqualTo(3);
    assertThat(adv.get(4).get("planning_tokens").toString()).isEqualTo("[1,2,3]");

    // metrics.csv and metrics.json: one row per step, the same values.
    List<Map<String, String>> csv = readCsv(out.resolve("metrics.csv"));
    JsonNode json = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(csv).hasSize(2);
    assertThat(json.get("steps").size()).isEqualTo(2);
    assertThat(csv.get(0).keySet()).containsExactly(
        "step", "rollouts", "groups", "singleton_groups", "accuracy", "mean_reward", "mean_tokens",
        "planning_token_ratio", "semantic_entropy", "conditional_entropy", "distinct_grams",
        "pass@1", "pass@2", "token_entropy_planning", "token_entropy_execution",
        "perplexity_planning", "perplexity_execution", "relative_perplexity_planning",
        "relative_perplexity_execution", "fork_planning_in_top", "fork_top_in_planning");
    List<List<Expected>> steps = List.of(step0, step1);
    for (int s = 0; s < 2; s++) {
      Map<String, Double> want = expectedMetrics(s, steps.get(s));
      Map<String, String> row = csv.get(s);
      JsonNode jrow = json.get("steps").get(s);
      for (String col : row.keySet()) {
        Double w = want.get(col);
        if (col.equals("conditional_entropy")) {
          w = conditionalEntropyOf(steps.get(s));
        }
        assertThat(want.containsKey(col) || col.equals("conditional_entropy")).as(col).isTrue();
        if (w == null || Double.isNaN(w)) {
          assertThat(row.get(col)).as("step %d %s", s, col).isEmpty();
          assertThat(jrow.get(col).isNull()).as("step %d %s", s, col).isTrue();
        } else {
          assertThat(Double.parseDouble(row.get(col))).as("step %d %s", s, col).isCloseTo(w, within(1e-9));
          assertThat(jrow.get(col).asDouble()).as("step %d %s", s, col).isCloseTo(w, within(1e-9));
        }
      }
    }

    // report.html: self-contained, one chart per panel.
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link");
    assertThat(countOf(html, "<svg class=\"chart\"")).isEqualTo(6);
    assertThat(html).contains("<mark class=\"p\">");

    // Nothing half-written stays behind.
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("advantages.jsonl", "errors.jsonl", "metrics.csv", "metrics.json", "report.html");
    }
  }

  /** Every metric of one step from its definition. */
  static Map<String, Double> expectedMetrics(int step, List<Expected> rs) {
    Map<String, Double> m = new LinkedHashMap<>();
    int n = rs.size();
    Map<String, int[]> groups = new LinkedHashMap<>();
    double rewardSum = 0;
    int correct = 0;
    long tokens = 0;
    long planning = 0;
    Map<String, Integer> gramCounts = new LinkedHashMap<>();
    for (Expected e : rs) {
      double reward = e.in.get("reward").asDouble();
      boolean c = e.in.has("correct") ? e.in.get("correct").asBoolean() : reward > 0;
      int[] g = groups.computeIfAbsent(e.in.get("group").toString(), k -> new int[2]);
      g[0]++;
      g[1] += c ? 1 : 0;
      rewardSum += reward;
      correct += c ? 1 : 0;
      tokens += e.start.length;
      for (boolean p : e.planning) {
        planning += p ? 1 : 0;
      }
      for (String phrase : e.gramPhrases) {
        gramCounts.merge(phrase, 1, Integer::sum);
      }
    }
    m.put("step", (double) step);
    m.put("rollouts", (double) n);
    m.put("groups", (double) groups.size());
    m.put("singleton_groups", (double) groups.values().stream().filter(g -> g[0] == 1).count());
    m.put("accuracy", correct / (double) n);
    m.put("mean_reward", rewardSum / n);
    m.put("mean_tokens", tokens / (double) n);
    m.put("planning_token_ratio", planning / (double) tokens);
    double total = gramCounts.values().stream().mapToInt(Integer::intValue).sum();
    double h = 0;
    for (int c : gramCounts.values()) {
      h -= c / total * Math.log(c / total);
    }
    m.put("semantic_entropy", h);
    m.put("distinct_grams", (double) gramCounts.size());
    for (int k : new int[] {1, 2}) {
      double sum = 0;
      int count = 0;
      for (int[] g : groups.values()) {
        if (g[0] >= k) {
          sum += 1 - binomial(g[0] - g[1], k) / binomial(g[0], k);
          count++;
        }
      }
      m.put("pass@" + k, sum / count);
    }
    boolean tokenLevel = rs.stream().allMatch(e -> e.in.has("entropies"));
    if (!tokenLevel) {
      for (String c : new String[] {"token_entropy_planning", "token_entropy_execution",
          "perplexity_planning", "perplexity_execution", "relative_perplexity_planning",
          "relative_perplexity_execution", "fork_planning_in_top", "fork_top_in_planning"}) {
        m.put(c, Double.NaN);
      }
      return m;
    }
    double[] hs = new double[2];
    double[] lps = new double[2];
    int[] cnt = new int[2];
    List<double[]> all = new ArrayList<>();
    for (Expected e : rs) {
      for (int t = 0; t < e.start.length; t++) {
        int cls = e.planning[t] ? 0 : 1;
        double ent = (float) e.in.get("entropies").get(t).asDouble();
        hs[cls] += ent;
        lps[cls] += (float) e.in.get("logprobs").get(t).asDouble();
        cnt[cls]++;
        all.add(new double[] {ent, e.planning[t] ? 1 : 0});
      }
    }
    m.put("token_entropy_planning", hs[0] / cnt[0]);
    m.put("token_entropy_execution", hs[1] / cnt[1]);
    m.put("perplexity_planning", Math.exp(-lps[0] / cnt[0]));
    m.put("perplexity_execution", Math.exp(-lps[1] / cnt[1]));
    // Step 1 is the first step with log-probabilities: relative perplexity 1.
    m.put("relative_perplexity_planning", 1.0);
    m.put("relative_perplexity_execution", 1.0);
    // Fork tokens: entropy >= the ceil(0.2 N)-th largest.
    double[] sorted = all.stream().mapToDouble(x -> x[0]).sorted().toArray();
    int k = (int) Math.ceil(0.2 * sorted.length);
    double threshold = sorted[sorted.length - k];
    long top = all.stream().filter(x -> x[0] >= threshold).count();
    long both = all.stream().filter(x -> x[0] >= threshold && x[1] == 1).count();
    m.put("fork_planning_in_top", both / (double) cnt[0]);
    m.put("fork_top_in_planning", both / (double) top);
    return m;
  }

  /**
   * Conditional entropy is hicra-metrics' definition (procedural n-gram after a Strategic Gram);
   * this checks the wiring: the same rollouts, texts and matches given to hicra-metrics directly.
   */
  static double conditionalEntropyOf(List<Expected> rs) throws IOException {
    StrategicGramSet set = StrategicGramSet.builder()
        .add(GRAMS[0][0], io.hicra.grams.GramCategory.parse(GRAMS[0][1]))
        .add(GRAMS[1][0], io.hicra.grams.GramCategory.parse(GRAMS[1][1]))
        .build();
    List<String> texts = new ArrayList<>();
    List<List<GramMatch>> matches = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Expected e : rs) {
      texts.add(e.text);
      List<GramMatch> ms = new ArrayList<>();
      String lower = e.text.toLowerCase(Locale.ROOT);
      for (int g = 0; g < GRAMS.length; g++) {
        for (int at = lower.indexOf(GRAMS[g][0]); at >= 0; at = lower.indexOf(GRAMS[g][0], at + 1)) {
          ms.add(new GramMatch(g, set.get(g), at, at + GRAMS[g][0].length()));
        }
      }
      matches.add(ms);
      keys.add(e.in.get("group").toString());
    }
    RolloutBatch batch = RolloutBatch.builder(rs.size()).texts(texts).matches(matches)
        .groups(Groups.ofKeys(keys)).build();
    return ConditionalGramEntropy.defaults().compute(batch).conditional();
  }

  static double binomial(int n, int k) {
    if (k > n) {
      return 0;
    }
    double r = 1;
    for (int i = 0; i < k; i++) {
      r = r * (n - i) / (i + 1);
    }
    return r;
  }

  @Test
  void gzipInputGivesTheSameOutputs() throws Exception {
    String[] good = Arrays.copyOf(LOG, 6);
    Path plain = writeLog("plain.jsonl", good);
    Path gz = dir.resolve("log.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(Files.readAllBytes(plain));
    }
    CliRunner.Result a = CliRunner.run("analyze", plain.toString(), "--grams", gramsFile.toString(),
        "--out", dir.resolve("a").toString());
    CliRunner.Result b = CliRunner.run("analyze", gz.toString(), "--grams", gramsFile.toString(),
        "--out", dir.resolve("b").toString());
    assertThat(a.code()).as(a.err()).isZero();
    assertThat(b.code()).as(b.err()).isZero();
    for (String f : new String[] {"advantages.jsonl", "metrics.csv", "metrics.json", "errors.jsonl"}) {
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
    }
    assertThat(Files.size(dir.resolve("a").resolve("errors.jsonl"))).isZero();
  }

  @Test
  void strictStopsAtTheFirstBadLineAndWritesNoOtherOutput() throws Exception {
    Path log = writeLog("log.jsonl", LOG);
    Path out = dir.resolve("strict");
    CliRunner.Result r = CliRunner.run("analyze", log.toString(), "--grams", gramsFile.toString(),
        "--out", out.toString(), "--strict");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("line 7: bad JSON");
    List<JsonNode> errors = readJsonl(out.resolve("errors.jsonl"));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("line").asInt()).isEqualTo(7);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("errors.jsonl");
    }
  }

  @Test
  void advantageOptionsFollowTheirFormulas() throws Exception {
    // Two groups in one step: rewards {3, 1, 2} and {0, 4}.
    Path log = writeLog("opts.jsonl",
        "{\"group\":\"x\",\"reward\":3,\"text\":\"let me check\"}",
        "{\"group\":\"x\",\"reward\":1,\"text\":\"b\"}",
        "{\"group\":\"x\",\"reward\":2,\"text\":\"c\"}",
        "{\"group\":\"y\",\"reward\":0,\"text\":\"d\"}",
        "{\"group\":\"y\",\"reward\":4,\"text\":\"e let me check\"}");
    double[] r = {3, 1, 2, 0, 4};
    double[] mean = {2, 2, 2, 2, 2};
    double batchMean = 2;
    double batchSs = 0;
    for (double v : r) {
      batchSs += (v - batchMean) * (v - batchMean);
    }
    double eps = 1e-4;
    Map<String, double[]> cases = new LinkedHashMap<>();
    // population std within the group: x: sqrt(2/3); y: 2
    cases.put("--std group --no-unbiased-std", new double[] {
      1 / (Math.sqrt(2.0 / 3) + eps), -1 / (Math.sqrt(2.0 / 3) + eps), 0, -2 / (2 + eps), 2 / (2 + eps)});
    // sample std over the whole step: sqrt(10 / 4)
    cases.put("--std batch", new double[] {
      1 / (Math.sqrt(batchSs / 4) + eps), -1 / (Math.sqrt(batchSs / 4) + eps), 0,
      -2 / (Math.sqrt(batchSs / 4) + eps), 2 / (Math.sqrt(batchSs / 4) + eps)});
    cases.put("--std none", new double[] {1, -1, 0, -2, 2});
    int c = 0;
    for (Map.Entry<String, double[]> e : cases.entrySet()) {
      Path out = dir.resolve("o" + c++);
      List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "--grams",
          gramsFile.toString(), "--out", out.toString(), "--epsilon", "1e-4", "--alpha", "0.5"));
      args.addAll(List.of(e.getKey().split(" ")));
      CliRunner.Result res = CliRunner.run(args.toArray(new String[0]));
      assertThat(res.code()).as(res.err()).isZero();
      List<JsonNode> adv = readJsonl(out.resolve("advantages.jsonl"));
      for (int i = 0; i < 5; i++) {
        assertThat(adv.get(i).get("advantage").asDouble()).as("%s rollout %d", e.getKey(), i)
            .isCloseTo(e.getValue()[i], within(1e-12));
        assertThat(mean[i]).isEqualTo(2);
      }
      // alpha 0.5: the planning tokens of rollout 4 (A > 0) get 1.5 A; of rollout 0 (A > 0) too.
      double a4 = e.getValue()[4];
      assertThat(adv.get(4).get("token_advantages").get(2).floatValue()).isEqualTo((float) (1.5 * a4));
      assertThat(adv.get(4).get("token_advantages").get(0).floatValue()).isEqualTo((float) a4);
    }
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(CliRunner.run("analyze", "--alpha", "1.5").code()).isEqualTo(2);
    assertThat(CliRunner.run("analyze", "--std", "median").code()).isEqualTo(2);
    assertThat(CliRunner.run("analyze", "--no-such-option").code()).isEqualTo(2);
    assertThat(CliRunner.run("frobnicate").code()).isEqualTo(2);
    assertThat(CliRunner.run().code()).isEqualTo(2);
    CliRunner.Result help = CliRunner.run("analyze", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--grams", "--alpha", "--std", "--[no-]unbiased-std", "--epsilon", "--out", "--strict");
    assertThat(CliRunner.run("--version").out()).startsWith("hicra ");
  }

  @Test
  void missingInputIsADataError() {
    CliRunner.Result r = CliRunner.run("analyze", dir.resolve("nope.jsonl").toString(), "--out",
        dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no such file");
  }

  @Test
  void gramsCommandPrintsTheSetByCategory() {
    CliRunner.Result r = CliRunner.run("grams", "--grams", gramsFile.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("2 grams", "VERIFICATION (1)", "  let me check", "BACKTRACKING (1)",
        "  try another way");
  }

  static int countOf(String s, String what) {
    int n = 0;
    for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  static List<JsonNode> readJsonl(Path p) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(p)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  static List<Map<String, String>> readCsv(Path p) throws IOException {
    List<String> lines = Files.readAllLines(p);
    String[] head = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      assertThat(v).hasSameSizeAs(head);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < head.length; i++) {
        row.put(head[i], v[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
