package io.hicra.core;

import java.util.Arrays;

/**
 * HICRA's hierarchy-aware token credit (Wang et al., arXiv:2509.03646, §3): the entry point for
 * custom training loops.
 *
 * <pre>
 *   Â_t = A + α·|A|   if token t is a planning token
 *   Â_t = A           otherwise
 * </pre>
 *
 * where {@code A} is the rollout's sequence advantage (e.g. from {@link GroupAdvantages}). For a
 * rollout with {@code A > 0} planning tokens get {@code (1 + α)·A}; for {@code A < 0} they get
 * {@code (1 − α)·A}: the penalty on planning shrinks. With {@code α ∈ [0, 1]} no sign flips;
 * other values are refused. The paper uses {@code α = 0.2}.
 *
 * <p>Example: {@code A = 1.1547}, {@code α = 0.2}: planning tokens 1.38564, others 1.1547; {@code
 * A = −0.57735}: planning tokens −0.46188, others −0.57735.
 *
 * <p>Performance: one pass over the output in blocks of 1,024 tokens: {@code Arrays.fill} of the
 * block with {@code A}, then a write of each set mask bit while the block is in L1. The cost is a
 * streaming write of 4 bytes per token plus 1/8 byte of mask read; on a paper-sized step (16.8M
 * tokens) it runs faster than a {@code float[]} copy of the same size (see hicra-benchmarks).
 * {@link #computeInto} allocates nothing.
 */
public final class HicraAdvantage {
  /** The paper's α. */
  public static final double DEFAULT_ALPHA = 0.2;

  /** Tokens filled per block: 4 KiB of floats, so the mask pass hits L1 (measured best of 512-4096). */
  private static final int BLOCK = 1024;

  private HicraAdvantage() {}

  /** Per-token advantages with {@code α = 0.2}. */
  public static float[] compute(double[] sequenceAdvantages, BatchLayout layout, TokenMask planningMask) {
    return compute(sequenceAdvantages, layout, planningMask, DEFAULT_ALPHA);
  }

  /**
   * Per-token advantages as a new flat array of {@code layout.tokens()} floats.
   *
   * @param sequenceAdvantages one advantage per rollout (finite)
   * @param layout the batch layout
   * @param planningMask one bit per token of the batch; set bits are planning tokens
   * @param alpha the planning amplification, in {@code [0, 1]}
   */
  public static float[] compute(
      double[] sequenceAdvantages, BatchLayout layout, TokenMask planningMask, double alpha) {
    Checks.notNull(layout, "layout");
    float[] out = new float[layout.tokens()];
    computeInto(sequenceAdvantages, layout, planningMask, alpha, out);
    return out;
  }

  /**
   * Writes per-token advantages into {@code out[0 .. layout.tokens())} without allocating.
   *
   * @throws IllegalArgumentException if {@code alpha} is outside {@code [0, 1]}, a sequence
   *     advantage is not finite, or the lengths of the arguments disagree (naming both)
   */
  public static void computeInto(
      double[] sequenceAdvantages,
      BatchLayout layout,
      TokenMask planningMask,
      double alpha,
      float[] out) {
    checkAlpha(alpha);
    Checks.notNull(sequenceAdvantages, "sequenceAdvantages");
    Checks.notNull(layout, "layout");
    Checks.notNull(planningMask, "planningMask");
    Checks.notNull(out, "out");
    layout.checkRollouts(sequenceAdvantages.length, "sequenceAdvantages");
    planningMask.checkCovers(layout, "planningMask");
    Checks.atLeastLength(out.length, layout.tokens(), "out", "the layout");
    Checks.finite(sequenceAdvantages, "sequenceAdvantages");

    double up = 1.0 + alpha;
    double down = 1.0 - alpha;
    int rollouts = sequenceAdvantages.length;
    int end = layout.start(0);
    for (int r = 0; r < rollouts; r++) {
      int start = end;
      end = layout.end(r);
      if (start == end) {
        continue;
      }
      double a = sequenceAdvantages[r];
      float plain = (float) a;
      float planning = (float) (a * (a >= 0 ? up : down));
      if (planning == plain) {
        Arrays.fill(out, start, end, plain);
        continue;
      }
      // Fill a block, then overwrite its planning tokens while the block is still in L1.
      for (int s = start; s < end; s += BLOCK) {
        int e = Math.min(end, s + BLOCK);
        Arrays.fill(out, s, e, plain);
        int firstWord = s >>> 6;
        int lastWord = (e - 1) >>> 6;
        for (int w = firstWord; w <= lastWord; w++) {
          long bits = planningMask.word(w);
          if (w == firstWord) {
            bits &= -1L << s;
          }
          if (w == lastWord) {
            bits &= -1L >>> -e;
          }
          int base = w << 6;
          while (bits != 0) {
            out[base + Long.numberOfTrailingZeros(bits)] = planning;
            bits &= bits - 1;
          }
        }
      }
    }
  }

  /**
   * The HICRA advantage of one token, in double precision: {@code a + α·|a|} on planning tokens,
   * {@code a} elsewhere. Cast to {@code float}, it is bit for bit what {@link #compute} and {@link
   * #computeInto} write for that token, so a writer that knows a rollout's mask can produce the
   * per-token values without the flat array.
   */
  public static double tokenAdvantage(double a, boolean planning, double alpha) {
    checkAlpha(alpha);
    return planning ? a * (a >= 0 ? 1.0 + alpha : 1.0 - alpha) : a;
  }

  static double checkAlpha(double alpha) {
    return Checks.inClosedRange(alpha, 0.0, 1.0, "alpha");
  }
}
