package io.hicra.metrics;

import java.util.List;

/**
 * The result of {@link ConditionalGramEntropy#compute}: how varied the procedural steps are that
 * follow each strategic move. {@code S} is the strategic outcome, {@code P} the procedural n-gram
 * after it, over the {@code pairs} occurrences that have one. All entropies are in {@code unit},
 * 0 when there are no pairs, and satisfy {@code H(P|S) = H(S,P) − H(S) <= H(P)} (up to rounding).
 *
 * @param conditional {@code H(P | S) = Σ_s p(s) H(P | S = s)}
 * @param strategic {@code H(S)} over the paired occurrences
 * @param procedural {@code H(P)}, the marginal entropy of the procedural n-grams
 * @param joint {@code H(S, P)}
 * @param pairs occurrences with a following procedural n-gram
 * @param unpaired occurrences without one: no procedural word before the next Strategic Gram or
 *     the end of the text, or a rollout without text
 * @param unit the unit of every entropy here
 * @param perGram one row per strategic outcome with pairs, most pairs first; unmodifiable
 */
public record ConditionalEntropyResult(
    double conditional,
    double strategic,
    double procedural,
    double joint,
    long pairs,
    long unpaired,
    EntropyUnit unit,
    List<StrategicBreakdown> perGram) {

  /** Copies {@code perGram} into an unmodifiable list. */
  public ConditionalEntropyResult {
    Checks.notNull(unit, "unit");
    perGram = List.copyOf(Checks.notNull(perGram, "perGram"));
  }

  /** {@code I(S; P) = H(P) − H(P | S)}: what the strategic gram tells about what follows it. */
  public double mutualInformation() {
    return Math.max(0.0, procedural - conditional);
  }
}
