package io.hicra.grams;

/**
 * Receives matches from {@link GramMatcher#scan}, the allocation-free way to consume them.
 * Spans are {@code [start, end)} in UTF-16 chars of the original text.
 */
@FunctionalInterface
public interface MatchSink {
  /**
   * Called once per match.
   *
   * @param gramId the gram's id in the matcher's {@link StrategicGramSet}
   * @param start index of the first matched char
   * @param end index one past the last matched char
   */
  void onMatch(int gramId, int start, int end);
}
