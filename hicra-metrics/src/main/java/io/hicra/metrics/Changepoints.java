package io.hicra.metrics;

import org.apache.commons.math3.distribution.FDistribution;

/**
 * Detects the step where a metric series (semantic entropy by default) turns from falling or flat
 * to rising: the paper's shift from the procedural-consolidation phase to the strategic
 * exploration phase (§2.2, Figure 3).
 *
 * <h2>Method: continuous two-segment ("hinge", broken-stick) least squares</h2>
 *
 * For every candidate breakpoint {@code τ = x_j} with at least {@link #DEFAULT_MIN_SEGMENT}
 * points on each side (the breakpoint shared), fit by least squares
 *
 * <pre>
 * y = β0 + β1·x + β2·max(0, x − τ)
 * </pre>
 *
 * and keep the {@code j} with the smallest residual sum of squares {@code SSE_h} (exhaustive
 * search, {@code O(n²)} for {@code n} points). The slope before the turn is {@code β1}, after it
 * {@code β1 + β2}. A turn is reported ({@link RisingTurn#found()}) when all of:
 *
 * <ol>
 *   <li>the series rises after the turn: {@code β1 + β2 > 0};
 *   <li>it fell or was flat before: {@code β1 <= flatRatio · (β1 + β2)} (default {@code
 *       flatRatio = 0.25}: "flat" means rising at most a quarter as fast as afterwards);
 *   <li>the hinge beats one straight line ({@code SSE_l}): {@code F = (SSE_l − SSE_h) / (SSE_h
 *       / (n − 3))} with {@code (1, n − 3)} degrees of freedom gives {@code p < alpha} (default
 *       0.05). The breakpoint was chosen by search, so this nominal p-value is optimistic (the
 *       Davies problem); treat {@code alpha} as a sensitivity knob, not an exact error rate.
 * </ol>
 *
 * Fewer than {@code max(4, 2·minSegment − 1)} points give {@link RisingTurn} with {@code index =
 * -1}. Computation is in {@code double} on centred and scaled {@code x}.
 */
public final class Changepoints {
  /** Default minimum points per segment, the breakpoint counted in both: 3. */
  public static final int DEFAULT_MIN_SEGMENT = 3;
  /** Default significance level of the F test: 0.05. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** Default ratio below which the slope before the turn counts as flat: 0.25. */
  public static final double DEFAULT_FLAT_RATIO = 0.25;

  private Changepoints() {}

  /** {@link #risingTurn(long[], double[], int, double, double)} with the defaults. */
  public static RisingTurn risingTurn(long[] steps, double[] values) {
    return risingTurn(steps, values, DEFAULT_MIN_SEGMENT, DEFAULT_ALPHA, DEFAULT_FLAT_RATIO);
  }

  /**
   * The best falling-or-flat-to-rising breakpoint of {@code values} over {@code steps}.
   *
   * @param steps strictly increasing x positions (training steps)
   * @param values the series, finite, same length
   * @param minSegment minimum points per segment, {@code >= 2}
   * @param alpha significance level in (0, 1)
   * @param flatRatio the largest ratio of slope-before to slope-after that still counts as flat,
   *     in [0, 1)
   * @throws IllegalArgumentException on length mismatch, non-increasing steps, non-finite values
   *     or options out of range (names the index and value)
   */
  public static RisingTurn risingTurn(
      long[] steps, double[] values, int minSegment, double alpha, double flatRatio) {
    Checks.notNull(steps, "steps");
    Checks.notNull(values, "values");
    Checks.sameLength(values.length, steps.length, "values", "steps' length");
    if (minSegment < 2) {
      throw new IllegalArgumentException("minSegment must be >= 2, got " + minSegment);
    }
    Checks.openUnit(alpha, "alpha");
    if (!(flatRatio >= 0 && flatRatio < 1)) {
      throw new IllegalArgumentException("flatRatio must be in [0, 1), got " + flatRatio);
    }
    Checks.finite(values, "values");
    for (int i = 1; i < steps.length; i++) {
      if (steps[i] <= steps[i - 1]) {
        throw new IllegalArgumentException("steps must increase strictly: steps[" + (i - 1)
            + "] = " + steps[i - 1] + ", steps[" + i + "] = " + steps[i]);
      }
    }
    int n = steps.length;
    if (n < Math.max(4, 2 * minSegment - 1)) {
      return RisingTurn.NONE;
    }
    double mean = 0;
    for (long s : steps) {
      mean += s;
    }
    mean /= n;
    double var = 0;
    for (long s : steps) {
      var += (s - mean) * (s - mean);
    }
    double scale = Math.sqrt(var / n);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = (steps[i] - mean) / scale;
    }
    double sseLine = lineSse(u, values);

    int best = -1;
    double bestSse = Double.POSITIVE_INFINITY;
    double[] bestBeta = null;
    for (int j = minSegment - 1; j <= n - minSegment; j++) {
      double[] beta = hingeFit(u, values, u[j]);
      double sse = hingeSse(u, values, u[j], beta);
      if (sse < bestSse) {
        bestSse = sse;
        best = j;
        bestBeta = beta;
      }
    }
    double before = bestBeta[1] / scale;
    double after = (bestBeta[1] + bestBeta[2]) / scale;
    double reduction = Math.max(0.0, sseLine - bestSse);
    // Residuals below rounding level of the data count as an exact fit.
    double tiny = 1e-24 * Math.max(1.0, sumSquares(values));
    double f;
    double p;
    if (bestSse <= tiny) {
      f = reduction > tiny ? Double.MAX_VALUE : 0.0;
      p = reduction > tiny ? 0.0 : 1.0;
    } else {
      f = reduction / (bestSse / (n - 3));
      p = 1.0 - new FDistribution(null, 1, n - 3).cumulativeProbability(f);
    }
    boolean found = after > 0 && before <= flatRatio * after && p < alpha;
    return new RisingTurn(found, best, steps[best], before, after, f, p);
  }

  private static double sumSquares(double[] y) {
    double s = 0;
    for (double v : y) {
      s += v * v;
    }
    return s;
  }

  private static double lineSse(double[] u, double[] y) {
    int n = u.length;
    double su = 0;
    double sy = 0;
    for (int i = 0; i < n; i++) {
      su += u[i];
      sy += y[i];
    }
    double mu = su / n;
    double my = sy / n;
    double suu = 0;
    double suy = 0;
    for (int i = 0; i < n; i++) {
      suu += (u[i] - mu) * (u[i] - mu);
      suy += (u[i] - mu) * (y[i] - my);
    }
    double b = suy / suu;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - my - b * (u[i] - mu);
      sse += r * r;
    }
    return sse;
  }

  /** Least squares of y on [1, u, max(0, u − knot)] by the normal equations (3x3, pivoted). */
  private static double[] hingeFit(double[] u, double[] y, double knot) {
    double[][] a = new double[3][4];
    for (int i = 0; i < u.length; i++) {
      double h = Math.max(0.0, u[i] - knot);
      double[] row = {1.0, u[i], h};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          a[r][c] += row[r] * row[c];
        }
        a[r][3] += row[r] * y[i];
      }
    }
    for (int col = 0; col < 3; col++) {
      int piv = col;
      for (int r = col + 1; r < 3; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      double[] tmp = a[col];
      a[col] = a[piv];
      a[piv] = tmp;
      for (int r = col + 1; r < 3; r++) {
        double factor = a[r][col] / a[col][col];
        for (int c = col; c < 4; c++) {
          a[r][c] -= factor * a[col][c];
        }
      }
    }
    double[] beta = new double[3];
    for (int r = 2; r >= 0; r--) {
      double s = a[r][3];
      for (int c = r + 1; c < 3; c++) {
        s -= a[r][c] * beta[c];
      }
      beta[r] = s / a[r][r];
    }
    return beta;
  }

  private static double hingeSse(double[] u, double[] y, double knot, double[] beta) {
    double sse = 0;
    for (int i = 0; i < u.length; i++) {
      double fit = beta[0] + beta[1] * u[i] + beta[2] * Math.max(0.0, u[i] - knot);
      double r = y[i] - fit;
      sse += r * r;
    }
    return sse;
  }
}
