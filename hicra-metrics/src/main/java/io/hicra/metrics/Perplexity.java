package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;

/**
 * Perplexity split by token class, from per-token log-probabilities (paper §2.2, "Relative
 * Perplexity"); see {@link PerplexityByClass} for the formula. Relative perplexity over the first
 * step is kept by {@link DynamicsTracker}, or computed with {@link PerplexityByClass#relative}.
 */
public final class Perplexity {
  private Perplexity() {}

  /**
   * Perplexity over planning tokens, execution tokens and all tokens of a batch. One pass over
   * {@code logProbs} plus the mask's set bits; allocates only the result.
   *
   * @param logProbs one natural-log probability per token of {@code layout}: finite and {@code <=
   *     0} (values up to 1e-3 are tolerated as float rounding)
   * @param layout the batch layout
   * @param planning the planning-token mask over the same tokens
   * @throws IllegalArgumentException on length mismatch or a NaN, infinite or positive
   *     log-probability (names the token index and value)
   */
  public static PerplexityByClass byClass(
      float[] logProbs, BatchLayout layout, TokenMask planning) {
    ClassSums s = ClassSums.of(logProbs, layout, planning, "logProbs", ClassSums.LOG_PROB);
    double lp = s.planningMean();
    double le = s.executionMean();
    double la = s.allMean();
    return new PerplexityByClass(
        Math.exp(-lp),
        Math.exp(-le),
        Math.exp(-la),
        lp,
        le,
        s.planningCount,
        s.totalCount - s.planningCount);
  }
}
