package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard input, no progress bar off a terminal, and an interrupted run leaving nothing. */
class RobustnessTest {
  @TempDir Path dir;

  @Test
  void readsStandardInputAndDrawsNoProgressBarOffATerminal() throws Exception {
    InputStream old = System.in;
    String log = "{\"group\":1,\"reward\":1,\"text\":\"let me check\"}\n{\"group\":1,\"reward\":0,\"text\":\"no\"}\n";
    CliRunner.Result r;
    try {
      System.setIn(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
      r = CliRunner.run("analyze", "-", "--out", dir.resolve("o").toString());
    } finally {
      System.setIn(old);
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("stdin: 2 lines read = 2 rollouts analysed + 0 lines rejected");
    assertThat(r.err()).doesNotContain("\r", "rollouts/s");
    assertThat(Files.readAllLines(dir.resolve("o").resolve("advantages.jsonl"))).hasSize(2);
  }

  @Test
  void aKilledRunLeavesNoOutputThatLooksComplete() throws Exception {
    Path log = dir.resolve("big.jsonl");
    try (OutputStream o = Files.newOutputStream(log)) {
      SampleLogGenerator.writeSized(o, 6000, 2000, 3);
    }
    Path out = dir.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.hicra.cli.Main", "analyze", log.toString(), "--out", out.toString(), "--threads", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
    // Wait until the run is writing its temporary files, then stop it (SIGTERM).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean writing = false;
    while (!writing && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      writing = Files.isDirectory(out) && list(out).stream().anyMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(writing).as("the run started writing (log: %s)", Files.readString(dir.resolve("run.log")))
        .isTrue();
    assertThat(p.isAlive()).as("still running when stopped").isTrue();
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(list(out)).as("nothing left in the output directory").isEmpty();
  }

  static List<String> list(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString()).collect(Collectors.toList());
    }
  }
}
