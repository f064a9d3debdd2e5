/**
 * The clipped policy-gradient loss of GRPO/DAPO-style training on ND4J, with HICRA's token
 * advantages (Wang et al., arXiv:2509.03646) as input.
 *
 * <h2>Concepts</h2>
 *
 * <ul>
 *   <li>{@link io.hicra.nd4j.PolicyLossConfig}: the objective — PPO's clipped surrogate with
 *       separate lower and upper clip (DAPO's clip-higher), dual clip, a KL penalty to a reference
 *       policy (k1, k2, k3), an entropy bonus, four aggregation modes and the clamps of verl —
 *       every convention that changes numbers as an explicit, documented option.
 *   <li>{@link io.hicra.nd4j.PolicyLossInputs}: padded {@code [B, T]} arrays with a 0/1 response
 *       mask, or flat {@code [N]} arrays over a {@link io.hicra.core.BatchLayout} (ragged, every
 *       token valid). Tokens are indexed {@code [start, end)} per rollout as in hicra-core.
 *   <li>{@link io.hicra.nd4j.PolicyLoss}: the eager evaluation — loss, analytic gradient
 *       {@code ∂loss/∂logp_new} (and {@code ∂loss/∂logits} of the entropy bonus), {@link
 *       io.hicra.nd4j.PolicyLossStats}.
 *   <li>{@link io.hicra.nd4j.PolicyLossGraph}: the same loss as SameDiff operations.
 * </ul>
 *
 * <h2>Units and numbers</h2>
 *
 * Log-probabilities, KL and entropy are in nats. Arrays are FLOAT (training) or DOUBLE (checks),
 * one type per call. GRPO: arXiv:2402.03300; DAPO (clip-higher, token-mean): arXiv:2503.14476;
 * Dr. GRPO (sum divided by a constant): arXiv:2503.20783; dual clip: arXiv:1912.09729.
 *
 * <h2>Threading</h2>
 *
 * Configurations, inputs and {@code PolicyLoss} instances are immutable and may be shared; each
 * call allocates its own outputs (or writes the caller's buffer with {@code computeInto}, which
 * must then not be shared between concurrent calls). The fused kernel is single-threaded.
 */
package io.hicra.nd4j;
