package io.hicra.grams;

import static io.hicra.grams.TwoStreamScanProperties.assertMaskEqualsBruteForce;
import static io.hicra.grams.TwoStreamScanProperties.assertScanEqualsBruteForce;
import static io.hicra.grams.TwoStreamScanProperties.phrases;
import static io.hicra.grams.TwoStreamScanProperties.scanned;
import static io.hicra.grams.TwoStreamScanProperties.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The scan of texts of {@link GramMatcher#FOUR_STREAMS_MIN} chars or more runs four interleaved
 * streams, one per quarter, each after the first starting a lead-in before its quarter. These
 * properties compare it with {@link BruteForce} (matches, their order, {@code findLongest}, the
 * masks of {@code mask} and {@code markOffsets}, and {@code align} in both reporting modes) on
 * texts whose quarter boundaries fall at every position of a phrase, around the threshold, with
 * deep lexicons (lead-ins a good part of a quarter), with more matches than a stream's buffer
 * holds, and with a sink that starts another four-stream scan.
 */
class FourStreamScanProperties {

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** Everything a four-stream scan feeds: scan, findLongest, mask, markOffsets, align (both). */
  static void assertAllEqualBruteForce(GramMatcher m, String text, long seed) {
    assertThat(text.length()).isGreaterThanOrEqualTo(GramMatcher.FOUR_STREAMS_MIN);
    assertScanEqualsBruteForce(m, text);
    assertThat(BruteForce.asTriples(m.findLongest(text)))
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(BruteForce.longest(m.grams(), text));
    TokenAligner aligner = TokenAligner.of(m);
    assertMaskEqualsBruteForce(aligner, text, seed);
    int[][] tok = GramMatcherProperties.tokens(text, seed);
    TokenSpans spans = TokenSpans.ofUtf16(text, tok[0], tok[1]);
    boolean[] planning = BruteForce.planning(m.grams(), text, tok[0], tok[1]);
    for (MatchMode mode : MatchMode.values()) {
      Alignment a = aligner.align(text, spans, mode);
      assertThat(a.mask().toBooleans()).isEqualTo(planning);
      List<GramMatch> reported = a.matches().stream().map(AlignedMatch::match).toList();
      List<int[]> expected =
          mode == MatchMode.ALL
              ? BruteForce.all(m.grams(), text)
              : BruteForce.longest(m.grams(), text);
      assertThat(BruteForce.asTriples(reported))
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(expected);
    }
  }

  /**
   * {@code body} cut or padded to {@code n} chars, with a copy of {@code phrase} (case varied,
   * spaces sometimes widened, a space either side) written over it so that the copy starts
   * {@code shift} chars before each quarter boundary of an {@code n}-char text.
   */
  static String straddling(String body, int n, String phrase, int shift, long seed) {
    Random r = new Random(seed);
    StringBuilder p = new StringBuilder(" ");
    for (char c : phrase.toCharArray()) {
      if (c == ' ') {
        p.append(r.nextInt(4) == 0 ? " \n " : " ");
      } else {
        p.append(r.nextInt(3) == 0 ? Character.toUpperCase(c) : c);
      }
    }
    p.append(' ');
    char[] t = new char[n];
    for (int i = 0; i < n; i++) {
      t[i] = body.charAt(i % body.length());
    }
    int q1 = n >>> 2;
    int q2 = n >>> 1;
    for (int q : new int[] {q1, q2, q1 + q2}) {
      // The copy's first char (after the leading space) sits shift chars before q.
      int from = q - shift - 1;
      for (int j = 0; j < p.length(); j++) {
        t[from + j] = p.charAt(j);
      }
    }
    return new String(t);
  }

  @Property(tries = 25)
  void phrasesAcrossEveryQuarterBoundary(
      @ForAll("seeds") long seed, @ForAll @IntRange(min = 0, max = 9) int extra) {
    List<String> phrases = phrases(seed, 12, 5);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    String body = text(phrases, seed, 300);
    int n = GramMatcher.FOUR_STREAMS_MIN + extra * 37;
    String phrase = phrases.get(0);
    // Every shift puts the quarter boundaries before, inside (at every char) and after the copy.
    for (int shift = 0; shift <= phrase.length() + 2; shift++) {
      String text = straddling(body, n, phrase, shift, seed + shift);
      assertScanEqualsBruteForce(m, text);
      if (shift % 3 == 0) {
        assertAllEqualBruteForce(m, text, seed + shift);
      }
    }
  }

  @Property(tries = 40)
  void randomLongTexts(@ForAll("seeds") long seed) {
    List<String> phrases = phrases(seed, 15, 5);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    String text = text(phrases, seed, 250 + new Random(seed).nextInt(2_000));
    if (text.length() >= GramMatcher.FOUR_STREAMS_MIN) {
      assertAllEqualBruteForce(m, text, seed);
    }
  }

  @Property(tries = 25)
  void deepLexiconsHaveLongLeadIns(@ForAll("seeds") long seed) {
    // Phrases of up to 14 words: each later stream starts up to ~70 chars before its quarter.
    List<String> phrases = phrases(seed, 20, 14);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    String body = text(phrases, seed, 400);
    String longest = phrases.stream().max((a, b) -> a.length() - b.length()).orElseThrow();
    int len = longest.length();
    for (int shift : new int[] {0, 1, len / 2, len, len + 1}) {
      String text = straddling(body, GramMatcher.FOUR_STREAMS_MIN + 3, longest, shift, seed);
      assertAllEqualBruteForce(m, text, seed + shift);
    }
  }

  @Property(tries = 10)
  void theDefaultLexicon(@ForAll("seeds") long seed) {
    GramMatcher m = GramMatcher.defaultMatcher();
    List<String> phrases = new ArrayList<>();
    for (int g = 0; g < m.grams().size(); g++) {
      phrases.add(m.grams().normalizedPhrase(g));
    }
    String text = text(phrases, seed, 800);
    String phrase = phrases.get(new Random(seed).nextInt(phrases.size()));
    for (int shift = 0; shift <= phrase.length() + 1; shift += 2) {
      assertScanEqualsBruteForce(m, straddling(text, text.length(), phrase, shift, seed));
    }
    assertAllEqualBruteForce(m, text, seed);
  }

  @Test
  void textsAroundTheFourStreamThreshold() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("so we can", "we", "can do")));
    StringBuilder sb = new StringBuilder();
    while (sb.length() < GramMatcher.FOUR_STREAMS_MIN + 16) {
      sb.append("so we can do ");
    }
    for (int n = GramMatcher.FOUR_STREAMS_MIN - 8; n <= GramMatcher.FOUR_STREAMS_MIN + 16; n++) {
      String text = sb.substring(0, n);
      assertScanEqualsBruteForce(m, text);
      assertMaskEqualsBruteForce(TokenAligner.of(m), text, n);
    }
  }

  @Test
  void moreMatchesThanTheLaterStreamsBuffer() {
    // Thousands of matches in each quarter: the streams pause and finish one after the other.
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("a", "a a", "b")));
    String text = "a ".repeat(9_000) + "b " + "a ".repeat(9_000) + "b " + "a ".repeat(5);
    assertAllEqualBruteForce(m, text, 7);
    assertThat(m.count(text, MatchMode.ALL)).isEqualTo(18_005 + 18_002 + 2);
  }

  @Test
  void aSinkMayStartAnotherFourStreamScan() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("so we", "we can", "can")));
    String inner = "so we can ".repeat(120);
    String outer = "so we can, and so  we can. ".repeat(80);
    assertThat(inner.length()).isGreaterThanOrEqualTo(GramMatcher.FOUR_STREAMS_MIN);
    assertThat(outer.length()).isGreaterThanOrEqualTo(GramMatcher.FOUR_STREAMS_MIN);
    TwoStreamScanProperties.assertSinkMayScanAgain(m, inner, outer);
    assertAllEqualBruteForce(m, outer, 3);
  }
}
