package io.hicra.metrics;

/**
 * A per-token quantity averaged over the planning tokens, the execution tokens and all tokens of
 * a batch (token-level means: every token weighs the same, whatever its rollout).
 *
 * <p>A class without tokens has mean 0 (never NaN); its count says so.
 *
 * @param planning mean over planning tokens, 0 if there are none
 * @param execution mean over execution (non-planning) tokens, 0 if there are none
 * @param all mean over all tokens, 0 for an empty batch
 * @param planningTokens number of planning tokens
 * @param executionTokens number of execution tokens
 */
public record TokenClassMeans(
    double planning, double execution, double all, long planningTokens, long executionTokens) {

  /** Number of tokens in the batch. */
  public long tokens() {
    return planningTokens + executionTokens;
  }

  /** Planning tokens over all tokens, 0 for an empty batch. */
  public double planningRatio() {
    long n = tokens();
    return n == 0 ? 0.0 : (double) planningTokens / n;
  }
}
