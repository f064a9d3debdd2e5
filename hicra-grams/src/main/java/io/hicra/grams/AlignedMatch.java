package io.hicra.grams;

/**
 * A gram match together with the tokens it overlaps: tokens {@code [firstToken, endToken)} of
 * its rollout (every non-empty token in that range overlaps the match). If no token overlaps the
 * match (the tokens leave its text uncovered), {@code firstToken == endToken}.
 *
 * @param match the match, spans in UTF-16 chars of the rollout's text
 * @param firstToken index of the first overlapping token
 * @param endToken index one past the last overlapping token
 */
public record AlignedMatch(GramMatch match, int firstToken, int endToken) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code match} is null or the token range is reversed or
   *     negative
   */
  public AlignedMatch {
    if (match == null) {
      throw new IllegalArgumentException("match must not be null");
    }
    if (firstToken < 0 || endToken < firstToken) {
      throw new IllegalArgumentException(
          "token range [" + firstToken + ", " + endToken + ") must satisfy 0 <= first <= end");
    }
  }

  /** Index of the last overlapping token, {@code endToken - 1} (below {@code firstToken} if none). */
  public int lastToken() {
    return endToken - 1;
  }

  /** Number of tokens in {@code [firstToken, endToken)}. */
  public int tokenCount() {
    return endToken - firstToken;
  }

  /** The gram's id. */
  public int gramId() {
    return match.gramId();
  }

  /** The gram. */
  public StrategicGram gram() {
    return match.gram();
  }

  /** The gram's category. */
  public GramCategory category() {
    return match.gram().category();
  }
}
