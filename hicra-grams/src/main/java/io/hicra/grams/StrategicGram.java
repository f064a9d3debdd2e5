package io.hicra.grams;

/**
 * One Strategic Gram: a phrase that steers a reasoning trace, with its category.
 *
 * <p>The phrase is kept as written; matching compares its {@linkplain TextNormalizer normalised
 * form} (case-folded, whitespace runs collapsed, typographic quotes made ASCII), so "Wait, let me
 * check" and "wait,  let me check" are the same gram.
 *
 * @param phrase the phrase as written, non-blank
 * @param category its category
 */
public record StrategicGram(String phrase, GramCategory category) {
  /**
   * Validates both components.
   *
   * @throws IllegalArgumentException if {@code phrase} is null or blank, or {@code category} is
   *     null
   */
  public StrategicGram {
    if (phrase == null) {
      throw new IllegalArgumentException("phrase must not be null");
    }
    if (phrase.isBlank()) {
      throw new IllegalArgumentException("phrase must not be blank, got '" + phrase + "'");
    }
    if (category == null) {
      throw new IllegalArgumentException("category of phrase '" + phrase + "' must not be null");
    }
  }

  /** A gram from a phrase and a category. */
  public static StrategicGram of(String phrase, GramCategory category) {
    return new StrategicGram(phrase, category);
  }

  /** The phrase in the form the matcher compares: see {@link TextNormalizer#normalize}. */
  public String normalizedPhrase() {
    return TextNormalizer.normalize(phrase);
  }
}
