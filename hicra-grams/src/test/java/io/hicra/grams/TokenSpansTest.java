package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSpansTest {
  private static int[] a(int... v) {
    return v;
  }

  @Test
  void badOffsetsNameTheTokenAndValues() {
    String text = "abcdef";
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, 3), a(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("starts has length 2 but ends has length 1");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, -1), a(3, 4)))
        .hasMessage("token 1 span [-1, 4) has a negative offset");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, 4), a(3, 2)))
        .hasMessage("token 1 span [4, 2) ends before it starts");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, 3), a(3, 7)))
        .hasMessage("token 1 span [3, 7) is past the end of the text (length 6)");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(3, 0), a(6, 3)))
        .hasMessage("token 1 span [0, 3) is out of order after token 0 span [3, 6)");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, 1), a(4, 3)))
        .hasMessage("token 1 span [1, 3) is out of order after token 0 span [0, 4)");
    assertThatThrownBy(() -> TokenSpans.ofUtf16(text, a(0, 2), a(4, 6)))
        .hasMessage("token 1 span [2, 6) overlaps token 0 span [0, 4) by more than one character");
    assertThatThrownBy(() -> TokenSpans.ofCodePoints("a\uD83D\uDE00b", a(0, 1), a(1, 4)))
        .hasMessageContaining("token 1 span [1, 4) in code points is outside the text's 3 code points");
    assertThatThrownBy(() -> TokenSpans.of(text, a(0), a(1), null)).hasMessageContaining("unit");
  }

  @Test
  void emptySpansMayBeAnywhereAndOneCharOverlapIsAllowed() {
    // (0, 0) in the middle and (6, 6) at the end are special tokens.
    TokenSpans s = TokenSpans.ofUtf16("abcdef", a(0, 0, 3, 6), a(3, 0, 6, 6));
    assertThat(s.count()).isEqualTo(4);
    // Two tokens of one split character report the same span; a surrogate pair counts as one.
    TokenSpans.ofUtf16("x\u4E2Dy", a(0, 1, 1, 2), a(1, 2, 2, 3));
    TokenSpans.ofUtf16("x\uD83D\uDE00y", a(0, 1, 1, 1), a(1, 3, 3, 4));
    assertThatThrownBy(() -> TokenSpans.ofUtf16("xaby", a(0, 1, 1), a(1, 3, 3)))
        .hasMessageContaining("by more than one character");
  }

  @Test
  void codePointOffsetsAreConverted() {
    String text = "\uD83D\uDE00 so";
    TokenSpans s = TokenSpans.ofCodePoints(text, a(0, 1, 2), a(1, 2, 4));
    assertThat(s.starts()).containsExactly(0, 2, 3);
    assertThat(s.ends()).containsExactly(2, 3, 5);
    // Without supplementary characters code points are UTF-16 indices.
    assertThat(TokenSpans.ofCodePoints("é so", a(0, 1), a(1, 4)).ends()).containsExactly(1, 4);
  }

  @Test
  void piecesMustConcatenateToTheText() {
    TokenSpans s = TokenSpans.ofPieces("Wait, so", List.of("Wait", ",", "", " so"));
    assertThat(s.starts()).containsExactly(0, 4, 5, 5);
    assertThat(s.ends()).containsExactly(4, 5, 5, 8);
    assertThatThrownBy(() -> TokenSpans.ofPieces("Wait, so", List.of("Wait", ";", " so")))
        .hasMessage(
            "pieces differ from the text at char index 4: text has ',' (U+002C), pieces[1] = ';'"
                + " has ';' (U+003B) at its index 0");
    assertThatThrownBy(() -> TokenSpans.ofPieces("Wait", List.of("Wa")))
        .hasMessage("pieces are shorter than the text: they end at char index 2 of 4, next text"
            + " char 'i' (U+0069)");
    assertThatThrownBy(() -> TokenSpans.ofPieces("Wa", List.of("Wa", "it")))
        .hasMessageContaining("pieces are longer than the text (length 2): pieces[1] = 'it'");
    assertThatThrownBy(() -> TokenSpans.ofPieces("Wa", Arrays.asList("Wa", null)))
        .hasMessage("pieces[1] must not be null");
    assertThat(TokenSpans.ofPieces(null, List.of()).count()).isZero();
  }

  @Test
  void utf8PiecesSplittingCharactersSpanTheWholeCharacter() {
    String text = "a中\uD83D\uDE00";
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertThat(b).hasSize(1 + 3 + 4);
    // Pieces: "a" + first byte of 中 | two bytes of 中 | special token | 4 bytes of the emoji
    // split 1 + 3.
    List<byte[]> pieces =
        List.of(
            Arrays.copyOfRange(b, 0, 2),
            Arrays.copyOfRange(b, 2, 4),
            new byte[0],
            Arrays.copyOfRange(b, 4, 5),
            Arrays.copyOfRange(b, 5, 8));
    TokenSpans s = TokenSpans.ofUtf8Pieces(text, pieces);
    assertThat(s.starts()).containsExactly(0, 1, 2, 2, 2);
    assertThat(s.ends()).containsExactly(2, 2, 2, 4, 4);
    byte[] wrong = Arrays.copyOfRange(b, 0, 2);
    wrong[1] = 0x41;
    assertThatThrownBy(() -> TokenSpans.ofUtf8Pieces(text, List.of(wrong)))
        .hasMessageContaining("byte index 1 (char index 1")
        .hasMessageContaining("expected byte 0xE4, pieces[0] has 0x41 at its index 1");
    assertThatThrownBy(() -> TokenSpans.ofUtf8Pieces(text, List.of(Arrays.copyOfRange(b, 0, 3))))
        .hasMessageContaining("pieces are shorter than the text");
    // Unpaired surrogates encode as '?', like String.getBytes.
    String odd = "x\uD800y";
    TokenSpans u = TokenSpans.ofUtf8Pieces(odd, List.of(odd.getBytes(StandardCharsets.UTF_8)));
    assertThat(u.ends()).containsExactly(3);
  }
}
