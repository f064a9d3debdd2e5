package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link TokenAligner#markOffsets} validates the offsets and marks the tokens in one pass ({@link
 * GramMatcher#validateAndMarkTokens}, {@link GramMatcher#markIfPlainlyValid}). These properties
 * hold it to the separate path, {@link TokenSpans#ofUtf16} (the exact checks) followed by {@link
 * TokenAligner#mark}, and to brute force: the same mask, the same error message, a mask left as it
 * was when the offsets are refused. Token arrays are sorted cuts of the text with empty spans
 * (also inside matches), tokens sharing a char, and one value changed to an extreme or a
 * neighbour, so that plainly valid, valid and invalid arrays all occur; texts are short (one
 * stream) and long (two streams), with tokens of one char or of up to four.
 */
class FusedMarkProperties {
  private static final String[] VOCAB = {
    "let", "me", "check", "so", "we", "can", "wait", "the", "sum", "x", "it's"
  };
  private static final String[] GLUE = {" ", "  ", "\n\n", ", ", ". ", "-", "", "\u00A0"};

  private static final StrategicGramSet GRAMS =
      StrategicGramSet.builder()
          .add("let me check", GramCategory.VERIFICATION)
          .add("so we can", GramCategory.DEDUCTION)
          .add("wait", GramCategory.VERIFICATION)
          .add("check the sum", GramCategory.VERIFICATION)
          .add("x", GramCategory.OTHER)
          .build();

  private static final TokenAligner ALIGNER = TokenAligner.of(GRAMS);

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** Vocabulary words and glue, about {@code words} words (long enough for the two streams). */
  static String text(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(VOCAB[r.nextInt(VOCAB.length)]);
      sb.append(GLUE[r.nextInt(GLUE.length)]);
    }
    return sb.toString();
  }

  /**
   * Cuts of the text into tokens of 1-4 chars: sorted, with empty spans in place (plainly valid),
   * and in one case out of four also {@code (0, 0)} specials or a token sharing the char before
   * (valid, not plainly valid); then, in one case out of two, one offset changed.
   */
  static int[][] tokens(Random r, int length) {
    List<int[]> spans = new ArrayList<>();
    boolean loose = r.nextInt(4) == 0;
    // One char per token in one case out of three.
    int maxLength = r.nextInt(3) == 0 ? 1 : 4;
    int pos = 0;
    while (pos < length) {
      int kind = r.nextInt(12);
      if (kind == 0) {
        spans.add(new int[] {pos, pos});
      } else if (kind == 1 && loose) {
        spans.add(new int[] {0, 0});
      }
      int from = kind == 2 && loose && pos > 0 ? pos - 1 : pos;
      int end = Math.min(length, pos + 1 + r.nextInt(maxLength));
      spans.add(new int[] {from, end});
      pos = end;
    }
    if (r.nextBoolean()) {
      spans.add(new int[] {length, length});
    }
    int n = spans.size();
    int[] s = new int[n];
    int[] e = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = spans.get(i)[0];
      e[i] = spans.get(i)[1];
    }
    if (n > 0 && r.nextBoolean()) {
      int at = r.nextInt(n);
      int[] target = r.nextBoolean() ? s : e;
      int[] values = {
        -1, Integer.MIN_VALUE, length, length + 1, Integer.MAX_VALUE, target[at] - 1,
        target[at] + 1, target[at] - 2, target[at] + 2, 0
      };
      target[at] = values[r.nextInt(values.length)];
    }
    return new int[][] {s, e};
  }

  @Property(tries = 1000)
  void markOffsetsEqualsValidatingThenMarking(@ForAll("seeds") long seed) {
    Random r = new Random(seed);
    String text = text(r, 1 + r.nextInt(r.nextBoolean() ? 10 : 120));
    int[][] tok = tokens(r, text.length());
    int[] s = tok[0];
    int[] e = tok[1];
    int n = s.length;
    BatchLayout layout = BatchLayout.ofLengths(5, n, 70);
    TokenMask batch = TokenMask.empty(layout.tokens());
    for (int t = 0; t < layout.tokens(); t++) {
      if (r.nextInt(5) == 0) {
        batch.set(t);
      }
    }
    TokenMask separate = batch.copy();
    TokenMask before = batch.copy();
    int[] sCopy = s.clone();
    int[] eCopy = e.clone();

    TokenSpans spans = null;
    String message = null;
    try {
      spans = TokenSpans.ofUtf16(text, s, e);
    } catch (IllegalArgumentException ex) {
      message = ex.getMessage();
    }
    if (message != null) {
      assertThatThrownBy(() -> ALIGNER.markOffsets(text, s, e, OffsetUnit.UTF16, batch, layout, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
      assertThat(batch).isEqualTo(before);
    } else {
      int expectedCount = ALIGNER.mark(text, spans, separate, layout, 1);
      int count = ALIGNER.markOffsets(text, s, e, OffsetUnit.UTF16, batch, layout, 1);
      assertThat(batch).isEqualTo(separate);
      assertThat(count).isEqualTo(expectedCount);
      boolean[] planning = BruteForce.planning(GRAMS, text, s, e);
      boolean[] old = before.toBooleans();
      for (int t = 0; t < n; t++) {
        assertThat(batch.get(5 + t)).isEqualTo(old[5 + t] || planning[t]);
      }
    }
    assertThat(s).isEqualTo(sCopy);
    assertThat(e).isEqualTo(eCopy);
  }

  /** Random sorted, disjoint char spans and nearly valid tokens straight into the fused pass. */
  @Property(tries = 2000)
  void fusedPassMarksTheOverlapsOfPlainlyValidTokensAndNothingElse(@ForAll("seeds") long seed) {
    Random r = new Random(seed);
    int length = r.nextInt(40);
    int[][] tok = tokens(r, length);
    int[] s = tok[0];
    int[] e = tok[1];
    List<Integer> cuts = new ArrayList<>();
    for (int p = r.nextInt(4); p < length + 2; p += 1 + r.nextInt(6)) {
      cuts.add(p);
    }
    if (cuts.size() % 2 == 1) {
      cuts.remove(cuts.size() - 1);
    }
    int[] pairs = new int[cuts.size() + 1 + r.nextInt(3)];
    for (int k = 0; k < cuts.size(); k++) {
      pairs[k] = cuts.get(k);
    }
    int pairCount = cuts.size();
    int base = r.nextInt(3);
    TokenMask mask = TokenMask.empty(base + s.length + 1);
    mask.set(0);
    TokenMask before = mask.copy();
    int[] ranges = new int[pairs.length];

    boolean valid = PlainlyValidProperties.reference(length, s, e);
    boolean returned =
        GramMatcher.markIfPlainlyValid(length, s, e, pairs, pairCount, ranges, mask, base);
    assertThat(returned).isEqualTo(valid);
    for (int t = 0; t < mask.size(); t++) {
      int q = t - base;
      boolean overlaps = false;
      if (valid && q >= 0 && q < s.length && s[q] < e[q]) {
        for (int k = 0; k < pairCount; k += 2) {
          overlaps |= s[q] < pairs[k + 1] && pairs[k] < e[q];
        }
      }
      assertThat(mask.get(t)).as("bit %d", t).isEqualTo(before.get(t) || overlaps);
    }
  }

  /**
   * A text with more matches in its second half than the second stream's buffer holds (the scan
   * pauses that stream), one token per char, and a bad last token.
   */
  @Example
  void aLongRolloutWithManyMatchesMarksAsTheSeparatePath() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      sb.append(i % 2 == 0 ? "wait " : "so we can ");
    }
    String text = sb.toString();
    int n = text.length();
    int[] s = new int[n];
    int[] e = new int[n];
    for (int t = 0; t < n; t++) {
      s[t] = t;
      e[t] = t + 1;
    }
    BatchLayout layout = BatchLayout.ofLengths(n);
    TokenMask expected = TokenMask.empty(n);
    ALIGNER.mark(text, TokenSpans.ofUtf16(text, s, e), expected, layout, 0);
    TokenMask mask = TokenMask.empty(n);
    int count = ALIGNER.markOffsets(text, s, e, OffsetUnit.UTF16, mask, layout, 0);
    assertThat(mask).isEqualTo(expected);
    assertThat(count).isEqualTo(expected.cardinality()).isGreaterThan(n / 2);

    e[n - 1] = n + 1;
    TokenMask untouched = TokenMask.empty(n);
    assertThatThrownBy(
            () -> ALIGNER.markOffsets(text, s, e, OffsetUnit.UTF16, untouched, layout, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "token " + (n - 1) + " span [" + (n - 1) + ", " + (n + 1)
                + ") is past the end of the text (length " + n + ")");
    assertThat(untouched.cardinality()).isZero();
  }

  @Example
  void emptySpansInsideAMatchAreNotMarked() {
    String text = "so we can go";
    // "so we can" is [0, 9): tokens 0, 2 and 3; token 1 is an empty span inside it, 5 and 6 after.
    int[] s = {0, 2, 2, 5, 9, 12, 12};
    int[] e = {2, 2, 5, 9, 12, 12, 12};
    TokenMask mask = TokenMask.empty(7);
    int n = ALIGNER.markOffsets(text, s, e, OffsetUnit.UTF16, mask, BatchLayout.ofLengths(7), 0);
    assertThat(mask).isEqualTo(TokenMask.of(7, 0, 2, 3));
    assertThat(n).isEqualTo(3);
  }
}
