package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sample log: regenerable, clean, and shaped like the paper's two phases. */
class SampleLogTest {
  @TempDir Path dir;

  @Test
  void shippedSampleEqualsAFreshGeneration() throws Exception {
    byte[] shipped;
    try (InputStream in = SampleLogTest.class.getResourceAsStream(AnalyzeCommand.SAMPLE_RESOURCE)) {
      assertThat(in).isNotNull();
      shipped = in.readAllBytes();
    }
    ByteArrayOutputStream fresh = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(fresh, 1 << 16)) {
      SampleLogGenerator.writeSample(gz);
    }
    assertThat(fresh.toByteArray())
        .as("regenerate with SampleLogGenerator (see its Javadoc)")
        .isEqualTo(shipped);
  }

  @Test
  void analyzeWithNoArgumentRunsOnTheSample() throws Exception {
    Path out = dir.resolve("out");
    CliRunner.Result r = CliRunner.run("analyze", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    int n = SampleLogGenerator.STEPS * SampleLogGenerator.PROMPTS * SampleLogGenerator.GROUP;
    assertThat(n).isGreaterThanOrEqualTo(300);
    assertThat(r.out()).contains(n + " lines read = " + n + " rollouts analysed + 0 lines rejected");
    assertThat(r.err()).contains("built-in sample log");
    List<String> adv = Files.readAllLines(out.resolve("advantages.jsonl"));
    assertThat(adv).hasSize(n);
    Set<String> texts = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = new java.util.zip.GZIPInputStream(
        SampleLogTest.class.getResourceAsStream(AnalyzeCommand.SAMPLE_RESOURCE))) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        texts.add(json.readTree(line).get("text").asText());
      }
    }
    // Varied traces: almost every rollout's text is different.
    assertThat(texts.size()).isGreaterThan(n * 9 / 10);

    JsonNode steps = json.readTree(out.resolve("metrics.json").toFile()).get("steps");
    assertThat(steps.size()).isEqualTo(SampleLogGenerator.STEPS).isGreaterThanOrEqualTo(10);
    JsonNode first = steps.get(0);
    JsonNode last = steps.get(steps.size() - 1);
    // Phase 1: execution tokens consolidate fast (entropy and perplexity fall more than planning's).
    double execDrop = first.get("token_entropy_execution").asDouble() - last.get("token_entropy_execution").asDouble();
    double planDrop = first.get("token_entropy_planning").asDouble() - last.get("token_entropy_planning").asDouble();
    assertThat(execDrop).isGreaterThan(0).isGreaterThan(planDrop);
    assertThat(last.get("relative_perplexity_execution").asDouble())
        .isLessThan(last.get("relative_perplexity_planning").asDouble());
    // Phase 2: strategic diversity, accuracy and length rise.
    assertThat(last.get("semantic_entropy").asDouble()).isGreaterThan(first.get("semantic_entropy").asDouble());
    assertThat(last.get("accuracy").asDouble()).isGreaterThan(first.get("accuracy").asDouble() + 0.3);
    assertThat(last.get("mean_tokens").asDouble()).isGreaterThan(first.get("mean_tokens").asDouble());
  }
}
