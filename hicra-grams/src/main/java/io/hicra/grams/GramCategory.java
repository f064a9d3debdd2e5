package io.hicra.grams;

import java.util.Locale;

/**
 * The role a Strategic Gram plays in a reasoning trace. The first three are the paper's planning
 * moves (arXiv:2509.03646, §2.1); {@link #VERIFICATION} covers checking moves that the paper's
 * examples fold into deduction and backtracking, and {@link #OTHER} is for user lexicons whose
 * phrases fit none of them.
 */
public enum GramCategory {
  /** Drawing a conclusion or choosing a tool: "we can use the fact that", "it follows that". */
  DEDUCTION,
  /** Opening alternatives or cases: "consider the case where", "alternatively, we could". */
  BRANCHING,
  /** Abandoning or revising a line of reasoning: "let's try a different approach", "wait, no". */
  BACKTRACKING,
  /** Checking a result or an assumption: "let me double-check", "but the problem says". */
  VERIFICATION,
  /** Any other strategic phrase of a user lexicon. */
  OTHER;

  /**
   * The category named {@code name}, ignoring case and surrounding whitespace.
   *
   * @throws IllegalArgumentException naming the value if it is null or not a category name
   */
  public static GramCategory parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("category must not be null");
    }
    String key = name.trim().toUpperCase(Locale.ROOT);
    for (GramCategory c : values()) {
      if (c.name().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown category '" + name + "', expected one of DEDUCTION, BRANCHING, BACKTRACKING,"
            + " VERIFICATION, OTHER");
  }
}
