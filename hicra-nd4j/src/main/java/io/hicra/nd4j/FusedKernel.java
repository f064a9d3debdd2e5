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
   */
  double rowSumsFloat(ByteBuffer mask, int[] rowStart, int[] rowLength, double[] out);

  /** The float pass. */
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
      KernelParams p,
      Accumulator acc);
}
