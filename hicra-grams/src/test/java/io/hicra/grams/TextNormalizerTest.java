package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  @Test
  void foldsCaseQuotesAndWhitespace() {
    assertThat(TextNormalizer.normalize("  Let\u2019s\tTRY \n\u00A0 a “Different”  Approach ")).isEqualTo(
        "let's try a \"different\" approach");
    assertThat(TextNormalizer.normalize("İ ſ \u212A")).isEqualTo("i s k");
    assertThat(TextNormalizer.normalize("Straße")).isEqualTo("straße");
    // Deseret capital long I (U+10400) folds to its small letter (U+10428), still a pair.
    assertThat(TextNormalizer.normalize("\uD801\uDC00")).isEqualTo("\uD801\uDC28");
    assertThat(TextNormalizer.normalize("")).isEmpty();
  }

  @Test
  void wordBoundaries() {
    String t = "also we can";
    assertThat(TextNormalizer.isBoundary(t, 0)).isTrue();
    assertThat(TextNormalizer.isBoundary(t, 2)).isFalse();
    assertThat(TextNormalizer.isBoundary(t, 4)).isTrue();
    assertThat(TextNormalizer.isBoundary(t, t.length())).isTrue();
    // A combining acute accent continues the word.
    assertThat(TextNormalizer.isBoundary("cafe\u0301s", 4)).isFalse();
    assertThat(TextNormalizer.isBoundary("cafe\u0301s", 5)).isFalse();
    // A math italic x (a letter outside the BMP) is a word char.
    assertThat(TextNormalizer.isBoundary("a\uD835\uDC65", 1)).isFalse();
    // Punctuation, CJK and unpaired surrogates.
    assertThat(TextNormalizer.isBoundary("wait,x", 4)).isTrue();
    assertThat(TextNormalizer.isBoundary("wait\uD800x", 4)).isTrue();
    assertThat(TextNormalizer.isWordChar('\u4E2D')).isTrue();
    assertThat(TextNormalizer.isWordChar('\'')).isFalse();
  }
}
