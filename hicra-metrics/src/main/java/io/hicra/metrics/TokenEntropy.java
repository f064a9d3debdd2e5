package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;

/**
 * Token-level entropy: the Shannon entropy of the policy's next-token distribution at each
 * position, and its mean over planning and execution tokens (paper §2.2, "Token-Level Entropy").
 *
 * <p>From a row of logits {@code x_1 … x_V} (softmax {@code p_i = e^{x_i} / Σ_j e^{x_j}}), with
 * {@code m = max_i x_i}, {@code z_i = x_i − m}, {@code S = Σ_i e^{z_i}}:
 *
 * <pre>
 * H = − Σ_i p_i ln p_i = ln S − (Σ_i z_i e^{z_i}) / S        (nats)
 * </pre>
 *
 * This is the log-sum-exp form: every exponent is {@code <= 0}, so logits of any finite magnitude
 * (±1e4 and beyond) neither overflow nor lose the distribution; {@code S >= 1} always. Results are
 * in nats, {@code 0 <= H <= ln V}; a tiny negative rounding residue is clamped to 0. Each row is
 * read twice (max, then the sums); a row of Qwen3's 151,936 float logits (608 KB) fits in a 1 MiB
 * L2 cache, so memory traffic is one read per logit. Accumulation is in {@code double} for both
 * float and double input, with {@link Math#exp}: the cost is one {@code exp} per logit.
 *
 * <p>Errors: a NaN or infinite logit (a {@code −∞} mask included: mask with a large negative
 * finite value, or drop those entries) throws {@link IllegalArgumentException} naming the
 * position and the vocabulary index. A vocabulary of 0 is refused. The {@code …Into} methods
 * allocate nothing.
 */
public final class TokenEntropy {
  private TokenEntropy() {}

  /**
   * Entropy in nats of the softmax of one row, {@code logits[offset .. offset + vocab)}.
   *
   * @throws IllegalArgumentException if {@code vocab < 1}, the row is out of bounds, or a logit
   *     is NaN or infinite
   */
  public static double ofRow(float[] logits, int offset, int vocab) {
    Checks.notNull(logits, "logits");
    Checks.positive(vocab, "vocab");
    Checks.range(offset, vocab, logits.length, "logits");
    return row(logits, offset, vocab, -1);
  }

  /** Double-precision input; otherwise as {@link #ofRow(float[], int, int)}. */
  public static double ofRow(double[] logits, int offset, int vocab) {
    Checks.notNull(logits, "logits");
    Checks.positive(vocab, "vocab");
    Checks.range(offset, vocab, logits.length, "logits");
    return row(logits, offset, vocab, -1);
  }

  /** Entropy of the softmax of a whole array of logits (one position). */
  public static double fromLogits(float[] logits) {
    Checks.notNull(logits, "logits");
    return ofRow(logits, 0, logits.length);
  }

  /** Entropy of the softmax of a whole array of logits (one position). */
  public static double fromLogits(double[] logits) {
    Checks.notNull(logits, "logits");
    return ofRow(logits, 0, logits.length);
  }

  /**
   * Entropies of every row of a row-major {@code [positions, vocab]} array of logits ({@code
   * positions = logits.length / vocab}); allocates the result.
   *
   * @throws IllegalArgumentException if {@code vocab < 1} or does not divide {@code
   *     logits.length}, or a logit is NaN or infinite
   */
  public static float[] perPosition(float[] logits, int vocab) {
    Checks.notNull(logits, "logits");
    Checks.positive(vocab, "vocab");
    if (logits.length % vocab != 0) {
      throw new IllegalArgumentException("logits has length " + logits.length
          + ", not a multiple of vocab = " + vocab);
    }
    int positions = logits.length / vocab;
    float[] out = new float[positions];
    perPositionInto(logits, 0, positions, vocab, out, 0);
    return out;
  }

  /**
   * Writes the entropies (nats) of {@code positions} consecutive rows of {@code vocab} logits,
   * starting at {@code logits[offset]}, into {@code out[outOffset .. outOffset + positions)}.
   * Allocates nothing.
   *
   * @throws IllegalArgumentException if a range is out of bounds, {@code vocab < 1}, or a logit is
   *     NaN or infinite (names the position and vocabulary index)
   */
  public static void perPositionInto(
      float[] logits, int offset, int positions, int vocab, float[] out, int outOffset) {
    Checks.notNull(logits, "logits");
    Checks.notNull(out, "out");
    Checks.nonNegative(positions, "positions");
    Checks.positive(vocab, "vocab");
    Checks.range(offset, (long) positions * vocab, logits.length, "logits");
    Checks.range(outOffset, positions, out.length, "out");
    for (int p = 0; p < positions; p++) {
      out[outOffset + p] = (float) row(logits, offset + p * vocab, vocab, p);
    }
  }

  /** Double-precision input and output; otherwise as the float overload. */
  public static void perPositionInto(
      double[] logits, int offset, int positions, int vocab, double[] out, int outOffset) {
    Checks.notNull(logits, "logits");
    Checks.notNull(out, "out");
    Checks.nonNegative(positions, "positions");
    Checks.positive(vocab, "vocab");
    Checks.range(offset, (long) positions * vocab, logits.length, "logits");
    Checks.range(outOffset, positions, out.length, "out");
    for (int p = 0; p < positions; p++) {
      out[outOffset + p] = row(logits, offset + p * vocab, vocab, p);
    }
  }

  /**
   * Mean token entropy over planning tokens, execution tokens and all tokens, from precomputed
   * per-token entropies (nats, e.g. logged by the trainer). One pass over {@code entropies} plus
   * the planning mask's set bits; allocates only the result.
   *
   * @param entropies one entropy per token of {@code layout}, finite and {@code >= 0}
   * @param layout the batch layout
   * @param planning the planning-token mask over the same tokens
   * @throws IllegalArgumentException on length mismatch or a NaN, infinite or negative entropy
   *     (names the token index and value)
   */
  public static TokenClassMeans meansByClass(
      float[] entropies, BatchLayout layout, TokenMask planning) {
    return ClassSums.of(entropies, layout, planning, "entropies", ClassSums.NON_NEGATIVE).means();
  }

  private static double row(float[] x, int from, int vocab, int position) {
    int end = from + vocab;
    float m0 = Float.NEGATIVE_INFINITY;
    float m1 = Float.NEGATIVE_INFINITY;
    float sum = 0f;
    int i = from;
    for (; i + 1 < end; i += 2) {
      float a = x[i];
      float b = x[i + 1];
      m0 = Math.max(m0, a);
      m1 = Math.max(m1, b);
      sum += a * 0f + b * 0f;
    }
    for (; i < end; i++) {
      m0 = Math.max(m0, x[i]);
      sum += x[i] * 0f;
    }
    float m = Math.max(m0, m1);
    // x * 0 is NaN exactly for NaN and infinite x, so sum is NaN iff some logit is not finite.
    if (Float.isNaN(sum) || Float.isNaN(m)) {
      throw badLogit(x, from, vocab, position);
    }
    double s0 = 0;
    double s1 = 0;
    double t0 = 0;
    double t1 = 0;
    i = from;
    for (; i + 1 < end; i += 2) {
      double za = (double) x[i] - m;
      double zb = (double) x[i + 1] - m;
      double ea = Math.exp(za);
      double eb = Math.exp(zb);
      s0 += ea;
      s1 += eb;
      t0 += za * ea;
      t1 += zb * eb;
    }
    for (; i < end; i++) {
      double z = (double) x[i] - m;
      double e = Math.exp(z);
      s0 += e;
      t0 += z * e;
    }
    double s = s0 + s1;
    double h = Math.log(s) - (t0 + t1) / s;
    return h > 0 ? h : 0.0;
  }

  private static double row(double[] x, int from, int vocab, int position) {
    int end = from + vocab;
    double m = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (int i = from; i < end; i++) {
      m = Math.max(m, x[i]);
      sum += x[i] * 0.0;
    }
    if (Double.isNaN(sum) || Double.isNaN(m)) {
      throw badLogit(x, from, vocab, position);
    }
    double s = 0;
    double t = 0;
    for (int i = from; i < end; i++) {
      double z = x[i] - m;
      double e = Math.exp(z);
      s += e;
      t += z * e;
    }
    double h = Math.log(s) - t / s;
    return h > 0 ? h : 0.0;
  }

  private static IllegalArgumentException badLogit(float[] x, int from, int vocab, int position) {
    for (int i = from; i < from + vocab; i++) {
      if (Float.isNaN(x[i]) || Float.isInfinite(x[i])) {
        return badLogit(x[i], from, i, position);
      }
    }
    return new IllegalArgumentException("logits row at " + from + " is not finite");
  }

  private static IllegalArgumentException badLogit(double[] x, int from, int vocab, int position) {
    for (int i = from; i < from + vocab; i++) {
      if (Double.isNaN(x[i]) || Double.isInfinite(x[i])) {
        return badLogit(x[i], from, i, position);
      }
    }
    return new IllegalArgumentException("logits row at " + from + " is not finite");
  }

  private static IllegalArgumentException badLogit(double v, int from, int i, int position) {
    String where = position >= 0 ? "position " + position + ", " : "";
    return new IllegalArgumentException(
        "logits[" + i + "] (" + where + "vocabulary index " + (i - from) + ") = " + v
            + " is not finite");
  }
}
