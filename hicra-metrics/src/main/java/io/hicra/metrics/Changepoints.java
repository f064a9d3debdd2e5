package io.hicra.metrics;

import java.util.SplittableRandom;

/**
 * Detects the step where a metric series (semantic entropy by default) turns from falling or flat
 * to rising: the paper's shift from the procedural-consolidation phase to the strategic
 * exploration phase (§2.2, Figure 3).
 *
 * <h2>Method: continuous two-segment ("hinge", broken-stick) least squares</h2>
 *
 * For every candidate breakpoint {@code τ = x_j} with at least {@code minSegment} points on each
 * side (the breakpoint counted in both; default {@link #DEFAULT_MIN_SEGMENT}), fit by least
 * squares
 *
 * <pre>
 * y = β0 + β1·x + β2·max(0, x − τ)
 * </pre>
 *
 * and keep the {@code j} with the smallest residual sum of squares {@code SSE_h} (exhaustive
 * search in {@code O(n)} with suffix sums: the hinge's gain over the straight line is the squared
 * projection of the line's residuals on the hinge column made orthogonal to {@code [1, x]}). The
 * slope before the turn is {@code β1}, after it {@code β1 + β2}. A turn is reported ({@link
 * RisingTurn#found()}) when all of:
 *
 * <ol>
 *   <li>the series rises after the turn: {@code β1 + β2 > 0};
 *   <li>it fell or was flat before: {@code β1 <= flatRatio · (β1 + β2)} (default {@code
 *       flatRatio = 0.25}: "flat" means rising at most a quarter as fast as afterwards);
 *   <li>the hinge beats one straight line significantly: with {@code SSE_l} the line's residual
 *       sum of squares and {@code F = (SSE_l − SSE_h) / (SSE_h / (n − 3))} maximised over the
 *       breakpoints ("sup-F"), the p-value is below {@code alpha} (default 0.05). Because the
 *       breakpoint is searched, the textbook {@code F(1, n − 3)} p-value would be optimistic (the
 *       Davies problem: about twice the nominal false-alarm rate on 40 noise points). The p-value
 *       is therefore a Monte-Carlo one: sup-F is invariant to the line's coefficients and to the
 *       noise scale, so its null distribution under "one line plus i.i.d. Gaussian noise" depends
 *       only on the steps; {@value #SIMULATIONS} series of standard Gaussian noise on the same
 *       steps, drawn from a fixed seed, give {@code p = (1 + #{F_sim >= F}) / (1 + }{@value
 *       #SIMULATIONS}{@code )}, so results are deterministic and {@code p >= 1 / 3000}.
 * </ol>
 *
 * Fewer than {@code max(4, 2·minSegment − 1)} points give {@link RisingTurn} with {@code index =
 * -1}. Computation is in {@code double} on centred and scaled {@code x}; cost {@code O(3000·n)},
 * about 0.1 s for 2,000 steps.
 */
public final class Changepoints {
  /** Default minimum points per segment, the breakpoint counted in both: 3. */
  public static final int DEFAULT_MIN_SEGMENT = 3;
  /** Default significance level of the F test: 0.05. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** Default ratio below which the slope before the turn counts as flat: 0.25. */
  public static final double DEFAULT_FLAT_RATIO = 0.25;

  /** Number of Monte-Carlo null series behind the p-value. */
  public static final int SIMULATIONS = 2999;

  private static final long SEED = 0x5EED_C0DE_2509_3646L;

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
    int lo = minSegment - 1;
    int hi = n - minSegment;
    Scan obs = scan(u, values, lo, hi);
    if (obs.best < 0) {
      return RisingTurn.NONE;
    }
    double before = obs.slopeBefore / scale;
    double after = obs.slopeAfter / scale;
    int exceed = 0;
    SplittableRandom random = new SplittableRandom(SEED);
    double[] noise = new double[n];
    for (int b = 0; b < SIMULATIONS; b++) {
      for (int i = 0; i < n; i++) {
        noise[i] = random.nextGaussian();
      }
      if (scan(u, noise, lo, hi).f >= obs.f) {
        exceed++;
      }
    }
    double p = (1.0 + exceed) / (1.0 + SIMULATIONS);
    boolean found = after > 0 && before <= flatRatio * after && p < alpha;
    return new RisingTurn(found, obs.best, steps[obs.best], before, after, obs.f, p);
  }

  /** The best hinge of one series over centred, scaled {@code u} (Σu = 0, Σu² = n). */
  private static final class Scan {
    int best = -1;
    double f;
    double slopeBefore;
    double slopeAfter;
  }

  private static Scan scan(double[] u, double[] y, int lo, int hi) {
    int n = u.length;
    double my = 0;
    for (double v : y) {
      my += v;
    }
    my /= n;
    double suy = 0;
    for (int i = 0; i < n; i++) {
      suy += u[i] * (y[i] - my);
    }
    double bLine = suy / n;
    double[] e = new double[n];
    double sseLine = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double c = y[i] - my;
      e[i] = c - bLine * u[i];
      sseLine += e[i] * e[i];
      sst += c * c;
    }
    // Suffix sums over i > j: count, Σu, Σu², Σe, Σu·e.
    double su = 0;
    double suu = 0;
    double se = 0;
    double sue = 0;
    int count = 0;
    Scan out = new Scan();
    double bestGain = -1;
    double bestC = 0;
    double bestSuh = 0;
    for (int j = n - 1; j >= lo; j--) {
      if (j <= hi) {
        double uj = u[j];
        double sh = su - count * uj;
        double suh = suu - uj * su;
        double shh = suu - 2 * uj * su + count * uj * uj;
        double he = sue - uj * se;
        double norm = shh - sh * sh / n - suh * suh / n;
        if (norm > 1e-12 * n) {
          double gain = he * he / norm;
          if (gain > bestGain) {
            bestGain = gain;
            out.best = j;
            bestC = he / norm;
            bestSuh = suh;
          }
        }
      }
      su += u[j];
      suu += u[j] * u[j];
      se += e[j];
      sue += u[j] * e[j];
      count++;
    }
    if (out.best < 0) {
      return out;
    }
    double sseHinge = Math.max(0.0, sseLine - bestGain);
    // Residuals at rounding level of the data count as an exact fit.
    double tiny = 1e-20 * Math.max(sst, Double.MIN_NORMAL);
    if (sseHinge <= tiny) {
      out.f = bestGain > tiny ? Double.MAX_VALUE : 0.0;
    } else {
      out.f = bestGain / (sseHinge / (n - 3));
    }
    double b = bLine - bestC * bestSuh / n;
    out.slopeBefore = b;
    out.slopeAfter = b + bestC;
    return out;
  }
}
