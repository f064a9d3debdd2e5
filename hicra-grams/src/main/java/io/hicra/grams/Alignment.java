package io.hicra.grams;

import io.hicra.core.TokenMask;
import java.util.List;

/**
 * The planning mask of one rollout and the gram matches behind it, from {@link
 * TokenAligner#align}. Immutable: {@link #mask()} returns a copy.
 */
public final class Alignment {
  private final TokenMask mask;
  private final List<AlignedMatch> matches;

  Alignment(TokenMask mask, List<AlignedMatch> matches) {
    this.mask = mask;
    this.matches = List.copyOf(matches);
  }

  /** The planning mask, one bit per token of the rollout (a copy). */
  public TokenMask mask() {
    return mask.copy();
  }

  /** Number of tokens of the rollout. */
  public int tokenCount() {
    return mask.size();
  }

  /** Whether token {@code token} is a planning token. */
  public boolean isPlanning(int token) {
    return mask.get(token);
  }

  /** Number of planning tokens. */
  public int planningTokens() {
    return mask.cardinality();
  }

  /** The reported matches with their token ranges, sorted by start and then by end. */
  public List<AlignedMatch> matches() {
    return matches;
  }

  @Override
  public String toString() {
    return "Alignment{tokens=" + tokenCount() + ", planning=" + planningTokens() + ", matches="
        + matches.size() + "}";
  }
}
