package io.hicra.metrics;

/**
 * Perplexity of a batch over its planning tokens, its execution tokens and all its tokens.
 *
 * <p>For a token class {@code C} with per-token log-probabilities {@code log π(y_t)} (natural
 * log, of the sampled token under the policy):
 *
 * <pre>
 * PPL(C) = exp( − (1 / |C|) Σ_{t ∈ C} log π(y_t) )
 * </pre>
 *
 * A token-level mean: every token of the class weighs the same, whatever its rollout. A class
 * without tokens has perplexity 1 (the empty mean is taken as 0); its count says so.
 *
 * @param planning perplexity over planning tokens, {@code >= 1} up to rounding
 * @param execution perplexity over execution (non-planning) tokens
 * @param all perplexity over all tokens
 * @param meanLogProbPlanning mean log-probability of planning tokens (nats), 0 if none
 * @param meanLogProbExecution mean log-probability of execution tokens (nats), 0 if none
 * @param planningTokens number of planning tokens
 * @param executionTokens number of execution tokens
 */
public record PerplexityByClass(
    double planning,
    double execution,
    double all,
    double meanLogProbPlanning,
    double meanLogProbExecution,
    long planningTokens,
    long executionTokens) {

  /**
   * Relative perplexity (paper §2.2): {@code current / initial}, the perplexity over its value at
   * the first tracked step. Defined as 1 when {@code initial} is not a positive finite number.
   *
   * @throws IllegalArgumentException if {@code current} is NaN or infinite
   */
  public static double relative(double current, double initial) {
    Checks.finite(current, "current");
    if (!(initial > 0) || Double.isInfinite(initial)) {
      return 1.0;
    }
    return current / initial;
  }
}
