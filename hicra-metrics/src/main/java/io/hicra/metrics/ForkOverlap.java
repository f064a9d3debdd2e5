package io.hicra.metrics;

/**
 * How planning tokens and high-entropy ("fork") tokens overlap in a batch (paper §4.5, Figure 9;
 * fork tokens after Wang et al., arXiv:2506.01939).
 *
 * <p>The top-{@code q} entropy tokens {@code F} are the tokens whose entropy is {@code >=} the
 * {@code k}-th largest entropy of the batch, {@code k = ⌈q·N⌉} over all {@code N} tokens (at
 * least 1; a product within 1e-9 relative of an integer counts as that integer). Ties at the
 * threshold are all kept, so {@code |F|} may exceed {@code k}. With {@code P} the planning tokens:
 *
 * <pre>
 * planningInTop = |P ∩ F| / |P|     "most planning tokens are high-entropy"
 * topInPlanning = |P ∩ F| / |F|     "most high-entropy tokens are not planning tokens"
 * </pre>
 *
 * Each fraction is 0 when its denominator is 0 (no planning tokens; an empty batch).
 *
 * @param q the quantile fraction used, in (0, 1)
 * @param threshold the entropy (nats) of the {@code k}-th largest token, 0 for an empty batch
 * @param tokens {@code N}, tokens in the batch
 * @param planningTokens {@code |P|}
 * @param topTokens {@code |F|}
 * @param planningTopTokens {@code |P ∩ F|}
 */
public record ForkOverlap(
    double q, float threshold, long tokens, long planningTokens, long topTokens,
    long planningTopTokens) {

  /** The default quantile fraction, 0.2 (the top 20% of tokens by entropy). */
  public static final double DEFAULT_Q = 0.2;

  /** {@code |P ∩ F| / |P|}: the fraction of planning tokens that are top-q entropy tokens. */
  public double planningInTop() {
    return planningTokens == 0 ? 0.0 : (double) planningTopTokens / planningTokens;
  }

  /** {@code |P ∩ F| / |F|}: the fraction of top-q entropy tokens that are planning tokens. */
  public double topInPlanning() {
    return topTokens == 0 ? 0.0 : (double) planningTopTokens / topTokens;
  }

  /**
   * {@code planningInTop / (|F| / N)}: how much more often a planning token is a fork token than
   * a random token is; 1 means independence, 0 for an empty batch.
   */
  public double lift() {
    return topTokens == 0 ? 0.0 : planningInTop() * tokens / topTokens;
  }
}
