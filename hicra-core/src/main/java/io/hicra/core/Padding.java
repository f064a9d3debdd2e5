package io.hicra.core;

/**
 * Conversion between the ragged flat layout and padded row-major {@code [B, T]} arrays with a
 * response mask, the form tensors (ND4J, PyTorch) expect. Rollout {@code i} occupies row {@code
 * i}, left-aligned: columns {@code [0, length(i))} hold its tokens and the rest is padding.
 *
 * <p>Methods named {@code …Into} write into a caller's array and allocate nothing; the others
 * return a new array.
 */
public final class Padding {
  private Padding() {}

  /** Pads {@code flat} into a new {@code [B, width]} array, filling padding with {@code fill}. */
  public static float[] pad(float[] flat, BatchLayout layout, int width, float fill) {
    checkWidth(layout, width);
    float[] out = new float[Math.multiplyExact(layout.rollouts(), width)];
    padInto(flat, layout, width, fill, out);
    return out;
  }

  /** Pads {@code flat} into {@code out} ({@code [B, width]}, row-major). */
  public static void padInto(float[] flat, BatchLayout layout, int width, float fill, float[] out) {
    Checks.notNull(flat, "flat");
    Checks.notNull(out, "out");
    layout.checkTokens(flat.length, "flat");
    checkWidth(layout, width);
    int rows = layout.rollouts();
    Checks.sameLength(out.length, rows * width, "out", "rollouts * width");
    for (int i = 0; i < rows; i++) {
      int s = layout.start(i);
      int n = layout.length(i);
      int row = i * width;
      System.arraycopy(flat, s, out, row, n);
      java.util.Arrays.fill(out, row + n, row + width, fill);
    }
  }

  /** Pads {@code flat} into a new {@code [B, width]} array, filling padding with {@code fill}. */
  public static double[] pad(double[] flat, BatchLayout layout, int width, double fill) {
    Checks.notNull(flat, "flat");
    layout.checkTokens(flat.length, "flat");
    checkWidth(layout, width);
    int rows = layout.rollouts();
    double[] out = new double[Math.multiplyExact(rows, width)];
    for (int i = 0; i < rows; i++) {
      int row = i * width;
      int n = layout.length(i);
      System.arraycopy(flat, layout.start(i), out, row, n);
      java.util.Arrays.fill(out, row + n, row + width, fill);
    }
    return out;
  }

  /** The rollouts' tokens of a padded {@code [B, width]} array, as a new flat array. */
  public static float[] unpad(float[] padded, BatchLayout layout, int width) {
    float[] out = new float[layout.tokens()];
    unpadInto(padded, layout, width, out);
    return out;
  }

  /** Writes the rollouts' tokens of a padded {@code [B, width]} array into flat {@code out}. */
  public static void unpadInto(float[] padded, BatchLayout layout, int width, float[] out) {
    Checks.notNull(padded, "padded");
    Checks.notNull(out, "out");
    checkWidth(layout, width);
    Checks.sameLength(padded.length, layout.rollouts() * width, "padded", "rollouts * width");
    layout.checkTokens(out.length, "out");
    for (int i = 0; i < layout.rollouts(); i++) {
      System.arraycopy(padded, i * width, out, layout.start(i), layout.length(i));
    }
  }

  /** The rollouts' tokens of a padded {@code [B, width]} array, as a new flat array. */
  public static double[] unpad(double[] padded, BatchLayout layout, int width) {
    Checks.notNull(padded, "padded");
    checkWidth(layout, width);
    Checks.sameLength(padded.length, layout.rollouts() * width, "padded", "rollouts * width");
    double[] out = new double[layout.tokens()];
    for (int i = 0; i < layout.rollouts(); i++) {
      System.arraycopy(padded, i * width, out, layout.start(i), layout.length(i));
    }
    return out;
  }

  /** The response mask of {@code layout} padded to {@code width}: 1 on tokens, 0 on padding. */
  public static float[] responseMask(BatchLayout layout, int width) {
    checkWidth(layout, width);
    float[] out = new float[Math.multiplyExact(layout.rollouts(), width)];
    for (int i = 0; i < layout.rollouts(); i++) {
      java.util.Arrays.fill(out, i * width, i * width + layout.length(i), 1f);
    }
    return out;
  }

  /**
   * The layout described by a padded {@code [rows, width]} response mask. Each row must be a run
   * of 1s followed by 0s (left-aligned, as produced by {@link #responseMask}).
   *
   * @throws IllegalArgumentException naming the row and column of the first value that is not 0
   *     or 1, or of a 1 after a 0
   */
  public static BatchLayout layoutFromResponseMask(float[] mask, int rows, int width) {
    Checks.notNull(mask, "mask");
    Checks.nonNegative(rows, "rows");
    Checks.nonNegative(width, "width");
    Checks.sameLength(mask.length, rows * width, "mask", "rows * width");
    int[] lengths = new int[rows];
    for (int i = 0; i < rows; i++) {
      int n = 0;
      boolean ended = false;
      for (int j = 0; j < width; j++) {
        float v = mask[i * width + j];
        if (v == 1f) {
          if (ended) {
            throw new IllegalArgumentException(
                "mask row " + i + " has a 1 at column " + j + " after padding began at column "
                    + n + "; response masks must be left-aligned");
          }
          n++;
        } else if (v == 0f) {
          ended = true;
        } else {
          throw new IllegalArgumentException(
              "mask[" + i + ", " + j + "] = " + v + " is neither 0 nor 1");
        }
      }
      lengths[i] = n;
    }
    return BatchLayout.ofLengths(lengths);
  }

  /** A token mask padded to {@code [B, width]} as 0/1 floats. */
  public static float[] padMask(TokenMask mask, BatchLayout layout, int width) {
    Checks.notNull(mask, "mask");
    mask.checkCovers(layout, "mask");
    checkWidth(layout, width);
    float[] out = new float[Math.multiplyExact(layout.rollouts(), width)];
    for (int i = 0; i < layout.rollouts(); i++) {
      int s = layout.start(i);
      int e = layout.end(i);
      for (int t = mask.nextSetBit(s); t >= 0 && t < e; t = mask.nextSetBit(t + 1)) {
        out[i * width + (t - s)] = 1f;
      }
    }
    return out;
  }

  /**
   * The token mask held in a padded {@code [B, width]} 0/1 array; padding columns are ignored.
   *
   * @throws IllegalArgumentException naming the row and column of a value that is not 0 or 1
   */
  public static TokenMask unpadMask(float[] padded, BatchLayout layout, int width) {
    Checks.notNull(padded, "padded");
    checkWidth(layout, width);
    Checks.sameLength(padded.length, layout.rollouts() * width, "padded", "rollouts * width");
    TokenMask mask = TokenMask.empty(layout.tokens());
    for (int i = 0; i < layout.rollouts(); i++) {
      int s = layout.start(i);
      for (int j = 0; j < layout.length(i); j++) {
        float v = padded[i * width + j];
        if (v == 1f) {
          mask.set(s + j);
        } else if (v != 0f) {
          throw new IllegalArgumentException(
              "padded[" + i + ", " + j + "] = " + v + " is neither 0 nor 1");
        }
      }
    }
    return mask;
  }

  private static void checkWidth(BatchLayout layout, int width) {
    Checks.notNull(layout, "layout");
    if (width < layout.maxLength()) {
      throw new IllegalArgumentException(
          "width " + width + " is shorter than the longest rollout (" + layout.maxLength() + ")");
    }
  }
}
