package io.hicra.core;

import java.util.Arrays;

/**
 * The ragged layout of a batch of rollouts over flat per-token arrays.
 *
 * <p>Rollout {@code i} owns tokens {@code [offsets[i], offsets[i + 1])} of every flat per-token
 * array of the batch ({@code float[]} advantages, log-probabilities, entropies, and the bits of a
 * {@link TokenMask}). {@code offsets} has length {@code B + 1}, starts at 0 and never decreases;
 * its last element is the number of tokens in the batch. Rollouts of length 0 are allowed.
 *
 * <p>Instances are immutable and safe to share between threads. {@link #ofOffsets} and {@link
 * #ofLengths} copy their argument; {@link #offsets()} returns a copy.
 */
public final class BatchLayout {
  private final int[] offsets;

  private BatchLayout(int[] offsets) {
    this.offsets = offsets;
  }

  /**
   * A layout from offsets of length {@code B + 1} (copied).
   *
   * @throws IllegalArgumentException if {@code offsets} is empty, does not start at 0, or
   *     decreases anywhere (the message names the index and both values)
   */
  public static BatchLayout ofOffsets(int... offsets) {
    Checks.notNull(offsets, "offsets");
    if (offsets.length == 0) {
      throw new IllegalArgumentException("offsets must have length B + 1 >= 1, got length 0");
    }
    if (offsets[0] != 0) {
      throw new IllegalArgumentException("offsets[0] must be 0, got " + offsets[0]);
    }
    for (int i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1]) {
        throw new IllegalArgumentException(
            "offsets decrease at index " + i + ": offsets[" + (i - 1) + "] = " + offsets[i - 1]
                + " > offsets[" + i + "] = " + offsets[i]);
      }
    }
    return new BatchLayout(offsets.clone());
  }

  /**
   * A layout from per-rollout token counts.
   *
   * @throws IllegalArgumentException if a length is negative or the total exceeds {@code
   *     Integer.MAX_VALUE}
   */
  public static BatchLayout ofLengths(int... lengths) {
    Checks.notNull(lengths, "lengths");
    int[] offsets = new int[lengths.length + 1];
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("lengths[" + i + "] = " + lengths[i] + " is negative");
      }
      total += lengths[i];
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "lengths overflow an int token index at index " + i + " (total " + total + ")");
      }
      offsets[i + 1] = (int) total;
    }
    return new BatchLayout(offsets);
  }

  /** A layout of {@code rollouts} rollouts of {@code length} tokens each. */
  public static BatchLayout uniform(int rollouts, int length) {
    Checks.nonNegative(rollouts, "rollouts");
    Checks.nonNegative(length, "length");
    if ((long) rollouts * length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "rollouts * length = " + (long) rollouts * length + " overflows an int token index");
    }
    int[] offsets = new int[rollouts + 1];
    for (int i = 1; i <= rollouts; i++) {
      offsets[i] = i * length;
    }
    return new BatchLayout(offsets);
  }

  /** Number of rollouts {@code B}. */
  public int rollouts() {
    return offsets.length - 1;
  }

  /** Number of tokens in the batch: the length every flat per-token array must have. */
  public int tokens() {
    return offsets[offsets.length - 1];
  }

  /** Index of the first token of rollout {@code rollout} in the flat arrays. */
  public int start(int rollout) {
    return offsets[rollout];
  }

  /** Index one past the last token of rollout {@code rollout} in the flat arrays. */
  public int end(int rollout) {
    return offsets[rollout + 1];
  }

  /** Number of tokens of rollout {@code rollout}. */
  public int length(int rollout) {
    return offsets[rollout + 1] - offsets[rollout];
  }

  /** The longest rollout's length, 0 for an empty batch: the smallest padded width. */
  public int maxLength() {
    int max = 0;
    for (int i = 0; i + 1 < offsets.length; i++) {
      max = Math.max(max, offsets[i + 1] - offsets[i]);
    }
    return max;
  }

  /** A copy of the offsets, length {@code B + 1}. */
  public int[] offsets() {
    return offsets.clone();
  }

  /**
   * The rollout that owns flat token {@code token} (binary search; for a token at a boundary
   * shared with empty rollouts, the non-empty rollout that contains it).
   *
   * @throws IndexOutOfBoundsException if {@code token} is outside {@code [0, tokens())}
   */
  public int rolloutOfToken(int token) {
    Checks.index(token, tokens(), "token");
    int lo = 0;
    int hi = offsets.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= token) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Checks that a flat per-token array covers exactly this layout's tokens.
   *
   * @throws IllegalArgumentException naming {@code name} and both lengths otherwise
   */
  public void checkTokens(int length, String name) {
    Checks.sameLength(length, tokens(), name, "the layout's token count");
  }

  /**
   * Checks that a per-rollout array has one entry per rollout.
   *
   * @throws IllegalArgumentException naming {@code name} and both lengths otherwise
   */
  public void checkRollouts(int length, String name) {
    Checks.sameLength(length, rollouts(), name, "the layout's rollout count");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchLayout && Arrays.equals(offsets, ((BatchLayout) o).offsets);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(offsets);
  }

  @Override
  public String toString() {
    return "BatchLayout{rollouts=" + rollouts() + ", tokens=" + tokens() + "}";
  }
}
