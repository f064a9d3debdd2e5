package io.hicra.nd4j;

import io.hicra.core.BatchLayout;

/**
 * Rows of a batch and the weight each row's valid tokens get under the aggregation mode: the loss
 * is {@code Σ_b scale_b · Σ_t m_t·ℓ_t}, so a token's weight is {@code m_t·scale_b}.
 */
final class RowPlan {
  final int[] rowStart;
  final int[] rowLength;
  /** Valid tokens per row. */
  final double[] counts;
  final double[] scale;
  /** Valid tokens in the batch. */
  final double total;

  private RowPlan(int[] rowStart, int[] rowLength, double[] counts, double[] scale, double total) {
    this.rowStart = rowStart;
    this.rowLength = rowLength;
    this.counts = counts;
    this.scale = scale;
    this.total = total;
  }

  /** Row geometry of padded {@code [rows, width]} inputs. */
  static int[][] paddedRows(int rows, int width) {
    int[] start = new int[rows];
    int[] length = new int[rows];
    for (int b = 0; b < rows; b++) {
      start[b] = b * width;
      length[b] = width;
    }
    return new int[][] {start, length};
  }

  /** Row geometry of a ragged layout. */
  static int[][] raggedRows(BatchLayout layout) {
    int rows = layout.rollouts();
    int[] start = new int[rows];
    int[] length = new int[rows];
    for (int b = 0; b < rows; b++) {
      start[b] = layout.start(b);
      length[b] = layout.length(b);
    }
    return new int[][] {start, length};
  }

  /** Valid tokens per row of a ragged layout: every token. */
  static double[] raggedCounts(BatchLayout layout) {
    double[] counts = new double[layout.rollouts()];
    for (int b = 0; b < counts.length; b++) {
      counts[b] = layout.length(b);
    }
    return counts;
  }

  /**
   * The plan for per-row valid-token counts.
   *
   * @param width the padded length (the default {@code TOKEN_SUM_NORM} constant)
   * @return the plan, or null when there is no valid token (the caller reports why)
   */
  static RowPlan of(int[][] rows, double[] counts, int width, PolicyLossConfig config) {
    return new RowPlan(rows[0], rows[1], counts, scales(counts, width, config), sum(counts));
  }

  static double sum(double[] counts) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    return total;
  }

  /** The per-row scale of every aggregation mode (shared by the eager paths). */
  static double[] scales(double[] counts, int width, PolicyLossConfig config) {
    int rows = counts.length;
    double total = sum(counts);
    double[] scale = new double[rows];
    int nonEmpty = 0;
    for (double c : counts) {
      if (c > 0) {
        nonEmpty++;
      }
    }
    double sequences =
        config.emptySequences() == PolicyLossConfig.EmptySequences.INCLUDE ? rows : nonEmpty;
    for (int b = 0; b < rows; b++) {
      double s;
      switch (config.aggregation()) {
        case TOKEN_MEAN:
          s = 1.0 / total;
          break;
        case SEQ_MEAN_TOKEN_MEAN:
          s = counts[b] > 0 ? 1.0 / (sequences * counts[b]) : 0.0;
          break;
        case SEQ_MEAN_TOKEN_SUM:
          s = counts[b] > 0 ? 1.0 / sequences : 0.0;
          break;
        default:
          double c = config.sumNormConstant() > 0 ? config.sumNormConstant() : width;
          s = 1.0 / c;
          break;
      }
      scale[b] = s;
    }
    return scale;
  }
}
