package io.hicra.metrics;

import java.util.List;

/**
 * The result of {@link SemanticEntropy#compute}: the Shannon entropy of the distribution of
 * Strategic Gram outcomes in a batch.
 *
 * @param entropy {@code H = − Σ p_i log p_i} in {@code unit}; 0 when nothing was counted
 * @param normalized {@code H / log K} for {@code K = distinct} ({@code K <= 1} gives 0), in [0,
 *     1], unit-free
 * @param distinct {@code K}, the number of distinct outcomes observed
 * @param occurrences {@code N}, occurrences counted
 * @param rollouts rollouts that contributed (all, or the successful ones)
 * @param unit the unit of {@code entropy}
 * @param counts the outcome counts, most frequent first (ties by label); unmodifiable
 */
public record GramEntropy(
    double entropy,
    double normalized,
    int distinct,
    long occurrences,
    int rollouts,
    EntropyUnit unit,
    List<GramCount> counts) {

  /** Copies {@code counts} into an unmodifiable list. */
  public GramEntropy {
    Checks.notNull(unit, "unit");
    counts = List.copyOf(Checks.notNull(counts, "counts"));
  }
}
