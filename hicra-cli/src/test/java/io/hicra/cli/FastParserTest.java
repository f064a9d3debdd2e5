package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * RolloutParser's fast path against its Jackson path: on every line, well-formed or broken, the
 * two give the same rollout (every field) or the same rejection (line and reason).
 */
class FastParserTest {
  private final RolloutParser fast = new RolloutParser(true);
  private final RolloutParser jackson = new RolloutParser(false);

  /** The outcome of one parse as text: every field of the rollout, or the rejection. */
  static String outcome(RolloutParser parser, byte[] line) {
    try {
      Rollout r = parser.parse(line, 0, line.length, 42);
      return "line=" + r.line + " id=" + r.id + "/" + r.idIsNumber + " group=" + r.group + "/"
          + r.groupIsNumber + " step=" + r.step + " reward=" + Double.doubleToRawLongBits(r.reward)
          + " correct=" + r.correct + " text=" + r.text + " tokens=" + r.tokens
          + " starts=" + java.util.Arrays.toString(r.tokenStart)
          + " ends=" + java.util.Arrays.toString(r.tokenEnd)
          + " planning=" + (r.givenPlanning == null ? "null" : java.util.Arrays.toString(r.givenPlanning.toBooleans()))
          + " lp=" + java.util.Arrays.toString(r.logprobs)
          + " olp=" + java.util.Arrays.toString(r.oldLogprobs)
          + " rlp=" + java.util.Arrays.toString(r.refLogprobs)
          + " ent=" + java.util.Arrays.toString(r.entropies);
    } catch (DataException e) {
      return "rejected line " + e.line() + ": " + e.reason();
    }
  }

  void same(String line) {
    same(line.getBytes(StandardCharsets.UTF_8));
  }

  void same(byte[] line) {
    assertThat(outcome(fast, line))
        .as(new String(line, StandardCharsets.UTF_8))
        .isEqualTo(outcome(jackson, line));
  }

  @Test
  void handPickedLines() {
    String[] lines = {
      "{\"group\":\"g0\",\"step\":0,\"prompt\":\"What?\",\"tokens\":[\"A\",\" b\",\"\\\\\",\"{\"],"
          + "\"reward\":1.0,\"correct\":true}",
      "{\"group\":17,\"reward\":0,\"text\":\"Let me check\"}",
      "{\"group\":-0,\"reward\":-0,\"id\":-0,\"step\":-0,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":-0.0,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1e999,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":NaN,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":12345678901234567890123,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1,\"step\":123456789012345678901,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1,\"step\":1.0,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1,\"step\":1e2,\"text\":\"x\"}",
      "{\"group\":1.5,\"reward\":1,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":01,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1.,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":.5,\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":\"1\",\"text\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1,\"text\":null,\"tokens\":[\"x\",\"y\"]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"xy\",\"tokens\":[\"x\",\"y\"]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"xz\",\"tokens\":[\"x\",\"y\"]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"x\",1]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"x\",]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":\"x\"}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"\\u00e9\\t\\n\\\"\\/\\b\\f\\r\"]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"\\ud83d\\ude00\"]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"\\x\"]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"é😀\"]}",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"a\tb\"]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"text\":\"b\"}",
      "{\"group\":\"a\",\"group\":\"b\",\"reward\":1,\"text\":\"a\"}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"extra\":{\"k\":[1,2.5e-3,true,false,null,\"s\",{}],\"e\":[]}}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"extra\":{\"k\":[1,2]]}}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"extra\":tru}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"extra\":truex}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"correct\":null}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"correct\":false}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"correct\":1}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"id\":null}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"id\":[1]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a b\",\"offsets\":[[0,1],[1,3]]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a b\",\"planning_mask\":[0,1,0]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a b\",\"logprobs\":[-0.1,-0.2,-0.3]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\"} ",
      " \t{ \"group\" : \"a\" , \"reward\" : 1 , \"text\" : \"a\" } \r\n",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\"} x",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\"}{}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\"",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a",
      "{\"group\":\"a\",\"reward\":1,,\"text\":\"a\"}",
      "{\"group\":\"a\" \"reward\":1}",
      "{\"gr\\u006fup\":\"a\",\"reward\":1,\"text\":\"a\"}",
      "{\"reward\":1,\"text\":\"a\"}",
      "{\"group\":\"a\",\"text\":\"a\"}",
      "{}",
      "[]",
      "\"x\"",
      "",
      "   ",
      "{",
      "}",
      "{\"group\":\"a\",\"reward\":-,\"text\":\"a\"}",
      "{\"group\":\"a\",\"reward\":1e,\"text\":\"a\"}",
      "{\"group\":\"a\",\"reward\":1E+2,\"text\":\"a\"}",
      "{\"group\":\"a\",\"reward\":-1.25e-2,\"text\":\"a\"}",
      "{\"group\":\"a\",\"reward\":0.1,\"text\":\"a\"}",
    };
    for (String line : lines) {
      same(line);
    }
  }

  /** Whitespace wherever JSON allows it, escapes and empty pieces: still the fast path. */
  @Test
  void plainLinesWithWhitespaceAndEscapesAreReadFast() {
    String[] lines = {
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[ \"a\" , \"b\" ,\"c\", \"d\" ,\t\"\" ]}",
      " { \"group\" : 7 , \"reward\" : -0.5 , \"tokens\" : [ ] , \"text\" : \"\" } ",
      "{\"group\":\"a\",\"reward\":1,\"tokens\":[\"x\\\"y\",\"\\\\\",\"\\n\",\"\\u0041b\"]}",
      "{\"group\":\"a\",\"reward\":1,\"text\":\"a\",\"meta\":{ \"k\" : [ 1 , { } , [ ] ] }}",
    };
    for (String line : lines) {
      same(line);
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(fast.fastPathReads(bytes, 0, bytes.length)).as(line).isTrue();
    }
  }

  @Test
  void theBenchmarkLogAndEveryPrefixOfALine() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    SampleLogGenerator.writeSized(out, 40, 300, 3);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(40);
    for (String line : lines) {
      same(line);
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(fast.fastPathReads(bytes, 0, bytes.length)).as(line).isTrue();
    }
    byte[] one = lines[0].getBytes(StandardCharsets.UTF_8);
    for (int n = 0; n <= one.length; n++) {
      same(java.util.Arrays.copyOf(one, n));
    }
  }

  /**
   * The fast path reads the pieces of a tokens array eight bytes at a time ({@code
   * RolloutParser.latinPieces}): pieces of every length around the word size, with escapes,
   * quotes, {@code \\u} escapes up to U+00FF and above it (which switch to the char path), at
   * every alignment, in the middle of a line (words read) and at its end (the byte-by-byte
   * tail): the same outcome as Jackson, and always read by the fast path (every unit is printable ASCII or a valid escape).
   */
  @Property(tries = 2000)
  void longTokenArraysAtEveryAlignment(@ForAll long seed) {
    Random rnd = new Random(seed);
    String[] units = {"a", "Z", " ", "7", ",", "]", "[", ":", "{", "}", "\\\\", "\\\"", "\\/",
        "\\n", "\\t", "\\b", "\\f", "\\r", "\\u0041", "\\u00e9", "\\u00ff", "\\u0100",
        "\\u4e2d", "\\u0000", "\\u001f"};
    StringBuilder tokens = new StringBuilder("[");
    int pieces = rnd.nextInt(40);
    for (int p = 0; p < pieces; p++) {
      if (p > 0) {
        tokens.append(rnd.nextInt(12) == 0 ? ", " : ",");
      }
      tokens.append('"');
      int len = rnd.nextInt(4) == 0 ? rnd.nextInt(30) : rnd.nextInt(10);
      for (int c = 0; c < len; c++) {
        tokens.append(rnd.nextInt(3) == 0 ? units[rnd.nextInt(units.length)] : units[rnd.nextInt(4)]);
      }
      tokens.append('"');
    }
    tokens.append(']');
    String pad = "x".repeat(rnd.nextInt(9));
    String line = rnd.nextBoolean()
        ? "{\"group\":\"" + pad + "\",\"tokens\":" + tokens + ",\"reward\":1,\"prompt\":\"" + pad
            + "\"}"
        : "{\"group\":\"" + pad + "\",\"reward\":0.5,\"tokens\":" + tokens + "}";
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    same(bytes);
    assertThat(fast.fastPathReads(bytes, 0, bytes.length)).as(line).isTrue();
    // A control char, a raw non-ASCII byte or a broken escape anywhere: still the same outcome.
    if (bytes.length > 0) {
      byte[] edited = bytes.clone();
      byte[] pool = {0x01, 0x1f, (byte) 0x80, (byte) 0xc3, '\\', '"', 'u', ',', ' '};
      edited[rnd.nextInt(edited.length)] = pool[rnd.nextInt(pool.length)];
      same(edited);
    }
  }

  /** Pieces that end exactly at, just before and just after a word of eight bytes. */
  @Test
  void piecesAroundTheWordSize() {
    for (int len = 0; len <= 20; len++) {
      for (int shift = 0; shift < 8; shift++) {
        String piece = "p".repeat(len);
        String tail = "q".repeat(shift);
        same("{\"group\":\"" + tail + "\",\"tokens\":[\"" + piece + "\",\"" + tail + piece
            + "\",\"\\\\" + piece + "\"],\"reward\":1,\"meta\":\"" + "m".repeat(shift) + "\"}");
        same("{\"group\":\"g\",\"reward\":1,\"tokens\":[\"" + tail + "\",\"" + piece + "\"]}");
        same("{\"group\":\"g\",\"reward\":1,\"tokens\":[\"" + piece + "\\u4e2d" + tail + "\",\""
            + piece + "\"],\"prompt\":\"" + tail + "\"}");
      }
    }
  }

  /** Random lines from fields and values, some broken by a random edit. */
  @Property(tries = 3000)
  void randomLinesGiveTheSameOutcome(@ForAll long seed) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder("{");
    List<String> keys = new ArrayList<>(List.of("group", "reward", "step", "id", "text", "tokens",
        "correct", "prompt", "meta", "offsets", "planning_mask", "logprobs"));
    int fields = rnd.nextInt(8);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        sb.append(rnd.nextInt(10) == 0 ? " , " : ",");
      }
      String key = keys.get(rnd.nextInt(keys.size()));
      sb.append('"').append(key).append("\":");
      sb.append(value(rnd, key, 0));
    }
    if (rnd.nextInt(3) > 0) {
      // Mostly complete lines with the required fields.
      sb.append(fields > 0 ? "," : "").append("\"group\":\"g\",\"reward\":").append(number(rnd));
    }
    sb.append('}');
    byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
    same(line);
    // One random edit: delete, insert or replace a byte.
    if (line.length > 0) {
      int at = rnd.nextInt(line.length);
      byte[] pool = "{}[]\",:\\ 0123456789.eE-+truefalsn\t\u007f".getBytes(StandardCharsets.ISO_8859_1);
      byte c = rnd.nextInt(20) == 0 ? (byte) (0x80 + rnd.nextInt(0x80)) : pool[rnd.nextInt(pool.length)];
      byte[] edited;
      switch (rnd.nextInt(3)) {
        case 0:
          edited = new byte[line.length - 1];
          System.arraycopy(line, 0, edited, 0, at);
          System.arraycopy(line, at + 1, edited, at, line.length - at - 1);
          break;
        case 1:
          edited = new byte[line.length + 1];
          System.arraycopy(line, 0, edited, 0, at);
          edited[at] = c;
          System.arraycopy(line, at, edited, at + 1, line.length - at);
          break;
        default:
          edited = line.clone();
          edited[at] = c;
      }
      same(edited);
    }
  }

  private static String value(Random rnd, String key, int depth) {
    switch (key) {
      case "tokens":
        if (rnd.nextInt(10) == 0) {
          return scalar(rnd);
        }
        StringBuilder t = new StringBuilder("[");
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
          String comma = rnd.nextInt(8) == 0 ? " , " : rnd.nextInt(8) == 0 ? ",\t" : ",";
          t.append(i > 0 ? comma : "").append(rnd.nextInt(15) == 0 ? scalar(rnd) : string(rnd));
        }
        return t.append(']').toString();
      case "offsets":
        return rnd.nextBoolean() ? "[[0,1]]" : "[[0,1],[1,2]]";
      case "planning_mask":
        return rnd.nextBoolean() ? "[0,1]" : "[1]";
      case "logprobs":
        return rnd.nextBoolean() ? "[-0.5,-1e-3]" : "[0.5]";
      case "meta":
        if (depth < 3) {
          return rnd.nextBoolean()
              ? "{\"a\":" + value(rnd, "meta", depth + 1) + ",\"b\":" + scalar(rnd) + "}"
              : "[" + value(rnd, "meta", depth + 1) + "," + scalar(rnd) + "]";
        }
        return scalar(rnd);
      default:
        return rnd.nextInt(4) == 0 ? scalar(rnd) : key.equals("reward") || key.equals("step")
            ? number(rnd) : rnd.nextBoolean() ? string(rnd) : scalar(rnd);
    }
  }

  private static String scalar(Random rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return "true";
      case 1:
        return "false";
      case 2:
        return "null";
      case 3:
        return string(rnd);
      default:
        return number(rnd);
    }
  }

  private static String number(Random rnd) {
    switch (rnd.nextInt(9)) {
      case 0:
        return Integer.toString(rnd.nextInt());
      case 1:
        return Long.toString(rnd.nextLong());
      case 2:
        return Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
      case 3:
        return "-0";
      case 4:
        return rnd.nextInt(100) + "e" + (rnd.nextInt(800) - 400);
      case 5:
        return "1234567890123456789" + rnd.nextInt(10);
      case 6:
        return String.format(java.util.Locale.ROOT, "%.17g", rnd.nextDouble());
      default:
        return Integer.toString(rnd.nextInt(3));
    }
  }

  private static String string(Random rnd) {
    String[] pieces = {"a", " b", "Let", " me", "\\\\", "\\\"", "\\n", "\\t", "\\/", "\\u0041",
        "\\u00e9", "\\ud83d\\ude00", "é", "😀", "{", "}", "[", "]", ",", ":", " ", "\\u000", "\\q"};
    StringBuilder s = new StringBuilder("\"");
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      s.append(pieces[rnd.nextInt(pieces.length)]);
    }
    return s.append('"').toString();
  }
}
