package io.hicra.grams;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns gram matches into planning tokens: a token is a planning token iff its character span
 * overlaps a Strategic Gram match in its own text (arXiv:2509.03646, §2.1).
 *
 * <p>Matching runs on the text, with {@link MatchMode#ALL} so the mask does not depend on how
 * matches are reported; the matches are then mapped to tokens by their character spans. This is
 * what makes the mask independent of the tokenizer's segmentation: a gram is found whether it is
 * capitalised, follows a newline or is split into unusual tokens, and a token is marked only if
 * it shares a character with the match, so a neighbouring token ("\n\n" before "Wait", "."
 * after it) is not. Token spans follow the rules of {@link TokenSpans}; empty spans (special
 * tokens) are never marked.
 *
 * <p>The {@code mark...} methods write into a batch-wide {@link TokenMask} at a rollout's tokens
 * ({@link BatchLayout}); they only set bits, never clear them, and allocate nothing when offsets
 * are UTF-16 (or code points of a text without supplementary characters) beyond a per-thread
 * buffer of match spans that grows to the most spans seen in one text. The text is scanned first,
 * collecting the union of the matches' spans; then one forward walk over the tokens marks those
 * that overlap it. {@link #markOffsets} validates the offsets in that same walk, and sets no bit
 * before they have passed. {@link #align} also
 * returns the matches with their token ranges, all or leftmost-longest, from the same single
 * scan that marks the mask.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * TokenAligner aligner = TokenAligner.defaultAligner();
 * TokenMask planning = TokenMask.empty(layout.tokens());
 * for (int r = 0; r < layout.rollouts(); r++) {
 *   aligner.markOffsets(texts[r], starts[r], ends[r], OffsetUnit.CODE_POINTS, planning, layout, r);
 * }
 * }</pre>
 */
public final class TokenAligner {
  private final GramMatcher matcher;

  private TokenAligner(GramMatcher matcher) {
    this.matcher = matcher;
  }

  /**
   * An aligner over {@code matcher}'s grams.
   *
   * @throws IllegalArgumentException if {@code matcher} is null
   */
  public static TokenAligner of(GramMatcher matcher) {
    if (matcher == null) {
      throw new IllegalArgumentException("matcher must not be null");
    }
    return new TokenAligner(matcher);
  }

  /** An aligner over a new matcher for {@code grams}. */
  public static TokenAligner of(StrategicGramSet grams) {
    return of(GramMatcher.of(grams));
  }

  /** The aligner of the default lexicon ({@link GramMatcher#defaultMatcher()}). */
  public static TokenAligner defaultAligner() {
    return DefaultHolder.ALIGNER;
  }

  private static final class DefaultHolder {
    static final TokenAligner ALIGNER = of(GramMatcher.defaultMatcher());
  }

  /** The matcher that finds the grams. */
  public GramMatcher matcher() {
    return matcher;
  }

  /**
   * Sets, in {@code mask}, the bit of every token of rollout {@code rollout} that overlaps a gram
   * match in {@code text}, and returns the rollout's number of set bits afterwards.
   *
   * <p>{@code starts[j]} and {@code ends[j]} are token {@code j}'s offsets in {@code unit}; the
   * arrays are validated (see {@link TokenSpans}) in the pass that marks the tokens, and not
   * modified; if they break a rule, no bit is set. Allocation-free except for
   * {@code CODE_POINTS} offsets into a text with supplementary characters (one conversion copy).
   * A null text counts as empty.
   *
   * @throws IllegalArgumentException if an argument is null, {@code mask} does not cover {@code
   *     layout}, the arrays' length differs from the rollout's token count, or a span breaks a
   *     rule of {@link TokenSpans} (the message names the token index and values)
   * @throws IndexOutOfBoundsException if {@code rollout} is outside the layout
   */
  public int markOffsets(
      CharSequence text,
      int[] starts,
      int[] ends,
      OffsetUnit unit,
      TokenMask mask,
      BatchLayout layout,
      int rollout) {
    if (unit == null) {
      throw new IllegalArgumentException("unit must not be null");
    }
    TokenSpans.checkArrays(starts, ends);
    checkTarget(starts.length, mask, layout, rollout);
    CharSequence t = text == null ? "" : text;
    int[] s = starts;
    int[] e = ends;
    if (unit == OffsetUnit.CODE_POINTS && hasSurrogatePair(t)) {
      s = starts.clone();
      e = ends.clone();
      TokenSpans.codePointsToUtf16InPlace(t, s, e);
    }
    int base = layout.start(rollout);
    matcher.validateAndMarkTokens(t, s, e, mask, base);
    return mask.cardinality(base, base + s.length);
  }

  /**
   * Like {@link #markOffsets} for spans already validated as {@link TokenSpans}.
   *
   * @throws IllegalArgumentException if an argument is null, {@code mask} does not cover {@code
   *     layout}, the token count differs from the rollout's, or a span is past the text's end
   */
  public int mark(
      CharSequence text, TokenSpans tokens, TokenMask mask, BatchLayout layout, int rollout) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    checkTarget(tokens.count(), mask, layout, rollout);
    CharSequence t = text == null ? "" : text;
    checkFits(t, tokens);
    int base = layout.start(rollout);
    matcher.markTokens(t, tokens.startsNoCopy(), tokens.endsNoCopy(), tokens.sorted(), mask, base);
    return mask.cardinality(base, base + tokens.count());
  }

  /**
   * The planning mask of one rollout: a new mask of {@code tokens.count()} bits.
   *
   * @throws IllegalArgumentException if {@code tokens} is null or a span is past the text's end
   */
  public TokenMask mask(CharSequence text, TokenSpans tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    CharSequence t = text == null ? "" : text;
    checkFits(t, tokens);
    TokenMask mask = TokenMask.empty(tokens.count());
    matcher.markTokens(t, tokens.startsNoCopy(), tokens.endsNoCopy(), tokens.sorted(), mask, 0);
    return mask;
  }

  /** {@link #align(CharSequence, TokenSpans, MatchMode)} reporting {@link MatchMode#ALL}. */
  public Alignment align(CharSequence text, TokenSpans tokens) {
    return align(text, tokens, MatchMode.ALL);
  }

  /**
   * The planning mask of one rollout plus the matches of {@code reportMode} with their token
   * ranges, from <b>one</b> scan of the text. The mask always comes from all matches, whatever
   * {@code reportMode} is.
   *
   * <p>The text is scanned once in {@link MatchMode#ALL}: each match marks the tokens it overlaps
   * and is collected with its token range. For {@link MatchMode#ALL} every collected match is
   * reported; for {@link MatchMode#LEFTMOST_LONGEST} the selection of {@link
   * Matches#leftmostLongest(int[], int[], int, int[])} (the match that starts first, the longest
   * among those, then the next one starting at or after its end) is derived from the collected
   * matches, which is exactly what a {@link MatchMode#LEFTMOST_LONGEST} scan reports. Matches are
   * collected into per-thread scratch arrays ({@link ThreadLocal}, reused across calls and grown
   * to the most matches seen in one text on that thread); the call allocates the mask, the
   * reported matches and the returned lists, nothing per character.
   *
   * @throws IllegalArgumentException if an argument is null or a span is past the text's end
   */
  public Alignment align(CharSequence text, TokenSpans tokens, MatchMode reportMode) {
    if (reportMode == null) {
      throw new IllegalArgumentException("reportMode must not be null");
    }
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
    CharSequence t = text == null ? "" : text;
    checkFits(t, tokens);
    TokenMask mask = TokenMask.empty(tokens.count());
    Collected c = COLLECTED.get();
    c.reset(tokens.startsNoCopy(), tokens.endsNoCopy(), mask);
    try {
      matcher.scan(t, MatchMode.ALL, c);
      StrategicGramSet grams = matcher.grams();
      int n = c.count;
      List<AlignedMatch> out;
      if (reportMode == MatchMode.ALL) {
        out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(c.aligned(grams, i));
        }
        out.sort(
            Comparator.comparingInt((AlignedMatch m) -> m.match().start())
                .thenComparingInt(m -> m.match().end()));
      } else {
        int k = Matches.leftmostLongest(c.start, c.end, n, c.selected(n));
        out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
          out.add(c.aligned(grams, c.selected[j]));
        }
      }
      return new Alignment(mask, out);
    } finally {
      c.reset(null, null, null);
    }
  }

  /** Per-thread scratch of {@link #align}: the matches of one ALL scan with their token ranges. */
  private static final ThreadLocal<Collected> COLLECTED = ThreadLocal.withInitial(Collected::new);

  /** Collects matches (gram, span, token range) into growable arrays while marking the mask. */
  private static final class Collected implements MatchSink {
    int[] gram = new int[16];
    int[] start = new int[16];
    int[] end = new int[16];
    int[] firstToken = new int[16];
    int[] endToken = new int[16];
    int[] selected = new int[16];
    int count;
    private TokenMarker marker;

    void reset(int[] starts, int[] ends, TokenMask mask) {
      count = 0;
      marker = starts == null ? null : new TokenMarker(starts, ends, mask, 0);
    }

    int[] selected(int n) {
      if (selected.length < n) {
        selected = new int[Math.max(n, selected.length * 2)];
      }
      return selected;
    }

    AlignedMatch aligned(StrategicGramSet grams, int i) {
      int g = gram[i];
      return new AlignedMatch(
          new GramMatch(g, grams.get(g), start[i], end[i]), firstToken[i], endToken[i]);
    }

    @Override
    public void onMatch(int g, int s, int e) {
      TokenMarker m = marker;
      m.onMatch(g, s, e);
      int first = m.first;
      int last = m.last + 1;
      if (first < 0) {
        first = m.insertion;
        last = first;
      }
      if (count == gram.length) {
        int cap = count * 2;
        gram = Arrays.copyOf(gram, cap);
        start = Arrays.copyOf(start, cap);
        end = Arrays.copyOf(end, cap);
        firstToken = Arrays.copyOf(firstToken, cap);
        endToken = Arrays.copyOf(endToken, cap);
      }
      gram[count] = g;
      start[count] = s;
      end[count] = e;
      firstToken[count] = first;
      endToken[count] = last;
      count++;
    }
  }

  private static void checkTarget(int tokenCount, TokenMask mask, BatchLayout layout, int rollout) {
    if (mask == null) {
      throw new IllegalArgumentException("mask must not be null");
    }
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    mask.checkCovers(layout, "mask");
    if (rollout < 0 || rollout >= layout.rollouts()) {
      throw new IndexOutOfBoundsException(
          "rollout " + rollout + " is outside [0, " + layout.rollouts() + ")");
    }
    if (tokenCount != layout.length(rollout)) {
      throw new IllegalArgumentException(
          "rollout " + rollout + " has " + layout.length(rollout) + " tokens in the layout but "
              + tokenCount + " token spans were given");
    }
  }

  private static void checkFits(CharSequence text, TokenSpans tokens) {
    int n = tokens.count();
    for (int j = 0; j < n; j++) {
      if (tokens.end(j) > text.length()) {
        throw new IllegalArgumentException(
            "token " + j + " span [" + tokens.start(j) + ", " + tokens.end(j)
                + ") is past the end of the text (length " + text.length() + ")");
      }
    }
  }

  private static boolean hasSurrogatePair(CharSequence text) {
    int n = text.length();
    for (int i = 0; i + 1 < n; i++) {
      if (Character.isHighSurrogate(text.charAt(i)) && Character.isLowSurrogate(text.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the tokens overlapping matches that arrive in order of their end. Token pointer {@code
   * p} only moves forward; each match walks back from it over the tokens it overlaps.
   */
  static final class TokenMarker implements MatchSink {
    private final int[] starts;
    private final int[] ends;
    private final TokenMask mask;
    private final int base;
    private int p;
    private int lastEnd;
    int first;
    int last;
    int insertion;

    TokenMarker(int[] starts, int[] ends, TokenMask mask, int base) {
      this.starts = starts;
      this.ends = ends;
      this.mask = mask;
      this.base = base;
    }

    @Override
    public void onMatch(int gramId, int start, int end) {
      int n = starts.length;
      int q = p;
      if (q > 0 && lastEnd > end) {
        q = 0;
      }
      while (q < n && (starts[q] < end || starts[q] == ends[q])) {
        q++;
      }
      p = q;
      lastEnd = end;
      first = -1;
      last = -1;
      insertion = q;
      for (int k = q - 1; k >= 0; k--) {
        if (starts[k] == ends[k]) {
          continue;
        }
        if (ends[k] <= start) {
          insertion = k + 1;
          break;
        }
        if (mask != null) {
          mask.set(base + k);
        }
        if (last < 0) {
          last = k;
        }
        first = k;
        insertion = k;
      }
    }
  }
}
