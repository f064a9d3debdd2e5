package io.hicra.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes sampled rollouts as hicra's JSONL rollout log (schema v1, {@code docs/rollout-schema.md}):
 * one object per rollout with {@code step}, {@code group}, {@code id}, {@code reward}, {@code
 * correct}, {@code text}, {@code offsets} (code points; the task's text is ASCII, so they equal
 * char offsets), {@code logprobs} and {@code entropies}. {@code hicra analyze} reads it and
 * renders its report.
 */
final class RolloutLog {
  private final Appendable out;

  RolloutLog(Appendable out) {
    this.out = out;
  }

  /** Appends rollout {@code i} of a step; {@code spans} holds two offsets per token. */
  void write(int step, int group, int i, double reward, String text, int[] spans, float[] logp,
      float[] entropy, int from, int length) {
    StringBuilder sb = new StringBuilder(256 + 40 * length);
    sb.append("{\"step\":").append(step)
        .append(",\"group\":").append(group)
        .append(",\"id\":\"").append(step).append('-').append(i).append('"')
        .append(",\"reward\":").append(reward == 1.0 ? "1" : "0")
        .append(",\"correct\":").append(reward > 0)
        .append(",\"text\":\"");
    for (int c = 0; c < text.length(); c++) {
      char ch = text.charAt(c);
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    sb.append("\",\"offsets\":[");
    for (int t = 0; t < length; t++) {
      sb.append(t == 0 ? "[" : ",[").append(spans[2 * t]).append(',').append(spans[2 * t + 1])
          .append(']');
    }
    sb.append("],\"logprobs\":[");
    for (int t = 0; t < length; t++) {
      sb.append(t == 0 ? "" : ",").append(Math.min(0f, logp[from + t]));
    }
    sb.append("],\"entropies\":[");
    for (int t = 0; t < length; t++) {
      sb.append(t == 0 ? "" : ",").append(Math.max(0f, entropy[from + t]));
    }
    sb.append("]}\n");
    try {
      out.append(sb);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rollout log", e);
    }
  }
}
