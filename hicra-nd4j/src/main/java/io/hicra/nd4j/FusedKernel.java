package io.hicra.nd4j;

import java.nio.ByteBuffer;

/**
 * One fused pass over host memory: reads log-probs, advantages, optional reference log-probs and
 * optional mask, writes the weighted gradient and accumulates the loss and statistics. Non-finite
 * inputs must leave a trace in {@link Accumulator} (a non-finite loss, log-ratio sum or
 * {@code nonFinite}); the caller then locates them. Buffers are
 * in native byte order and indexed in elements from 0.
 *
 * <p>Row {@code b} covers elements {@code [rowStart[b], rowStart[b] + rowLength[b])} of every
 * buffer and has weight {@code rowScale[b]}; token weight is {@code mask·rowScale} (mask 1 when
 * {@code mask} is null). Implementations allocate nothing per token.
 */
interface FusedKernel {
  /** A short description for logs and the README, e.g. {@code "vector FloatVector 256-bit"}. */
  String name();

  /**
   * Sums of a float mask per row into {@code out}; returns {@code Σ |m·(m − 1)|}, 0 iff every
   * value is 0 or 1 (NaN if one is NaN).
   *
   * <p>If {@code prefix} is not null, also says per row whether its mask is a run of ones
   * followed only by zeros (right padding, the usual layout): {@code prefix[b]} is then the
   * number of ones, else −1. A kernel may answer −1 for any row (it does for rows of {@link
   * #MAX_PREFIX_ROW} tokens or more); the answers mean something only when the returned defect is
   * 0.
   */
  double rowSumsFloat(
      ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out, int[] prefix);

  /**
   * Rows at least this long get {@code prefix} −1 from {@link #rowSumsFloat}: the vector kernel
   * decides with a sum of positions that is exact in double only below this length.
   */
  int MAX_PREFIX_ROW = 1 << 26;

  /**
   * The {@code prefix} answer for a 0/1 mask row of {@code length} values from its sum {@code
   * ones} and its position-weighted sum {@code positions = Σ m_t·t}: the positions of the ones are
   * distinct integers in {@code [0, length)}, so their sum is at least {@code 0 + 1 + … + (ones −
   * 1)}, with equality only when they are the first {@code ones} positions. Returns {@code ones}
   * then, else −1, and −1 for rows of {@link #MAX_PREFIX_ROW} or more values (whose sums double
   * might round) and for a sum that is not an integer.
   */
  static int prefixLength(double ones, double positions, int length) {
    if (length >= MAX_PREFIX_ROW || ones != Math.rint(ones)) {
      return -1;
    }
    return positions == ones * (ones - 1) / 2 ? (int) ones : -1;
  }

  /**
   * The float pass. {@code rowPrefix} (null when unknown) holds {@link #rowSumsFloat}'s answers
   * for the same rows: a kernel may then skip reading the mask of a row whose {@code
   * rowPrefix[b] ≥ 0}, with the same results as if it read it.
   */
  void runFloat(
      ByteBuffer logpNew,
      ByteBuffer logpOld,
      ByteBuffer advantages,
      ByteBuffer logpRef,
      ByteBuffer mask,
      ByteBuffer grad,
      int[] rowStart,
      int[] rowLength,
      double[] rowScale,
      int[] rowPrefix,
      KernelParams p,
      Accumulator acc);
}
