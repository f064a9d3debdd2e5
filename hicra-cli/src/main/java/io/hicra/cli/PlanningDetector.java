package io.hicra.cli;

/**
 * Finds the Strategic Gram matches of a rollout and the planning tokens they cover. Implementations
 * are immutable and thread-safe: parse workers call them concurrently.
 */
interface PlanningDetector {
  /**
   * Sets {@link Rollout#grams} (matches in code points, ascending start) and {@link
   * Rollout#planning} (one flag per token: the token overlaps a match).
   */
  void detect(Rollout r);

  /** Number of grams in the set, for the summary. */
  int gramCount();
}
