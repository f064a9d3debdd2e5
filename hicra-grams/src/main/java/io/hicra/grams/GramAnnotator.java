package io.hicra.grams;

import java.util.List;

/**
 * Decides which mined candidates are Strategic Grams, and of which category: the paper labelled
 * candidates with an LLM and a manual pass (arXiv:2509.03646, §2.1). Plug an LLM-backed
 * implementation here; the default accepts candidates that contain a phrase of a seed lexicon.
 */
@FunctionalInterface
public interface GramAnnotator {
  /**
   * The category of {@code candidate}, or {@code null} to reject it.
   *
   * @param candidate a ranked candidate with its cluster
   */
  GramCategory annotate(GramCandidate candidate);

  /**
   * Accepts a candidate iff it contains (on word boundaries, under the usual normalisation) a
   * phrase of {@code seeds}; its category is that of the longest such phrase (the earliest one on
   * a tie).
   *
   * @throws IllegalArgumentException if {@code seeds} is null
   */
  static GramAnnotator seedLexicon(StrategicGramSet seeds) {
    if (seeds == null) {
      throw new IllegalArgumentException("seeds must not be null");
    }
    GramMatcher matcher = GramMatcher.of(seeds);
    return candidate -> {
      List<GramMatch> found = matcher.findAll(candidate.phrase());
      GramMatch best = null;
      for (GramMatch m : found) {
        if (best == null || m.length() > best.length()) {
          best = m;
        }
      }
      return best == null ? null : best.category();
    };
  }
}
