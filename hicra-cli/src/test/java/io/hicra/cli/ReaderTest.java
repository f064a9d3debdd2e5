package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line splitting, gzip detection, offsets conversion and per-line validation. */
class ReaderTest {
  @TempDir Path dir;

  static List<String> lines(byte[] bytes) throws Exception {
    List<String> out = new ArrayList<>();
    try (LineSource s = LineSource.open(new ByteArrayInputStream(bytes), bytes.length)) {
      byte[] line;
      while ((line = s.next()) != null) {
        out.add(new String(line, StandardCharsets.UTF_8));
        assertThat(s.lineNumber()).isEqualTo(out.size());
      }
    }
    return out;
  }

  @Test
  void splitsLinesWithCrLfBlankLinesAndNoFinalNewline() throws Exception {
    assertThat(lines("a\r\nb\n\nc".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "b", "", "c");
    assertThat(lines("a\n".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
    assertThat(lines(new byte[0])).isEmpty();
    String longLine = "x".repeat(300_000);
    assertThat(lines((longLine + "\nz").getBytes(StandardCharsets.UTF_8))).containsExactly(longLine, "z");
  }

  @Test
  void readsGzipTransparently() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write("é1\nline 2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(lines(b.toByteArray())).containsExactly("é1", "line 2");
    Path p = dir.resolve("x.jsonl.gz");
    Files.write(p, b.toByteArray());
    try (LineSource s = LineSource.open(p)) {
      assertThat(s.size()).isEqualTo(b.size());
      assertThat(s.next()).isNotNull();
    }
  }

  @Test
  void codePointOffsetsConvertBothWays() {
    String t = "a\uD83D\uDE00b\uD835\uDC9Ec";
    int[] idx = CodePoints.utf16Index(t);
    assertThat(idx).containsExactly(0, 1, 3, 4, 6, 7);
    for (int k = 0; k < idx.length; k++) {
      assertThat(CodePoints.codePointOffset(t, idx[k])).isEqualTo(k);
    }
    int[] out = new int[3];
    CodePoints.codePointOffsets(t, new int[] {1, 4, 7}, 3, out);
    assertThat(out).containsExactly(1, 3, 5);
    assertThat(CodePoints.utf16Index("abc")).containsExactly(0, 1, 2, 3);
  }

  static Rollout parse(String json) throws DataException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new RolloutParser().parse(b, 0, b.length, 42);
  }

  static String reason(String json) {
    try {
      parse(json);
      return null;
    } catch (DataException e) {
      assertThat(e.line()).isEqualTo(42);
      return e.reason();
    }
  }

  @Test
  void parsesTokensOffsetsAndWords() throws Exception {
    Rollout r = parse("{\"group\":1,\"reward\":-2,\"step\":3,\"tokens\":[\"\uD83D\uDE00\",\" a\"]}");
    assertThat(r.text).isEqualTo("\uD83D\uDE00 a");
    assertThat(r.tokenStart).containsExactly(0, 2);
    assertThat(r.tokenEnd).containsExactly(2, 4);
    assertThat(r.groupIsNumber).isTrue();
    assertThat(r.correct).isFalse();
    assertThat(r.step).isEqualTo(3);

    r = parse("{\"group\":\"g\",\"reward\":1,\"text\":\"\uD83D\uDE00ab\",\"offsets\":[[0,1],[1,3]]}");
    assertThat(r.tokenStart).containsExactly(0, 2);
    assertThat(r.tokenEnd).containsExactly(2, 4);

    r = parse("{\"group\":\"g\",\"reward\":1,\"text\":\"  two words\\n\"}");
    // "  ", "two", " ", "words", "\n"
    assertThat(r.tokens).isEqualTo(5);
    assertThat(r.tokenStart).containsExactly(0, 2, 5, 6, 11);
    assertThat(r.tokenEnd).containsExactly(2, 5, 6, 11, 12);
    assertThat(r.step).isZero();
    assertThat(r.correct).isTrue();
  }

  @Test
  void rejectsBadLinesWithAReason() {
    assertThat(reason("{\"reward\":1,\"text\":\"a\"}")).isEqualTo("missing required field group");
    assertThat(reason("{\"group\":[1],\"reward\":1,\"text\":\"a\"}")).contains("group must be a string or an integer");
    assertThat(reason("{\"group\":\"g\",\"reward\":\"1\",\"text\":\"a\"}")).contains("reward must be a number");
    assertThat(reason("{\"group\":\"g\",\"reward\":Infinity,\"text\":\"a\"}")).contains("reward must be finite");
    assertThat(reason("{\"group\":\"g\",\"reward\":1}")).contains("missing text");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"step\":1.5,\"text\":\"a\"}")).contains("step must be an integer");
    assertThat(reason("[1,2]")).contains("not a JSON object");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a\"} {}")).contains("unexpected content");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a\",\"planning_mask\":[2]}"))
        .contains("planning_mask[0] must be 0 or 1");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a b\",\"planning_mask\":[1]}"))
        .contains("planning_mask has 1 values but the rollout has 3 tokens");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a\",\"entropies\":[-0.5]}"))
        .contains("entropies[0] must be >= 0");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a\",\"logprobs\":[0.5]}"))
        .contains("logprobs[0] must be <= 0");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"a\",\"old_logprobs\":[NaN]}"))
        .contains("old_logprobs[0] must be finite");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"ab\",\"offsets\":[[0,1,2]]}"))
        .contains("offsets[0] must have exactly 2 elements");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"ab\",\"offsets\":[[2,1]]}"))
        .contains("offsets[0] = [2, 1) is out of range");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"text\":\"ab\",\"tokens\":[\"a\"]}"))
        .contains("tokens do not concatenate to text");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,\"tokens\":[\"a\"],\"offsets\":[[0,1],[1,1]]}"))
        .contains("offsets has 2 pairs but tokens has 1 pieces");
    assertThat(reason("   ")).isEqualTo("blank line");
    assertThat(reason("{\"group\":\"g\",\"reward\":1,")).startsWith("bad JSON");
  }

  @Test
  void atomicOutputLeavesNothingWithoutCommit() throws Exception {
    Path target = dir.resolve("f.txt");
    try (AtomicOutput o = new AtomicOutput(target)) {
      o.stream().write(1);
    }
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    AtomicOutput.write(target, new byte[] {1, 2});
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2);
    assertThatThrownBy(() -> {
      throw new DataException(3, "x");
    }).hasMessage("line 3: x");
  }

  @net.jqwik.api.Property(tries = 2000)
  void indexOfNewlineFindsTheFirstNewline(
      @net.jqwik.api.ForAll long seed,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int length) {
    java.util.Random rnd = new java.util.Random(seed);
    byte[] b = new byte[length];
    // Bytes near '\n' (0x0A), 0x00, 0x80, 0xFF and '\r': where a word-at-a-time test can go wrong.
    byte[] pool = {'\n', '\n', '\r', 0x0B, 0x09, 0x00, 0x01, (byte) 0x80, (byte) 0x8A, (byte) 0xFF, 'a', 0x7F};
    for (int i = 0; i < length; i++) {
      b[i] = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : (byte) rnd.nextInt(256);
    }
    int from = length == 0 ? 0 : rnd.nextInt(length + 1);
    int to = from + rnd.nextInt(length - from + 1);
    int expected = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        expected = i;
        break;
      }
    }
    assertThat(LineSource.indexOfNewline(b, from, to)).isEqualTo(expected);
  }

  @Test
  void atomicOutputReplacesAnExistingTargetAndLeavesNoOtherFile() throws Exception {
    Path target = dir.resolve("big.jsonl");
    Path other = dir.resolve("other.txt");
    Files.write(other, new byte[] {9});
    for (int round = 0; round < 3; round++) {
      byte[] content = new byte[1 << 20];
      java.util.Arrays.fill(content, (byte) ('a' + round));
      try (AtomicOutput o = new AtomicOutput(target)) {
        o.stream().write(content);
        // Until the commit, the target still holds the previous round's content.
        if (round > 0) {
          assertThat(Files.readAllBytes(target)[0]).isEqualTo((byte) ('a' + round - 1));
        }
        o.commit();
      }
      assertThat(Files.readAllBytes(target)).isEqualTo(content);
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("big.jsonl", "other.txt");
      }
    }
    assertThat(Files.readAllBytes(other)).containsExactly(9);
  }
}
