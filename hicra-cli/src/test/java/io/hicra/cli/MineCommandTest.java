package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.grams.StrategicGramSet;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hicra mine} over the sample log and a directory holding it plus a bad file. */
class MineCommandTest {
  @TempDir Path dir;

  @Test
  void minesTheSuccessfulRolloutsIntoALoadableLexicon() throws Exception {
    Path corpus = dir.resolve("corpus");
    Files.createDirectories(corpus);
    try (InputStream in = new GZIPInputStream(
        MineCommandTest.class.getResourceAsStream(AnalyzeCommand.SAMPLE_RESOURCE))) {
      Files.write(corpus.resolve("a.jsonl"), in.readAllBytes());
    }
    long correct = Files.readAllLines(corpus.resolve("a.jsonl")).stream()
        .filter(l -> l.contains("\"correct\":true")).count();
    Path out = dir.resolve("grams.tsv");
    CliRunner.Result r = CliRunner.run("mine", corpus.resolve("a.jsonl").toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("576 lines read = " + correct + " rollouts mined + " + (576 - correct)
        + " not successful + 0 lines rejected");
    StrategicGramSet set = StrategicGramSet.load(out);
    assertThat(set.size()).isPositive();
    assertThat(set.contains("but the problem says")).isTrue();

    Files.writeString(corpus.resolve("b.jsonl.gz.txt"), "ignored: not a log name");
    Files.writeString(corpus.resolve("c.jsonl"), "{\"group\":1}\n");
    CliRunner.Result d = CliRunner.run("mine", corpus.toString(), "--out", dir.resolve("g2.tsv").toString());
    assertThat(d.code()).isEqualTo(1);
    assertThat(d.out()).contains("577 lines read = " + correct + " rollouts mined + " + (576 - correct)
        + " not successful + 1 lines rejected");
    assertThat(d.err()).contains("c.jsonl: line 1: missing required field reward");
  }
}
