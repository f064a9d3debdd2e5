/**
 * The diagnostics of "Emergent Hierarchical Reasoning in LLMs through Reinforcement Learning"
 * (Wang et al., arXiv:2509.03646, §2.2, §4.4, §4.5, Appendix A) as a library: semantic entropy of
 * Strategic Grams, conditional entropy of the procedural n-gram after a Strategic Gram, token
 * entropy and perplexity split by planning / execution tokens, pass@k and mean@k, the overlap of
 * planning tokens with high-entropy "fork" tokens, and a tracker of their dynamics over training
 * steps.
 *
 * <h2>Input: one batch per step</h2>
 *
 * A {@link io.hicra.metrics.RolloutBatch} hands over, by reference and without copying: per
 * rollout its text, its {@code GramMatch} list (spans in UTF-16 chars of the text), its reward or
 * correctness and its group; per token, flat arrays over an {@link io.hicra.core.BatchLayout}
 * (log-probabilities, entropies) and the planning {@link io.hicra.core.TokenMask}. Every part is
 * optional; {@link io.hicra.metrics.BatchMetrics} computes whatever the parts allow and {@link
 * io.hicra.metrics.DynamicsTracker} keeps the series.
 *
 * <pre>{@code
 * DynamicsTracker tracker = DynamicsTracker.create();
 * StepMetrics m = tracker.record(step, RolloutBatch.builder(b)
 *     .texts(texts).matches(matches).rewards(rewards).groups(groups)
 *     .tokens(layout, logProbs, entropies, planningMask).build());
 * double h = m.get(StepMetrics.SEMANTIC_ENTROPY);
 * }</pre>
 *
 * <h2>Units and conventions</h2>
 *
 * <ul>
 *   <li>Entropies are in nats (natural log) unless a method or {@link io.hicra.metrics.EntropyUnit}
 *       option says bits. Token entropy from logits uses log-sum-exp.
 *   <li>Token-level means weigh every token equally; pass@k and mean@k weigh every prompt equally.
 *   <li>Spans are half-open, {@code [start, end)}.
 *   <li>Empty inputs give defined values, never NaN: entropies 0, perplexity 1, fractions 0, pass@k
 *       of no prompts 0. Each result record documents its empty value.
 * </ul>
 *
 * <h2>Errors, allocation, threads</h2>
 *
 * Bad input (negative counts, NaN or infinite logits / log-probabilities / entropies, length
 * mismatches, {@code q} outside (0, 1), {@code k > n}) fails with an {@link
 * java.lang.IllegalArgumentException} naming the argument, the index and the value. Token-level
 * methods make one pass over primitive arrays and allocate only their result (the fork quantile
 * two fixed histograms; {@code …Into} methods nothing). Calculators and configurations are
 * immutable and thread-safe; {@link io.hicra.metrics.DynamicsTracker} is synchronized.
 *
 * <p>References: HICRA, Wang et al., arXiv:2509.03646; GRPO, Shao et al., arXiv:2402.03300;
 * pass@k, Chen et al., arXiv:2107.03374; fork tokens, Wang et al., arXiv:2506.01939.
 */
package io.hicra.metrics;
