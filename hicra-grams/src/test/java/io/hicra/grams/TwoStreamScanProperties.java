package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The scan of texts of {@link GramMatcher#TWO_STREAMS_MIN} chars or more runs two interleaved
 * streams split at the middle, the second one starting a lead-in of the longest phrase's length
 * earlier; these properties compare it with {@link BruteForce} where the split is most likely to
 * go wrong: every position of the middle relative to the phrases (the same text behind prefixes
 * of every length), whitespace runs across the middle, deep lexicons (long lead-ins), lexicons of
 * thousands of phrases, texts with more matches than the second stream's buffer holds, and sinks
 * that start another scan. Order is checked too: by end, and for one end longer first.
 */
class TwoStreamScanProperties {
  private static final String[] VOCAB = {
    "let", "me", "check", "so", "we", "can", "wait", "the", "sum", "of", "roots", "again", "but",
    "now", "use", "this", "a", "b", "ab", "x", "it's", "don't"
  };
  private static final String[] GLUE = {" ", "  ", "\n\n", " \t ", ", ", ". ", "-", "", "\u00A0"};

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** {@code count} distinct phrases of 1 to {@code maxWords} vocabulary words. */
  static List<String> phrases(long seed, int count, int maxWords) {
    Random r = new Random(seed);
    Set<String> out = new LinkedHashSet<>();
    int attempts = 0;
    while (out.size() < count && attempts++ < count * 20) {
      int words = 1 + r.nextInt(maxWords);
      StringBuilder p = new StringBuilder();
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          p.append(' ');
        }
        p.append(VOCAB[r.nextInt(VOCAB.length)]);
      }
      out.add(p.toString());
    }
    return new ArrayList<>(out);
  }

  /** Phrase copies (case varied, spaces sometimes widened) and vocabulary words, glued. */
  static String text(List<String> phrases, long seed, int pieces) {
    Random r = new Random(seed * 31 + 7);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      if (r.nextInt(3) == 0) {
        String p = phrases.get(r.nextInt(phrases.size()));
        for (char c : p.toCharArray()) {
          if (c == ' ') {
            sb.append(r.nextInt(5) == 0 ? " \n   " : " ");
          } else {
            sb.append(r.nextInt(4) == 0 ? Character.toUpperCase(c) : c);
          }
        }
      } else {
        sb.append(VOCAB[r.nextInt(VOCAB.length)]);
      }
      sb.append(GLUE[r.nextInt(GLUE.length)]);
    }
    return sb.toString();
  }

  /** The matches of {@code scan}, in the order the sink received them. */
  static List<int[]> scanned(GramMatcher m, String text) {
    List<int[]> out = new ArrayList<>();
    int n = m.scan(text, MatchMode.ALL, (g, s, e) -> out.add(new int[] {g, s, e}));
    assertThat(n).isEqualTo(out.size());
    return out;
  }

  /** Same matches as the brute force, each once, in order of end and for one end longer first. */
  static void assertScanEqualsBruteForce(GramMatcher m, String text) {
    List<int[]> actual = scanned(m, text);
    List<int[]> byEnd = new ArrayList<>(actual);
    byEnd.sort(Comparator.<int[]>comparingInt(x -> x[2]).thenComparingInt(x -> x[1]));
    assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyElementsOf(byEnd);
    List<int[]> sorted = new ArrayList<>(actual);
    sorted.sort(BruteForce.ORDER);
    assertThat(sorted)
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(BruteForce.all(m.grams(), text));
  }

  static void assertMaskEqualsBruteForce(TokenAligner aligner, String text, long seed) {
    int[][] tok = GramMatcherProperties.tokens(text, seed);
    boolean[] expected = BruteForce.planning(aligner.matcher().grams(), text, tok[0], tok[1]);
    assertThat(aligner.mask(text, TokenSpans.ofUtf16(text, tok[0], tok[1])).toBooleans())
        .isEqualTo(expected);
    int n = tok[0].length;
    BatchLayout layout = BatchLayout.ofLengths(2, n);
    TokenMask batch = TokenMask.empty(layout.tokens());
    aligner.markOffsets(text, tok[0], tok[1], OffsetUnit.UTF16, batch, layout, 1);
    assertThat(Arrays.copyOfRange(batch.toBooleans(), 2, 2 + n)).isEqualTo(expected);
    assertThat(batch.cardinality(0, 2)).isZero();
  }

  @Property(tries = 60)
  void everySplitPositionGivesTheBruteForceMatches(@ForAll("seeds") long seed) {
    List<String> phrases = phrases(seed, 12, 5);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    TokenAligner aligner = TokenAligner.of(m);
    String body = text(phrases, seed, 30);
    // Prefixes of every length move the middle across every char of the body's first half.
    for (int k = 0; k <= body.length() / 2 + 2; k++) {
      String text = "x".repeat(k % 3) + " ".repeat(k / 3) + body;
      assertScanEqualsBruteForce(m, text);
      if (k % 4 == 0) {
        assertMaskEqualsBruteForce(aligner, text, seed + k);
      }
    }
  }

  @Property(tries = 100)
  void whitespaceRunsAcrossTheMiddle(
      @ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 80) int run) {
    List<String> phrases = phrases(seed, 8, 4);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    String half = text(phrases, seed, 25);
    String phrase = phrases.get(0).replace(" ", " ".repeat(run));
    // The same phrase, its spaces widened to the run, right before, across and after the middle.
    for (String text :
        List.of(
            half + phrase + " " + half,
            half + " ".repeat(run) + phrase + half,
            phrase + " ".repeat(run) + half + phrase,
            half + "\n".repeat(run) + half)) {
      assertScanEqualsBruteForce(m, text);
      assertMaskEqualsBruteForce(TokenAligner.of(m), text, seed);
    }
  }

  @Property(tries = 40)
  void deepLexiconsHaveLongLeadIns(@ForAll("seeds") long seed) {
    // Phrases of up to 14 words: the second stream starts up to ~70 chars before the middle.
    List<String> phrases = phrases(seed, 20, 14);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    for (int pieces : new int[] {5, 12, 40, 120}) {
      String text = text(phrases, seed + pieces, pieces);
      assertScanEqualsBruteForce(m, text);
      assertMaskEqualsBruteForce(TokenAligner.of(m), text, seed);
    }
  }

  @Property(tries = 6)
  void thousandsOfPhrases(@ForAll("seeds") long seed) {
    List<String> phrases = phrases(seed, 3_000, 6);
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(phrases));
    assertThat(m.stateCount()).isGreaterThan(3_000);
    String text = text(phrases, seed, 600);
    assertScanEqualsBruteForce(m, text);
    assertMaskEqualsBruteForce(TokenAligner.of(m), text, seed);
  }

  @Test
  void moreMatchesThanTheSecondStreamBuffers() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("a", "a a", "b")));
    String text = "a ".repeat(12_000) + "b " + "a ".repeat(3);
    assertScanEqualsBruteForce(m, text);
    assertThat(m.count(text, MatchMode.ALL)).isEqualTo(12_003 + 11_999 + 2 + 1);
  }

  @Test
  void aSinkMayStartAnotherScan() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("so we", "we can", "can")));
    String outer = "so we can, and so  we can. ".repeat(30);
    assertSinkMayScanAgain(m, "so we can ".repeat(20), outer);
    assertScanEqualsBruteForce(m, outer);
  }

  /**
   * Scans {@code outer} with a sink that scans {@code inner} (count and matches) at every match:
   * the inner scans see all their matches, and the outer one reports exactly what it reports
   * with a plain sink, in order.
   */
  static void assertSinkMayScanAgain(GramMatcher m, String inner, String outer) {
    int innerCount = scanned(m, inner).size();
    List<int[]> expected = scanned(m, outer);
    List<int[]> actual = new ArrayList<>();
    m.scan(
        outer,
        MatchMode.ALL,
        (g, s, e) -> {
          assertThat(m.count(inner, MatchMode.ALL)).isEqualTo(innerCount);
          assertThat(scanned(m, inner)).hasSize(innerCount);
          actual.add(new int[] {g, s, e});
        });
    assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
  }

  @Test
  void aSinkThatThrowsLeavesLaterScansExact() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("so we", "we can")));
    String text = "so we can ".repeat(50);
    try {
      m.scan(
          text,
          MatchMode.ALL,
          (g, s, e) -> {
            if (e > text.length() / 2) {
              throw new IllegalStateException("stop");
            }
          });
    } catch (IllegalStateException expected) {
      // the scan stops where the sink throws
    }
    assertScanEqualsBruteForce(m, text);
  }

  @Test
  void textsAroundTheTwoStreamThreshold() {
    GramMatcher m = GramMatcher.of(GramMatcherProperties.set(List.of("so we can", "we", "can do")));
    for (int n = 1; n <= 3 * GramMatcher.TWO_STREAMS_MIN; n++) {
      StringBuilder sb = new StringBuilder();
      while (sb.length() < n) {
        sb.append("so we can do ");
      }
      String text = sb.substring(0, n);
      assertScanEqualsBruteForce(m, text);
      assertMaskEqualsBruteForce(TokenAligner.of(m), text, n);
    }
  }
}
