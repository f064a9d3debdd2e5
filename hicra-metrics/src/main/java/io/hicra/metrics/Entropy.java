package io.hicra.metrics;

/**
 * Shannon entropy of count distributions, the building block of the gram entropies.
 *
 * <p>For counts {@code c_1 … c_K} with total {@code N = Σ c_i > 0} and {@code p_i = c_i / N}:
 *
 * <pre>
 * H = − Σ_{i : c_i > 0} p_i · ln p_i        (nats)
 * </pre>
 *
 * <p>Zero counts contribute nothing; {@code 0 ≤ H ≤ ln K'} where {@code K'} is the number of
 * non-zero counts. An all-zero or empty array has entropy 0 by definition (never NaN). Every
 * method here is allocation-free.
 */
public final class Entropy {
  private Entropy() {}

  /**
   * Entropy in nats of the counts {@code counts[0 .. counts.length)}.
   *
   * @throws IllegalArgumentException if a count is negative (names the index and value)
   */
  public static double ofCounts(long[] counts) {
    Checks.notNull(counts, "counts");
    return ofCounts(counts, 0, counts.length);
  }

  /**
   * Entropy in nats of the counts {@code counts[from .. to)}.
   *
   * @throws IllegalArgumentException if the range is outside the array or a count is negative
   */
  public static double ofCounts(long[] counts, int from, int to) {
    Checks.notNull(counts, "counts");
    Checks.range(from, (long) to - from, counts.length, "counts");
    long total = 0;
    for (int i = from; i < to; i++) {
      long c = counts[i];
      if (c < 0) {
        throw Checks.badElement("counts", i, c, "is negative");
      }
      total += c;
    }
    if (total == 0) {
      return 0.0;
    }
    double n = total;
    double h = 0.0;
    for (int i = from; i < to; i++) {
      long c = counts[i];
      if (c > 0) {
        double p = c / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /**
   * Entropy in nats of the counts {@code counts[0 .. counts.length)}.
   *
   * @throws IllegalArgumentException if a count is negative (names the index and value)
   */
  public static double ofCounts(int[] counts) {
    Checks.notNull(counts, "counts");
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      int c = counts[i];
      if (c < 0) {
        throw Checks.badElement("counts", i, c, "is negative");
      }
      total += c;
    }
    if (total == 0) {
      return 0.0;
    }
    double n = total;
    double h = 0.0;
    for (int c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /**
   * Entropy in nats of a probability vector (entries {@code >= 0}, summing to 1 within 1e-6).
   *
   * @throws IllegalArgumentException if an entry is negative or not finite, or the sum is off
   */
  public static double ofProbabilities(double[] p) {
    Checks.notNull(p, "p");
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      double v = p[i];
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw Checks.badElement("p", i, v, "is not a finite probability >= 0");
      }
      sum += v;
    }
    if (p.length > 0 && Math.abs(sum - 1.0) > 1e-6) {
      throw new IllegalArgumentException("p sums to " + sum + ", not 1");
    }
    double h = 0.0;
    for (double v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return h;
  }

  /**
   * {@code H / ln K} for an entropy {@code H} in nats over {@code K} outcomes: 1 for a uniform
   * distribution, 0 for a point mass. Defined as 0 when {@code K <= 1} (no choice to spread over).
   */
  public static double normalized(double entropyNats, long outcomes) {
    if (outcomes <= 1) {
      return 0.0;
    }
    return entropyNats / Math.log(outcomes);
  }
}
