package io.hicra.grams;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The test corpus of reasoning traces written for hicra ({@code traces.txt}). */
final class Traces {
  private Traces() {}

  record Trace(String id, String topic, String text) {}

  static List<Trace> all() {
    String raw;
    try (InputStream in = Traces.class.getResourceAsStream("traces.txt")) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Trace> out = new ArrayList<>();
    String id = null;
    String topic = null;
    StringBuilder text = new StringBuilder();
    for (String line : raw.split("\n", -1)) {
      if (line.startsWith("### ")) {
        if (id != null) {
          out.add(new Trace(id, topic, strip(text)));
        }
        String[] head = line.substring(4).split(" ", 2);
        id = head[0];
        topic = head[1];
        text.setLength(0);
      } else if (id != null) {
        text.append(line).append('\n');
      }
    }
    out.add(new Trace(id, topic, strip(text)));
    return out;
  }

  private static String strip(StringBuilder sb) {
    int n = sb.length();
    while (n > 0 && sb.charAt(n - 1) == '\n') {
      n--;
    }
    return sb.substring(0, n);
  }

  /** Expected planning bits: tokens whose non-empty span overlaps a text-level match. */
  static boolean[] expectedMask(GramMatcher matcher, String text, int[] starts, int[] ends) {
    List<GramMatch> matches = matcher.findAll(text);
    boolean[] out = new boolean[starts.length];
    for (int t = 0; t < starts.length; t++) {
      for (GramMatch m : matches) {
        if (starts[t] < ends[t] && starts[t] < m.end() && m.start() < ends[t]) {
          out[t] = true;
          break;
        }
      }
    }
    return out;
  }
}
