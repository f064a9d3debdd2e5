package io.hicra.grams;

/** Which matches a {@link GramMatcher} reports. */
public enum MatchMode {
  /**
   * Every occurrence of every gram, overlapping or nested ones included: "let me check" and
   * "wait, let me check" both match in "wait, let me check". Planning masks use this mode.
   */
  ALL,
  /**
   * Non-overlapping matches chosen greedily from the left: the match that starts first wins, the
   * longest one among those that start there, and scanning resumes at its end. Suits counting
   * grams once per occurrence (semantic entropy).
   */
  LEFTMOST_LONGEST
}
