package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GramMatcherTest {
  private static GramMatcher matcher(String... phrases) {
    StrategicGramSet.Builder b = StrategicGramSet.builder();
    for (String p : phrases) {
      b.add(p, GramCategory.OTHER);
    }
    return GramMatcher.of(b.build());
  }

  private static List<String> spans(List<GramMatch> ms) {
    List<String> out = new ArrayList<>();
    for (GramMatch m : ms) {
      out.add(m.gramId() + "@" + m.start() + "-" + m.end());
    }
    return out;
  }

  @Test
  void wordBoundariesRejectMatchesInsideWords() {
    GramMatcher m = matcher("so we can", "but wait");
    // 0123456789012345678901234567890
    // "also we can do it, but waiting"
    assertThat(m.findAll("also we can do it, but waiting")).isEmpty();
    // "so we can"   -> [0, 9); "but wait" -> [11, 19) ("but wait." ends before the period)
    assertThat(spans(m.findAll("So we can, but wait."))).containsExactly("0@0-9", "1@11-19");
  }

  @Test
  void caseWhitespaceAndQuotesAreNormalised() {
    GramMatcher m = matcher("let's try a different approach");
    String text = "Hmm.\nLet\u2019s  TRY a\n\tdifferent approach";
    // The match starts at 'L' (index 5) and ends at the text's end (index 37).
    assertThat(text).hasSize(37);
    List<GramMatch> all = m.findAll(text);
    assertThat(spans(all)).containsExactly("0@5-37");
    assertThat(all.get(0).matchedText(text)).isEqualTo("Let\u2019s  TRY a\n\tdifferent approach");
  }

  @Test
  void allModeReportsNestedAndOverlappingMatches() {
    GramMatcher m = matcher("wait, let me check", "let me check", "check the", "me check");
    String text = "Wait, let me check the sum.";
    // wait, let me check = [0,18); let me check = [6,18); me check = [10,18); check the = [13,22)
    assertThat(spans(m.findAll(text)))
        .containsExactly("0@0-18", "1@6-18", "3@10-18", "2@13-22");
    // Leftmost-longest keeps the first-starting longest one and resumes after it.
    assertThat(spans(m.findLongest(text))).containsExactly("0@0-18");
    assertThat(m.count(text, MatchMode.ALL)).isEqualTo(4);
    assertThat(m.count(text, MatchMode.LEFTMOST_LONGEST)).isEqualTo(1);
  }

  @Test
  void leftmostLongestPicksLongestAtTheEarliestStart() {
    GramMatcher m = matcher("a b", "a b c d", "c d e", "b c");
    // "a b c d e": a b c d = [0,7) wins over a b [0,3); "c d e" overlaps it and is dropped.
    assertThat(spans(m.findLongest("a b c d e"))).containsExactly("1@0-7");
    // "a b c x": a b c d fails at x, so a b [0,3) is kept; b c [2,5) overlaps it.
    assertThat(spans(m.findLongest("a b c x"))).containsExactly("0@0-3");
  }

  @Test
  void scanReportsInOrderOfEndAndAllocatesNothingItself() {
    GramMatcher m = matcher("ab", "b c", "ab c");
    List<String> seen = new ArrayList<>();
    int n = m.scan("ab c ab", MatchMode.ALL, (g, s, e) -> seen.add(g + "@" + s + "-" + e));
    // Ends: ab@2, then ab c@4; "b c" also ends at 4 but starts inside "ab" (no boundary).
    assertThat(seen).containsExactly("0@0-2", "2@0-4", "0@5-7");
    assertThat(n).isEqualTo(3);
  }

  @Test
  void unicodeTextNeverBreaksTheMatcher() {
    GramMatcher m = matcher("note that", "注意到", "naïve approach", "\uD801\uDC28 step");
    // Surrogate pairs (emoji, math italic), combining marks and CJK around and inside.
    String text = "\uD83D\uDE00 Note that \uD835\uDC65 > 0. 注意到 x. nai\u0308ve approach. 𝑥note that";
    List<GramMatch> all = m.findAll(text);
    assertThat(spans(all)).contains("0@3-12");
    // "注意到" is matched between spaces; CJK chars are word chars, so it must stand alone.
    assertThat(all).anyMatch(g -> g.gramId() == 1);
    // Decomposed "naïve" (i + combining diaeresis) is not the precomposed phrase.
    assertThat(all).noneMatch(g -> g.gramId() == 2);
    // "𝑥note that": the math italic x is a letter, so "note" does not start a word there.
    assertThat(all).hasSize(2);
    // Supplementary case folding: Deseret capital U+10400 folds to U+10428.
    assertThat(spans(m.findAll("\uD801\uDC00 STEP"))).containsExactly("3@0-7");
    // Unpaired surrogates are just other chars.
    assertThat(spans(m.findAll("\uDC00note that\uD800"))).containsExactly("0@1-10");
  }

  @Test
  void largeAutomataAgreeWithBruteForce() {
    java.util.Random r = new java.util.Random(17);
    StrategicGramSet.Builder b = StrategicGramSet.builder();
    List<String> phrases = new ArrayList<>();
    while (b.size() < 7_000) {
      StringBuilder p = new StringBuilder();
      for (int w = 0; w < 3; w++) {
        if (w > 0) {
          p.append(' ');
        }
        for (int k = 0; k < 3 + r.nextInt(4); k++) {
          p.append((char) ('a' + r.nextInt(26)));
        }
      }
      phrases.add(p.toString());
      b.add(p.toString(), GramCategory.OTHER);
    }
    StrategicGramSet set = b.build();
    GramMatcher big = GramMatcher.of(set);
    assertThat(big.stateCount()).isGreaterThan(65_536);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String p = phrases.get(r.nextInt(phrases.size()));
      text.append(r.nextBoolean() ? p.toUpperCase(java.util.Locale.ROOT) : p);
      text.append(r.nextInt(4) == 0 ? "x " : r.nextBoolean() ? ", " : "\n  ");
    }
    String t = text.toString();
    List<int[]> actual = BruteForce.asTriples(big.findAll(t));
    actual.sort(BruteForce.ORDER);
    assertThat(actual).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(BruteForce.all(set, t));
    assertThat(BruteForce.asTriples(big.findLongest(t))).usingElementComparator(java.util.Arrays::compare)
        .containsExactlyElementsOf(BruteForce.longest(set, t));
    int[][] tok = GramMatcherProperties.tokens(t, 3);
    assertThat(TokenAligner.of(big).mask(t, TokenSpans.ofUtf16(t, tok[0], tok[1])).toBooleans())
        .isEqualTo(BruteForce.planning(set, t, tok[0], tok[1]));
  }

  @Test
  void emptyNullAndEmptyLexicon() {
    GramMatcher m = matcher("a b");
    assertThat(m.findAll(null)).isEmpty();
    assertThat(m.findAll("")).isEmpty();
    assertThat(m.findLongest(null)).isEmpty();
    GramMatcher empty = GramMatcher.of(StrategicGramSet.builder().build());
    assertThat(empty.findAll("a b")).isEmpty();
    assertThat(empty.stateCount()).isEqualTo(1);
    assertThatThrownBy(() -> m.scan("x", null, (g, s, e) -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> m.scan("x", MatchMode.ALL, null)).hasMessageContaining("sink");
    assertThatThrownBy(() -> GramMatcher.of(null)).hasMessageContaining("grams");
  }

  @Test
  void defaultMatcherFindsTheIssueExamples() {
    GramMatcher m = GramMatcher.defaultMatcher();
    String text =
        "We can use the fact that x is even. But the problem says x > 2. Wait, let me check."
            + " Consider the case where x = 4. That doesn't work, so let's try a different"
            + " approach.";
    List<String> phrases = new ArrayList<>();
    for (GramMatch g : m.findLongest(text)) {
      phrases.add(g.gram().phrase());
    }
    assertThat(phrases)
        .containsExactly(
            "we can use the fact that",
            "but the problem says",
            "wait, let me check",
            "consider the case where",
            "that doesn't work",
            "let's try a different approach");
    // 5,361 states x 35 classes = 187,635 entries, padded to 2^18 (1 MB), plus 0.26 MB of the rest.
    assertThat(m.tableBytes()).isLessThan(1_300_000L);
  }

  @Test
  void theTransitionTableIsTheNextPowerOfTwoAtOrAboveStatesTimesClasses() {
    List<GramMatcher> matchers = new ArrayList<>();
    matchers.add(GramMatcher.defaultMatcher());
    matchers.add(GramMatcher.of(StrategicGramSet.builder().add("ab", GramCategory.OTHER).build()));
    matchers.add(GramMatcher.of(StrategicGramSet.builder().build()));
    for (GramMatcher m : matchers) {
      long used = (long) m.stateCount() * m.alphabetSize();
      int length = m.tableLength();
      assertThat(Integer.bitCount(length)).as("%s: %d is a power of two", m, length).isEqualTo(1);
      assertThat((long) length).as(m.toString()).isGreaterThanOrEqualTo(used);
      assertThat((long) length).as(m.toString()).isLessThan(Math.max(2, 2 * used));
    }
  }

  @Test
  void stateOfUndoesTheRowOffsetForEveryStrideShape() {
    // Strides of 2 (odd part 1), 3, 4 (a power of two), 6 and 12 (even with odd parts), and the
    // default lexicon's.
    List<GramMatcher> matchers = new ArrayList<>();
    for (String letters : new String[] {"a", "ab", "abc", "abcde", "abcdefghijk"}) {
      StrategicGramSet.Builder b = StrategicGramSet.builder();
      for (int i = 0; i < letters.length(); i++) {
        b.add(letters.substring(i) + letters.substring(0, i), GramCategory.OTHER);
      }
      matchers.add(GramMatcher.of(b.build()));
    }
    matchers.add(GramMatcher.defaultMatcher());
    List<Integer> strides = new ArrayList<>();
    for (GramMatcher m : matchers) {
      int stride = m.alphabetSize();
      strides.add(stride);
      for (int state = 0; state < m.stateCount(); state++) {
        assertThat(m.stateOf(state * stride)).as("state %d, stride %d", state, stride)
            .isEqualTo(state);
      }
      // The largest rows a table may hold (2^28 entries) divide exactly too.
      int last = ((1 << 28) - 1) / stride;
      assertThat(m.stateOf(last * stride)).isEqualTo(last);
    }
    assertThat(strides).contains(2, 3, 4, 6, 12);
  }

  @Test
  void inverseOfOddIsTheInverseModuloTwoToThe32() {
    for (int d : new int[] {1, 3, 5, 7, 35, 99, 65535, Integer.MAX_VALUE, -1, 0x9E3779B9}) {
      assertThat(d * GramMatcher.inverseOfOdd(d)).as("d = %d", d).isEqualTo(1);
    }
  }
}
