package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The automaton against {@link BruteForce} on random phrase sets and texts built to contain many
 * near-misses: shared prefixes and suffixes, case and whitespace variants, typographic quotes,
 * combining marks, surrogate pairs and unpaired surrogates.
 */
class GramMatcherProperties {
  private static final String[] WORDS = {"a", "b", "ab", "ba", "aab", "so", "we", "can", "éx"};
  private static final String[] NOISE = {
    " ", "  ", "\n", "\t ", ", ", ",", "'", "\u2019", "x", "A", "B", "AB", "\uD835\uDC65",
    "\uD83D\uDE00", "\uD800", "\uDC00", "e\u0301", "\u00A0", "so", "al", "ing", "\u4E2D", "."
  };

  @Provide
  Arbitrary<List<String>> phrases() {
    Arbitrary<String> phrase =
        Arbitraries.of(WORDS)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(ws -> String.join(" ", ws))
            .map(p -> p.length() > 3 && p.hashCode() % 3 == 0 ? p.replaceFirst(" ", ", ") : p);
    return phrase.list().ofMinSize(1).ofMaxSize(12);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** A text of random phrase copies (case and spacing varied) and noise. */
  static String text(List<String> phrases, long seed, int pieces) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      int kind = r.nextInt(3);
      if (kind == 0) {
        String p = phrases.get(r.nextInt(phrases.size()));
        StringBuilder v = new StringBuilder();
        for (char c : p.toCharArray()) {
          if (c == ' ') {
            v.append(r.nextInt(4) == 0 ? "\n  " : " ");
          } else if (c == '\'' && r.nextBoolean()) {
            v.append('\u2019');
          } else {
            v.append(r.nextInt(3) == 0 ? Character.toUpperCase(c) : c);
          }
        }
        sb.append(v);
      } else if (kind == 1) {
        sb.append(WORDS[r.nextInt(WORDS.length)]);
      } else {
        sb.append(NOISE[r.nextInt(NOISE.length)]);
      }
    }
    return sb.toString();
  }

  static StrategicGramSet set(List<String> phrases) {
    StrategicGramSet.Builder b = StrategicGramSet.builder();
    for (String p : phrases) {
      b.add(p, GramCategory.OTHER);
    }
    return b.build();
  }

  @Property(tries = 300)
  void allMatchesEqualBruteForce(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    GramMatcher matcher = GramMatcher.of(set);
    String text = text(phrases, seed, 40);
    List<int[]> expected = BruteForce.all(set, text);
    List<int[]> actual = BruteForce.asTriples(matcher.findAll(text));
    actual.sort(BruteForce.ORDER);
    assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
    assertThat(matcher.count(text, MatchMode.ALL)).isEqualTo(expected.size());
  }

  @Property(tries = 300)
  void leftmostLongestEqualsGreedyBruteForce(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    GramMatcher matcher = GramMatcher.of(set);
    String text = text(phrases, seed, 40);
    List<int[]> expected = BruteForce.longest(set, text);
    List<int[]> actual = BruteForce.asTriples(matcher.findLongest(text));
    assertThat(actual).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
  }

  @Property(tries = 300)
  void leftmostLongestFromAllMatchesEqualsTheLeftmostLongestScan(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    GramMatcher matcher = GramMatcher.of(set);
    String text = text(phrases, seed, 40);
    List<GramMatch> expected = matcher.find(text, MatchMode.LEFTMOST_LONGEST);
    assertThat(BruteForce.asTriples(expected))
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(BruteForce.longest(set, text));

    // From the list of all matches, sorted and in the scan's own order (by end).
    assertThat(Matches.leftmostLongest(matcher.findAll(text))).isEqualTo(expected);
    List<Integer> gram = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    matcher.scan(text, MatchMode.ALL, (g, s, e) -> {
      gram.add(g);
      starts.add(s);
      ends.add(e);
    });
    // Shuffled too: the selection must not depend on the input order.
    Integer[] order = new Integer[gram.size()];
    Arrays.setAll(order, i -> i);
    java.util.Collections.shuffle(Arrays.asList(order), new Random(seed));
    for (Integer[] perm : List.of(identity(order.length), order)) {
      int n = perm.length;
      int[] s = new int[n + 3];
      int[] e = new int[n + 3];
      for (int i = 0; i < n; i++) {
        s[i] = starts.get(perm[i]);
        e[i] = ends.get(perm[i]);
      }
      s[n] = 1_000_000; // past the count: must be ignored
      e[n] = 1_000_001;
      int[] picked = new int[n + 1];
      int k = Matches.leftmostLongest(s, e, n, picked);
      List<GramMatch> actual = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        int g = gram.get(perm[picked[j]]);
        actual.add(new GramMatch(g, set.get(g), s[picked[j]], e[picked[j]]));
      }
      assertThat(actual).isEqualTo(expected);
    }

    // TokenAligner reports the same matches from its single scan, with the full mask.
    int[][] tok = tokens(text, seed);
    TokenSpans spans = TokenSpans.ofUtf16(text, tok[0], tok[1]);
    Alignment a = TokenAligner.of(matcher).align(text, spans, MatchMode.LEFTMOST_LONGEST);
    assertThat(a.mask().toBooleans()).isEqualTo(BruteForce.planning(set, text, tok[0], tok[1]));
    assertThat(a.matches().stream().map(AlignedMatch::match).toList()).isEqualTo(expected);
    for (AlignedMatch m : a.matches()) {
      for (int t = 0; t < tok[0].length; t++) {
        boolean overlaps =
            tok[0][t] < tok[1][t] && tok[0][t] < m.match().end() && m.match().start() < tok[1][t];
        if (overlaps) {
          assertThat(t).isBetween(m.firstToken(), m.lastToken());
        }
      }
    }
  }

  private static Integer[] identity(int n) {
    Integer[] out = new Integer[n];
    Arrays.setAll(out, i -> i);
    return out;
  }

  @Property(tries = 200)
  void matchedPassageNormalisesToThePhrase(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    String text = text(phrases, seed, 30);
    for (GramMatch m : GramMatcher.of(set).findAll(text)) {
      assertThat(TextNormalizer.normalize(m.matchedText(text)))
          .isEqualTo(set.normalizedPhrase(m.gramId()));
      assertThat(m.gram()).isEqualTo(set.get(m.gramId()));
    }
  }

  /** Random token cuts, with empty special tokens and split surrogate pairs. */
  static int[][] tokens(String text, long seed) {
    Random r = new Random(seed ^ 0x5DEECE66DL);
    // Half of the cases keep every span sorted (the branch-free validation path), the other half
    // put (0, 0) special tokens in the middle (the exact checks, and empty spans to step over).
    boolean midSpecials = (seed & 1) == 0;
    List<int[]> spans = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      if (midSpecials && r.nextInt(10) == 0) {
        spans.add(new int[] {0, 0});
      }
      int len = 1 + r.nextInt(5);
      int end = Math.min(text.length(), pos + len);
      spans.add(new int[] {pos, end});
      pos = end;
    }
    spans.add(new int[] {text.length(), text.length()});
    int[] s = new int[spans.size()];
    int[] e = new int[spans.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = spans.get(i)[0];
      e[i] = spans.get(i)[1];
    }
    return new int[][] {s, e};
  }

  @Property(tries = 300)
  void tokenMaskEqualsBruteForceOverlap(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    TokenAligner aligner = TokenAligner.of(set);
    String text = text(phrases, seed, 30);
    int[][] tok = tokens(text, seed);
    boolean[] expected = BruteForce.planning(set, text, tok[0], tok[1]);

    TokenSpans spans = TokenSpans.ofUtf16(text, tok[0], tok[1]);
    assertThat(aligner.mask(text, spans).toBooleans()).isEqualTo(expected);

    // The same rollout in the middle of a batch: only its own bits change.
    int n = tok[0].length;
    BatchLayout layout = BatchLayout.ofLengths(3, n, 2);
    TokenMask batch = TokenMask.empty(layout.tokens());
    int marked = aligner.markOffsets(text, tok[0], tok[1], OffsetUnit.UTF16, batch, layout, 1);
    boolean[] all = batch.toBooleans();
    assertThat(Arrays.copyOfRange(all, 3, 3 + n)).isEqualTo(expected);
    assertThat(batch.cardinality(0, 3) + batch.cardinality(3 + n, layout.tokens())).isZero();
    assertThat(marked).isEqualTo(count(expected));

    // Alignment's token ranges cover exactly the tokens each match overlaps.
    Alignment alignment = aligner.align(text, spans);
    assertThat(alignment.mask().toBooleans()).isEqualTo(expected);
    for (AlignedMatch m : alignment.matches()) {
      for (int t = 0; t < n; t++) {
        boolean overlaps =
            tok[0][t] < tok[1][t] && tok[0][t] < m.match().end() && m.match().start() < tok[1][t];
        if (overlaps) {
          assertThat(t).isBetween(m.firstToken(), m.lastToken());
        }
      }
    }
  }

  /**
   * One offset changed anywhere in a rollout (before, inside or after its matches' tokens):
   * {@code markOffsets} either rejects it with exactly {@link TokenSpans}'s message, leaving the
   * whole batch mask as it was, or (if the change kept the spans valid) marks the brute-force
   * mask.
   */
  @Property(tries = 300)
  void badOffsetsAnywhereFailAsTokenSpansDoesAndLeaveTheMaskUntouched(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    TokenAligner aligner = TokenAligner.of(set);
    String text = text(phrases, seed, 30);
    int[][] tok = tokens(text, seed);
    int n = tok[0].length;
    boolean[] planning = BruteForce.planning(set, text, tok[0], tok[1]);
    Random r = new Random(seed * 31 + 7);
    // Half of the time the changed token is a planning token (inside a match), when there is one.
    int at = r.nextInt(n);
    if (r.nextBoolean()) {
      for (int k = 0, t = r.nextInt(n); k < n; k++, t = (t + 1) % n) {
        if (planning[t]) {
          at = t;
          break;
        }
      }
    }
    int[] s = tok[0].clone();
    int[] e = tok[1].clone();
    int[] target = r.nextBoolean() ? s : e;
    int[] values = {
      -1, Integer.MIN_VALUE, text.length() + 1, Integer.MAX_VALUE, target[at] - 1, target[at] + 1,
      target[at] - 2, 0
    };
    target[at] = values[r.nextInt(values.length)];

    BatchLayout layout = BatchLayout.ofLengths(3, n, 2);
    TokenMask batch = TokenMask.empty(layout.tokens());
    for (int t = 0; t < layout.tokens(); t++) {
      if (r.nextInt(4) == 0) {
        batch.set(t);
      }
    }
    TokenMask before = batch.copy();
    String expectedMessage = null;
    try {
      TokenSpans.ofUtf16(text, s, e);
    } catch (IllegalArgumentException ex) {
      expectedMessage = ex.getMessage();
    }
    if (expectedMessage != null) {
      assertThat(expectedMessage).startsWith("token ");
      String message = expectedMessage;
      assertThatThrownBy(
              () -> aligner.markOffsets(text, s, e, OffsetUnit.UTF16, batch, layout, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
      assertThat(batch).isEqualTo(before);
    } else {
      aligner.markOffsets(text, s, e, OffsetUnit.UTF16, batch, layout, 1);
      boolean[] expected = BruteForce.planning(set, text, s, e);
      boolean[] all = batch.toBooleans();
      boolean[] old = before.toBooleans();
      for (int t = 0; t < n; t++) {
        assertThat(all[3 + t]).isEqualTo(old[3 + t] || expected[t]);
      }
      assertThat(Arrays.copyOfRange(all, 0, 3)).isEqualTo(Arrays.copyOfRange(old, 0, 3));
      assertThat(Arrays.copyOfRange(all, 3 + n, all.length))
          .isEqualTo(Arrays.copyOfRange(old, 3 + n, old.length));
    }
  }

  @Property(tries = 150)
  void codePointOffsetsGiveTheSameMask(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    StrategicGramSet set = set(phrases);
    TokenAligner aligner = TokenAligner.of(set);
    String text = text(phrases, seed, 30);
    // Cut at code point boundaries, then express the cuts in code points.
    int cps = text.codePointCount(0, text.length());
    Random r = new Random(seed);
    List<Integer> cuts = new ArrayList<>();
    for (int cp = 0; cp < cps; cp += 1 + r.nextInt(4)) {
      cuts.add(cp);
    }
    cuts.add(cps);
    int k = cuts.size() - 1;
    int[] cs = new int[k];
    int[] ce = new int[k];
    int[] us = new int[k];
    int[] ue = new int[k];
    for (int i = 0; i < k; i++) {
      cs[i] = cuts.get(i);
      ce[i] = cuts.get(i + 1);
      us[i] = text.offsetByCodePoints(0, cs[i]);
      ue[i] = text.offsetByCodePoints(0, ce[i]);
    }
    boolean[] expected = BruteForce.planning(set, text, us, ue);
    assertThat(aligner.mask(text, TokenSpans.ofCodePoints(text, cs, ce)).toBooleans())
        .isEqualTo(expected);
    TokenMask m = TokenMask.empty(k);
    aligner.markOffsets(text, cs, ce, OffsetUnit.CODE_POINTS, m, BatchLayout.ofLengths(k), 0);
    assertThat(m.toBooleans()).isEqualTo(expected);
  }

  @Property(tries = 150)
  void piecesAndUtf8PiecesGiveTheSameSpans(
      @ForAll("phrases") List<String> phrases, @ForAll("seeds") long seed) {
    String text = text(phrases, seed, 25);
    int[][] tok = tokens(text, seed);
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < tok[0].length; i++) {
      pieces.add(text.substring(tok[0][i], tok[1][i]));
    }
    TokenSpans fromPieces = TokenSpans.ofPieces(text, pieces);
    for (int i = 0; i < tok[0].length; i++) {
      if (tok[0][i] < tok[1][i]) {
        assertThat(fromPieces.start(i)).isEqualTo(tok[0][i]);
        assertThat(fromPieces.end(i)).isEqualTo(tok[1][i]);
      }
    }
    // Byte-level cuts anywhere in the UTF-8 encoding, splitting characters.
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Random r = new Random(seed);
    List<byte[]> bytePieces = new ArrayList<>();
    for (int pos = 0; pos < bytes.length; ) {
      int end = Math.min(bytes.length, pos + 1 + r.nextInt(4));
      bytePieces.add(Arrays.copyOfRange(bytes, pos, end));
      pos = end;
    }
    TokenSpans fromBytes = TokenSpans.ofUtf8Pieces(text, bytePieces);
    StrategicGramSet set = set(phrases);
    boolean[] expected =
        BruteForce.planning(set, text, fromBytes.starts(), fromBytes.ends());
    assertThat(TokenAligner.of(set).mask(text, fromBytes).toBooleans()).isEqualTo(expected);
    // Each byte piece's span covers exactly the chars its bytes belong to.
    int bytePos = 0;
    for (int i = 0; i < bytePieces.size(); i++) {
      int first = charIndexOfByte(text, bytePos);
      int last = charIndexOfByte(text, bytePos + bytePieces.get(i).length - 1);
      assertThat(fromBytes.start(i)).isEqualTo(first);
      assertThat(fromBytes.end(i)).isEqualTo(last + Character.charCount(text.codePointAt(last)));
      bytePos += bytePieces.get(i).length;
    }
  }

  private static int charIndexOfByte(String text, int byteIndex) {
    int b = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = Character.isSurrogate((char) cp) ? 1 : new String(Character.toChars(cp))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (byteIndex < b + len) {
        return i;
      }
      b += len;
      i += Character.charCount(cp);
    }
    throw new AssertionError("byte " + byteIndex + " past the end");
  }

  private static int count(boolean[] bits) {
    int n = 0;
    for (boolean b : bits) {
      n += b ? 1 : 0;
    }
    return n;
  }

  @Provide
  Arbitrary<String> anyText() {
    return Combinators.combine(
            Arbitraries.strings().all().ofMaxLength(80), Arbitraries.strings().ofMaxLength(10))
        .as((a, b) -> a + " but wait " + b);
  }

  @Property(tries = 300)
  void arbitraryUnicodeNeverBreaksTheScan(@ForAll("anyText") String text) {
    GramMatcher m = GramMatcher.defaultMatcher();
    StrategicGramSet set = m.grams();
    List<int[]> actual = BruteForce.asTriples(m.findAll(text));
    actual.sort(BruteForce.ORDER);
    assertThat(actual)
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(BruteForce.all(set, text));
    m.findLongest(text);
  }
}
