/**
 * GRPO-family group advantages and HICRA's hierarchy-aware token credit over ragged batches.
 *
 * <h2>Batch layout</h2>
 *
 * A batch of {@code B} rollouts is stored ragged: per-token values live in flat arrays ({@code
 * float[]} advantages, log-probabilities, entropies) and a {@link io.hicra.core.BatchLayout} holds
 * {@code int[] offsets} of length {@code B + 1}; rollout {@code i} owns tokens {@code [offsets[i],
 * offsets[i + 1])}. Token classes (planning tokens, response masks) are {@link
 * io.hicra.core.TokenMask} bit sets over the same flat token indices. {@link io.hicra.core.Padding}
 * converts to and from padded row-major {@code [B, T]} arrays with a response mask. All spans are
 * half-open, {@code [start, end)}.
 *
 * <h2>From rewards to token advantages</h2>
 *
 * <pre>{@code
 * Groups groups = Groups.of(promptIds);                       // rollouts of one prompt
 * double[] seq = GroupAdvantages.compute(rewards, groups, AdvantageConfig.defaults());
 * float[] tok = HicraAdvantage.compute(seq, layout, planningMask, 0.2);
 * }</pre>
 *
 * {@link io.hicra.core.AdvantageConfig} documents every convention (std scope and estimator, ε
 * placement, std floor, groups of one) and the presets for verl and TRL. {@link
 * io.hicra.core.TokenCredit} puts GRPO's uniform credit, HICRA and the high-entropy fork-token
 * baseline behind one interface. {@link io.hicra.core.DynamicSampling} drops groups without signal.
 *
 * <h2>Numbers, errors, threads</h2>
 *
 * Rewards and sequence advantages are {@code double}; token advantages {@code float}. Bad input
 * fails at the public boundary with an {@link java.lang.IllegalArgumentException} that names the
 * argument, the index and the value. Layouts, groups and configurations are immutable; a {@code
 * TokenMask} is a mutable bit set that may be read from many threads once written. Methods named
 * {@code …Into} write into a caller's array and allocate nothing.
 *
 * <p>References: GRPO, Shao et al., arXiv:2402.03300; HICRA, Wang et al., arXiv:2509.03646.
 */
package io.hicra.core;
