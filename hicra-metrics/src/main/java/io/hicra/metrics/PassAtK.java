package io.hicra.metrics;

import io.hicra.core.Groups;

/**
 * pass@k and mean@k from {@code n} sampled answers per prompt of which {@code c} are correct.
 *
 * <p><b>pass@k</b> is the probability that at least one of {@code k} answers drawn without
 * replacement from the {@code n} is correct, the unbiased estimator of Chen et al. 2021
 * (arXiv:2107.03374):
 *
 * <pre>
 * pass@k = 1 − C(n − c, k) / C(n, k) = 1 − Π_{i = n − c + 1}^{n} (1 − k / i)
 * </pre>
 *
 * computed in the product form (no factorials, no overflow, no cancellation between huge
 * binomials). It is exactly 1.0 when {@code n − c < k} and exactly 0.0 when {@code c = 0}. It
 * rises with {@code k} and with {@code c}.
 *
 * <p><b>mean@k</b> is the expected fraction of correct answers among {@code k} samples (the
 * "average accuracy over k samplings" of evaluation protocols such as avg@32). Its unbiased
 * estimator from {@code n >= k} samples is {@code c / n}, whatever {@code k}; {@code k} is only
 * checked against {@code n}.
 *
 * <p>Batch averages weight every prompt equally (not every answer). An empty list of prompts
 * averages to 0. Errors: {@code k < 1}, {@code k > n}, {@code c < 0} or {@code c > n} throw
 * {@link IllegalArgumentException} naming the prompt index and the values.
 */
public final class PassAtK {
  private PassAtK() {}

  /**
   * Unbiased pass@k for one prompt.
   *
   * @param n answers sampled for the prompt, {@code >= 1}
   * @param c correct answers among them, {@code 0 <= c <= n}
   * @param k answers drawn, {@code 1 <= k <= n}
   * @throws IllegalArgumentException if the constraints above are violated
   */
  public static double passAtK(int n, int c, int k) {
    check(n, c, k, -1);
    return unchecked(n, c, k);
  }

  /**
   * mean@k for one prompt: {@code c / n}.
   *
   * @throws IllegalArgumentException as {@link #passAtK(int, int, int)}
   */
  public static double meanAtK(int n, int c, int k) {
    check(n, c, k, -1);
    return (double) c / n;
  }

  /**
   * pass@k averaged over prompts: {@code (1 / P) Σ_p pass@k(n[p], c[p])}; 0 for no prompts.
   *
   * @throws IllegalArgumentException on length mismatch or bad {@code n[p], c[p], k}
   */
  public static double meanPassAtK(int[] n, int[] c, int k) {
    Checks.notNull(n, "n");
    Checks.notNull(c, "c");
    Checks.sameLength(c.length, n.length, "c", "n's length");
    if (n.length == 0) {
      return 0.0;
    }
    double sum = 0;
    for (int p = 0; p < n.length; p++) {
      check(n[p], c[p], k, p);
      sum += unchecked(n[p], c[p], k);
    }
    return sum / n.length;
  }

  /**
   * mean@k averaged over prompts: {@code (1 / P) Σ_p c[p] / n[p]}; 0 for no prompts.
   *
   * @throws IllegalArgumentException on length mismatch or bad {@code n[p], c[p], k}
   */
  public static double meanMeanAtK(int[] n, int[] c, int k) {
    Checks.notNull(n, "n");
    Checks.notNull(c, "c");
    Checks.sameLength(c.length, n.length, "c", "n's length");
    if (n.length == 0) {
      return 0.0;
    }
    double sum = 0;
    for (int p = 0; p < n.length; p++) {
      check(n[p], c[p], k, p);
      sum += (double) c[p] / n[p];
    }
    return sum / n.length;
  }

  /**
   * pass@k averaged over the groups (prompts) of a batch, from one correctness flag per rollout.
   *
   * @throws IllegalArgumentException if {@code correct} does not have one entry per rollout of
   *     {@code groups}, or {@code k} exceeds a group's size (names the group)
   */
  public static double meanPassAtK(Groups groups, boolean[] correct, int k) {
    int[][] nc = countPerGroup(groups, correct);
    return meanPassAtK(nc[0], nc[1], k);
  }

  /**
   * mean@k averaged over the groups (prompts) of a batch, from one correctness flag per rollout.
   *
   * @throws IllegalArgumentException as {@link #meanPassAtK(Groups, boolean[], int)}
   */
  public static double meanMeanAtK(Groups groups, boolean[] correct, int k) {
    int[][] nc = countPerGroup(groups, correct);
    return meanMeanAtK(nc[0], nc[1], k);
  }

  /** {@code {n, c}}: answers and correct answers per group. */
  static int[][] countPerGroup(Groups groups, boolean[] correct) {
    Checks.notNull(groups, "groups");
    Checks.notNull(correct, "correct");
    Checks.sameLength(correct.length, groups.rollouts(), "correct", "the groups' rollout count");
    int[] n = new int[groups.count()];
    int[] c = new int[groups.count()];
    for (int i = 0; i < correct.length; i++) {
      int g = groups.groupOf(i);
      n[g]++;
      if (correct[i]) {
        c[g]++;
      }
    }
    return new int[][] {n, c};
  }

  private static double unchecked(int n, int c, int k) {
    if (n - c < k) {
      return 1.0;
    }
    double prod = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      prod *= 1.0 - (double) k / i;
    }
    return 1.0 - prod;
  }

  private static void check(int n, int c, int k, int prompt) {
    if (n >= 1 && c >= 0 && c <= n && k >= 1 && k <= n) {
      return;
    }
    String where = prompt < 0 ? "" : " at prompt " + prompt;
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (n < 1) {
      throw new IllegalArgumentException("n" + (prompt < 0 ? "" : "[" + prompt + "]")
          + " must be >= 1, got " + n);
    }
    if (c < 0 || c > n) {
      throw new IllegalArgumentException("c" + (prompt < 0 ? "" : "[" + prompt + "]") + " = " + c
          + " must be in [0, n = " + n + "]");
    }
    throw new IllegalArgumentException(
        "k = " + k + " exceeds the number of samples n = " + n + where);
  }
}
