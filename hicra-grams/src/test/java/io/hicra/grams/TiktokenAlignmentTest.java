package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The whole path on OpenAI's byte-level BPE tokenizers (cl100k_base, o200k_base via jtokkit):
 * tokens as UTF-8 byte pieces, as code point offsets into a whole batch, and the mask from each
 * equal to the mask computed from the text-level match spans, token for token.
 */
class TiktokenAlignmentTest {
  private static final GramMatcher MATCHER = GramMatcher.defaultMatcher();
  private static final TokenAligner ALIGNER = TokenAligner.of(MATCHER);

  static List<byte[]> bytePieces(Encoding enc, String text) {
    IntArrayList ids = enc.encodeOrdinary(text);
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      IntArrayList one = new IntArrayList(1);
      one.add(ids.get(i));
      pieces.add(enc.decodeBytes(one));
    }
    return pieces;
  }

  @ParameterizedTest
  @EnumSource(value = EncodingType.class, names = {"CL100K_BASE", "O200K_BASE"})
  void maskFromTokensEqualsMaskFromTextSpansOnTheCorpus(EncodingType type) {
    Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(type);
    List<Traces.Trace> traces = Traces.all();
    assertThat(traces).hasSizeGreaterThanOrEqualTo(50);

    int[] lengths = new int[traces.size()];
    List<TokenSpans> spans = new ArrayList<>();
    for (int r = 0; r < traces.size(); r++) {
      String text = traces.get(r).text();
      TokenSpans s = TokenSpans.ofUtf8Pieces(text, bytePieces(enc, text));
      spans.add(s);
      lengths[r] = s.count();
    }
    BatchLayout layout = BatchLayout.ofLengths(lengths);
    TokenMask batch = TokenMask.empty(layout.tokens());
    int planning = 0;
    int splitChars = 0;
    for (int r = 0; r < traces.size(); r++) {
      String text = traces.get(r).text();
      TokenSpans s = spans.get(r);
      boolean[] expected = Traces.expectedMask(MATCHER, text, s.starts(), s.ends());

      // From byte pieces.
      assertThat(ALIGNER.mask(text, s).toBooleans()).as(traces.get(r).id()).isEqualTo(expected);

      // From code point offsets, written into the batch mask at the rollout's offset.
      int[] cs = new int[s.count()];
      int[] ce = new int[s.count()];
      for (int t = 0; t < s.count(); t++) {
        cs[t] = text.codePointCount(0, s.start(t));
        ce[t] = text.codePointCount(0, s.end(t));
        if (t > 0 && s.start(t) < s.end(t - 1)) {
          splitChars++;
        }
      }
      ALIGNER.markOffsets(text, cs, ce, OffsetUnit.CODE_POINTS, batch, layout, r);
      assertThat(batch.rollout(layout, r).toBooleans()).as(traces.get(r).id()).isEqualTo(expected);
      for (boolean b : expected) {
        planning += b ? 1 : 0;
      }
    }
    // The corpus exercises planning tokens and characters split across byte-level tokens.
    assertThat(planning).isGreaterThan(200);
    assertThat(splitChars).isGreaterThan(0);
    assertThat(batch.cardinality()).isEqualTo(planning);
  }

  private static boolean[] mask(Encoding enc, String text) {
    return ALIGNER.mask(text, TokenSpans.ofUtf8Pieces(text, bytePieces(enc, text))).toBooleans();
  }

  private static String[] decoded(Encoding enc, String text) {
    List<byte[]> pieces = bytePieces(enc, text);
    String[] out = new String[pieces.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new String(pieces.get(i), java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }

  /**
   * What a token-id port does: tokenise the phrase as it reads mid-sentence (after a space) and
   * look for that id sequence in the rollout's ids. Returns the number of occurrences.
   */
  private static int idSubsequenceHits(Encoding enc, String phrase, String text) {
    int[] p = enc.encodeOrdinary(" " + phrase).toArray();
    int[] t = enc.encodeOrdinary(text).toArray();
    int hits = 0;
    for (int i = 0; i + p.length <= t.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(t, i, i + p.length), p)) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void gramsThatTokenIdPortsMissAreFound() {
    Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    String phrase = "wait, let me check";
    // Control: mid-sentence and lower case, the port finds it too.
    assertThat(idSubsequenceHits(enc, phrase, "So x = 3, wait, let me check the sign.")).isEqualTo(1);
    // Capitalised, after a newline, and glued to a parenthesis: each tokenises differently from
    // the phrase on its own, so an id-subsequence port finds none of them.
    String[] texts = {
      "So x = 3. Wait, let me check the sign.",
      "So x = 3.\nwait, let me check the sign.",
      "So x = 3 (wait, let me check) and go on."
    };
    for (String text : texts) {
      assertThat(idSubsequenceHits(enc, phrase, text)).as(text).isZero();
      List<GramMatch> ms = MATCHER.findAll(text);
      assertThat(ms).as(text).anyMatch(m -> m.gram().phrase().equals(phrase));
      boolean[] bits = mask(enc, text);
      String[] pieces = decoded(enc, text);
      StringBuilder marked = new StringBuilder();
      for (int i = 0; i < bits.length; i++) {
        if (bits[i]) {
          marked.append(pieces[i]);
        }
      }
      // Exactly the tokens that carry the phrase are marked (with their own leading space or
      // punctuation, which belongs to the same token), nothing around it.
      assertThat(TextNormalizer.normalize(marked.toString())).contains(phrase);
      assertThat(marked.toString()).doesNotContain("sign").doesNotContain("3").doesNotContain("go");
    }
  }

  @Test
  void neighbouringTokensAreNotOverMarked() {
    Encoding enc = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    String text = "So the total is 12.\n\nBut wait, the problem says n is odd.";
    String[] pieces = decoded(enc, text);
    boolean[] bits = mask(enc, text);
    // A decoded-window port marks every token of a window that contains the gram; here the
    // tokens ".\n\n" before "But wait", the comma after it and " n" after "the problem says"
    // share no character with a match and stay unmarked.
    assertThat(pieces).contains(".\n\n", ",", " n");
    for (int i = 0; i < pieces.length; i++) {
      String p = pieces[i];
      boolean expected =
          p.equals("But") || p.equals(" wait") || p.equals(" the") && i > 6
              || p.equals(" problem") || p.equals(" says");
      assertThat(bits[i]).as("token %d '%s'", i, p).isEqualTo(expected);
    }
  }
}
