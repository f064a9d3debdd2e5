package io.hicra.nd4j;

/**
 * What trainers log per step. Every statistic is a plain mean over valid (unmasked) tokens,
 * whatever the loss's aggregation mode, in nats where it is a log quantity.
 *
 * @param validTokens number of valid tokens
 * @param clipFractionLow share of tokens whose lower clip is active ({@code A < 0}, {@code r <
 *     1 − ε_low}): their gradient is zero
 * @param clipFractionHigh share of tokens whose upper clip is active ({@code A > 0}, {@code r >
 *     1 + ε_high})
 * @param dualClipFraction share of tokens held by the dual clip ({@code A < 0}, {@code s < c·A})
 * @param approxKl mean of {@code logp_old − logp_new}, the k1 estimate of KL(π_old ‖ π_new)
 *     (verl's {@code ppo_kl})
 * @param meanRatio mean of the (clamped) ratio {@code r}
 * @param kl mean of the configured KL estimator to the reference policy, NaN without one
 * @param entropy mean token entropy from the logits, NaN without logits
 */
public record PolicyLossStats(
    long validTokens,
    double clipFractionLow,
    double clipFractionHigh,
    double dualClipFraction,
    double approxKl,
    double meanRatio,
    double kl,
    double entropy) {}
