package io.hicra.grams;

/**
 * One occurrence of a Strategic Gram in a text.
 *
 * <p>{@code [start, end)} is a half-open span in UTF-16 {@code char} indices of the original text
 * (not of its normalised form): {@code text.substring(start, end)} is the matched passage as the
 * text writes it, which may differ from the gram's phrase in case, whitespace and quote style.
 *
 * @param gramId the gram's id in its {@link StrategicGramSet}
 * @param gram the gram
 * @param start index of the first matched char
 * @param end index one past the last matched char
 */
public record GramMatch(int gramId, StrategicGram gram, int start, int end) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code gramId} is negative, {@code gram} is null, or the
   *     span is negative or reversed
   */
  public GramMatch {
    if (gramId < 0) {
      throw new IllegalArgumentException("gramId must be >= 0, got " + gramId);
    }
    if (gram == null) {
      throw new IllegalArgumentException("gram must not be null");
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "span [" + start + ", " + end + ") must satisfy 0 <= start <= end");
    }
  }

  /** The gram's category. */
  public GramCategory category() {
    return gram.category();
  }

  /** Number of chars of the original text the match covers. */
  public int length() {
    return end - start;
  }

  /** The matched passage of {@code text}, the text this match was found in. */
  public String matchedText(CharSequence text) {
    return text.subSequence(start, end).toString();
  }
}
