/**
 * Runnable usage of hicra.
 *
 * <ul>
 *   <li>{@link io.hicra.examples.CustomLoopExample}: one batch of a custom training loop — rewards,
 *       GRPO group advantages, a planning mask from a Strategic Gram set, HICRA token advantages
 *       and the policy-gradient loss's gradient with respect to the log-probabilities.
 *   <li>{@link io.hicra.examples.RlExample} and {@link io.hicra.examples.RlSweep}: a small, real
 *       RL run on {@link io.hicra.examples.HierarchicalTask}, a seeded two-level task (choose a
 *       strategy phrase, then execute three procedural steps; reward 1 only if both are right),
 *       comparing GRPO, HICRA and entropy-regularised GRPO ({@link io.hicra.examples.Algorithm}).
 *       The policy is a small SameDiff MLP language model trained from scratch on CPU; every step
 *       goes through hicra-grams (planning tokens from decoded text), hicra-core (advantages,
 *       token credit), hicra-nd4j (the clipped loss and its gradient) and hicra-metrics (the
 *       dynamics tracker).
 *   <li>{@link io.hicra.examples.ComparisonReport}: {@code report.html} with the algorithms' runs
 *       on the same axes (accuracy, semantic entropy, token entropy and relative perplexity by
 *       token class over steps), drawn with hicra-cli's chart renderer.
 * </ul>
 *
 * <p>Spans are {@code [start, end)} in UTF-16 chars of the decoded text (the task's text is
 * ASCII, so they equal code points). Runs are deterministic for a seed; nothing here is
 * thread-safe. The module README holds the results over seeds and how they were produced.
 */
package io.hicra.examples;
