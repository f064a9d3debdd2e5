package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenAlignerTest {
  private static final TokenAligner ALIGNER =
      TokenAligner.of(
          StrategicGramSet.builder()
              .add("wait, let me check", GramCategory.VERIFICATION)
              .add("let me check", GramCategory.VERIFICATION)
              .add("so we can", GramCategory.DEDUCTION)
              .build());

  @Test
  void handTokenisedRollout() {
    String text = "x=3.\n\nWait, let me check: also we can";
    List<String> pieces =
        List.of("x", "=", "3", ".\n\n", "Wait", ",", " let", " me", " che", "ck", ":", " also",
            " we", " can");
    TokenSpans spans = TokenSpans.ofPieces(text, pieces);
    Alignment a = ALIGNER.align(text, spans);
    // Tokens 4..9 carry "Wait, let me check"; ".\n\n" before and ":" after do not; "also we can"
    // is not "so we can".
    assertThat(a.mask().toBooleans())
        .containsExactly(false, false, false, false, true, true, true, true, true, true, false,
            false, false, false);
    assertThat(a.planningTokens()).isEqualTo(6);
    assertThat(a.matches()).hasSize(2);
    AlignedMatch outer = a.matches().get(0);
    assertThat(outer.gram().phrase()).isEqualTo("wait, let me check");
    assertThat(outer.match().start()).isEqualTo(6);
    assertThat(outer.match().end()).isEqualTo(24);
    assertThat(outer.firstToken()).isEqualTo(4);
    assertThat(outer.lastToken()).isEqualTo(9);
    AlignedMatch inner = a.matches().get(1);
    assertThat(inner.gram().phrase()).isEqualTo("let me check");
    assertThat(inner.firstToken()).isEqualTo(6);
    assertThat(inner.endToken()).isEqualTo(10);
    assertThat(inner.category()).isEqualTo(GramCategory.VERIFICATION);

    // Leftmost-longest reporting keeps only the outer match; the mask is unchanged.
    Alignment longest = ALIGNER.align(text, spans, MatchMode.LEFTMOST_LONGEST);
    assertThat(longest.matches()).hasSize(1);
    assertThat(longest.mask()).isEqualTo(a.mask());
  }

  @Test
  void readmeExampleHolds() {
    String text = "So x = 3.\n\nWait, let me check the sign.";
    TokenSpans tokens = TokenSpans.ofPieces(text, List.of("So", " x", " =", " 3", ".\n\n",
        "Wait", ",", " let", " me", " check", " the", " sign", "."));
    Alignment a = TokenAligner.defaultAligner().align(text, tokens);
    assertThat(a.mask()).isEqualTo(TokenMask.of(13, 5, 6, 7, 8, 9));
    assertThat(a.matches()).extracting(m -> m.gram().phrase())
        .containsExactly("wait, let me check", "let me check");
    AlignedMatch first = a.matches().get(0);
    assertThat(first.category()).isEqualTo(GramCategory.VERIFICATION);
    assertThat(first.match().start()).isEqualTo(11);
    assertThat(first.match().end()).isEqualTo(29);
    assertThat(first.firstToken()).isEqualTo(5);
    assertThat(first.lastToken()).isEqualTo(9);
  }

  @Test
  void marksOnlyTheRolloutsTokensInABatch() {
    String text = "so we can go";
    int[] starts = {0, 2, 5, 9};
    int[] ends = {2, 5, 9, 12};
    BatchLayout layout = BatchLayout.ofLengths(2, 4, 3);
    TokenMask mask = TokenMask.empty(layout.tokens());
    mask.set(0);
    int n = ALIGNER.markOffsets(text, starts, ends, OffsetUnit.UTF16, mask, layout, 1);
    assertThat(n).isEqualTo(3);
    assertThat(mask.toBooleans())
        .containsExactly(true, false, true, true, true, false, false, false, false);
    // Bits are only set, never cleared; marking twice changes nothing.
    ALIGNER.mark(text, TokenSpans.ofUtf16(text, starts, ends), mask, layout, 1);
    assertThat(mask.cardinality()).isEqualTo(4);
  }

  @Test
  void tokensThatLeaveTheGramUncoveredGetAnEmptyRange() {
    String text = "ok so we can go";
    // Only "ok" and "go" are tokens (say the middle was masked out): the match has no tokens.
    TokenSpans spans = TokenSpans.ofUtf16(text, new int[] {0, 13}, new int[] {2, 15});
    Alignment a = ALIGNER.align(text, spans);
    assertThat(a.planningTokens()).isZero();
    assertThat(a.matches()).singleElement().satisfies(m -> {
      assertThat(m.tokenCount()).isZero();
      assertThat(m.firstToken()).isEqualTo(1);
    });
  }

  @Test
  void lexiconWithSupplementaryCharactersFoldsPairsWhenMarking() {
    // Deseret small long i (U+10428) in the phrase; the text has the capital (U+10400).
    StrategicGramSet set =
        StrategicGramSet.builder().add("\uD801\uDC28 step", GramCategory.OTHER).build();
    TokenAligner aligner = TokenAligner.of(set);
    String text = "a \uD801\uDC00 STEP b \uD801\uDC00 stepper";
    // Tokens: "a", " ", the pair split into its two chars, " STEP", " b", " ", pair, " stepper".
    int[] s = {0, 1, 2, 3, 4, 9, 11, 12, 14};
    int[] e = {1, 2, 3, 4, 9, 11, 12, 14, 22};
    TokenSpans spans = TokenSpans.ofUtf16(text, s, e);
    boolean[] expected = BruteForce.planning(set, text, s, e);
    assertThat(expected).containsExactly(false, false, true, true, true, false, false, false, false);
    assertThat(aligner.mask(text, spans).toBooleans()).isEqualTo(expected);
    Alignment a = aligner.align(text, spans);
    assertThat(a.matches()).singleElement().satisfies(m -> {
      assertThat(m.firstToken()).isEqualTo(2);
      assertThat(m.endToken()).isEqualTo(5);
    });
  }

  @Test
  void nullAndEmptyTextGiveAnEmptyMask() {
    assertThat(ALIGNER.mask(null, TokenSpans.ofUtf16(null, new int[0], new int[0])).size()).isZero();
    TokenMask m = ALIGNER.mask("", TokenSpans.ofUtf16("", new int[] {0, 0}, new int[] {0, 0}));
    assertThat(m.size()).isEqualTo(2);
    assertThat(m.cardinality()).isZero();
    TokenMask batch = TokenMask.empty(1);
    assertThat(ALIGNER.markOffsets(null, new int[] {0}, new int[] {0}, OffsetUnit.CODE_POINTS,
        batch, BatchLayout.ofLengths(1), 0)).isZero();
  }

  @Test
  void badArgumentsAreNamed() {
    BatchLayout layout = BatchLayout.ofLengths(2, 3);
    TokenMask mask = TokenMask.empty(5);
    int[] s = {0, 1};
    int[] e = {1, 2};
    assertThatThrownBy(() -> ALIGNER.markOffsets("ab", s, e, OffsetUnit.UTF16, mask, layout, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rollout 1 has 3 tokens in the layout but 2 token spans were given");
    assertThatThrownBy(() -> ALIGNER.markOffsets("ab", s, e, OffsetUnit.UTF16, TokenMask.empty(4),
        layout, 0)).hasMessageContaining("mask covers 4 tokens but the layout has 5");
    assertThatThrownBy(() -> ALIGNER.markOffsets("ab", s, e, OffsetUnit.UTF16, mask, layout, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("rollout 2");
    assertThatThrownBy(() -> ALIGNER.markOffsets("a", s, e, OffsetUnit.UTF16, mask, layout, 0))
        .hasMessage("token 1 span [1, 2) is past the end of the text (length 1)");
    assertThatThrownBy(() -> ALIGNER.markOffsets("ab", s, e, null, mask, layout, 0))
        .hasMessageContaining("unit");
    TokenSpans spans = TokenSpans.ofUtf16("abc", new int[] {0}, new int[] {3});
    assertThatThrownBy(() -> ALIGNER.mask("ab", spans))
        .hasMessage("token 0 span [0, 3) is past the end of the text (length 2)");
    assertThatThrownBy(() -> TokenAligner.of((GramMatcher) null)).hasMessageContaining("matcher");
  }
}
