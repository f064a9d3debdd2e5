package io.hicra.grams;

import io.hicra.core.TokenMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the Strategic Grams of a {@link StrategicGramSet} in texts: an Aho-Corasick automaton of
 * our own, compiled once to a flat transition table and reused for any number of texts.
 *
 * <h2>What matches</h2>
 *
 * A gram matches a passage of the text when both are equal under {@link TextNormalizer}'s
 * normalisation (case folding, whitespace runs as one space, typographic quotes as ASCII) and
 * the passage starts and ends on a word boundary: "so we can" does not match inside "also we
 * can", "but wait" does not match in "but waiting". Spans are {@code [start, end)} in UTF-16
 * chars of the original text. Any text is accepted: surrogate pairs, combining marks, CJK and
 * unpaired surrogates never break the scan. A {@code null} text has no matches.
 *
 * <h2>Two tiers</h2>
 *
 * {@link #findAll} and {@link #findLongest} return {@link GramMatch} lists; {@link #scan} hands
 * each match to a {@link MatchSink} and allocates nothing: the scan is one pass over the text with
 * one table look-up per char, plus a short walk back over the passage per reported match. Each
 * look-up depends on the one before, so its latency bounds a single pass; a text of 64 chars or
 * more is read as two interleaved halves instead (the second starting early enough to be in the
 * right state at the middle), and the second half's matches wait in a per-thread buffer so that
 * matches still arrive in order of their end. The loop over the two halves makes no calls: it
 * notes where a gram may end and leaves the word-boundary checks and the reporting to a second
 * pass over those few positions.
 *
 * <h2>Layout and cost</h2>
 *
 * Chars that occur in some normalised phrase get a class {@code 1 .. A-1}, every other char class
 * 0; a {@code char[65536]} table folds and classifies in one look-up. The automaton is a
 * deterministic one: failure links are compiled into an {@code int[states × A]} table, states
 * down to depth 3 in breadth-first order so the shallow states a scan visits most share cache
 * lines, deeper ones depth-first so that a phrase's path reads consecutive rows. Entries
 * hold the target row, the sign bit flagging rows that end a gram; output links chain the grams
 * that end in one state. The table's length is rounded up to a power of two so that the scan
 * loops index it under a mask, which the JIT knows to be in bounds. Build time and memory grow
 * with {@code states × A}: about 1.3 MB for the default lexicon and 9.3 MB for 5,000 phrases (see
 * {@link #tableBytes()}); a lexicon needing more than 2<sup>28</sup> entries (very large
 * alphabets, e.g. thousands of distinct CJK characters) is refused.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class GramMatcher {
  private static final long MAX_TABLE_ENTRIES = 1L << 28;

  /** States down to this depth get their rows in breadth-first order, deeper ones depth-first. */
  private static final int SHALLOW = 3;

  private final StrategicGramSet grams;
  private final char[] classOf;
  private final int alphabet;
  private final int stride;
  /**
   * A row offset {@code state * stride} back to its state without a division ({@link #stateOf}):
   * the stride is {@code odd << strideShift}, and {@code strideInverse} is {@code odd}'s inverse
   * modulo 2<sup>32</sup>.
   */
  private final int strideShift;

  private final int strideInverse;
  private final int[] delta;
  private final int[] outGram;
  private final int[] outLink;
  private final int[] depth;
  private final int[] fedLength;
  private final int[] pieceFrom;
  private final int[] pieces;
  private final int states;
  private final boolean foldPairs;
  private final int maxDepth;
  private final int maxOutputs;

  private GramMatcher(StrategicGramSet grams) {
    this.grams = grams;
    int n = grams.size();
    String[] keys = new String[n];
    char[] classOfFolded = new char[1 << 16];
    int a = 1;
    long total = 1;
    boolean pairs = false;
    for (int g = 0; g < n; g++) {
      String key = grams.normalizedPhrase(g);
      keys[g] = key;
      total += key.length();
      for (int i = 0; i < key.length(); i++) {
        char ch = key.charAt(i);
        if (Character.isSurrogate(ch)) {
          pairs = true;
        }
        if (classOfFolded[ch] == 0) {
          if (a == Character.MAX_VALUE) {
            throw new IllegalArgumentException("grams use more than 65534 distinct chars");
          }
          classOfFolded[ch] = (char) a++;
        }
      }
    }
    this.alphabet = a;
    this.foldPairs = pairs;
    int stride = a;
    this.stride = stride;
    this.strideShift = Integer.numberOfTrailingZeros(stride);
    this.strideInverse = inverseOfOdd(stride >>> strideShift);
    if (total > MAX_TABLE_ENTRIES) {
      throw new IllegalArgumentException(
          "grams hold " + (total - 1) + " chars in all, more than the limit " + MAX_TABLE_ENTRIES);
    }
    char[] cls = new char[1 << 16];
    for (int c = 0; c < (1 << 16); c++) {
      cls[c] = classOfFolded[TextNormalizer.fold((char) c)];
    }
    this.classOf = cls;

    // The trie first as sibling lists, so that the dense table is allocated at its exact size.
    int cap = (int) total;
    int[] firstChild = new int[cap];
    int[] nextSibling = new int[cap];
    int[] dep = new int[cap];
    int[] label = new int[cap];
    int[] og = new int[cap];
    Arrays.fill(og, -1);
    int[] fed = new int[n];
    int count = 1;
    for (int g = 0; g < n; g++) {
      String key = keys[g];
      int s = 0;
      for (int i = 0; i < key.length(); i++) {
        int c = classOfFolded[key.charAt(i)];
        int t = firstChild[s];
        while (t != 0 && label[t] != c) {
          t = nextSibling[t];
        }
        if (t == 0) {
          t = count++;
          label[t] = c;
          dep[t] = dep[s] + 1;
          nextSibling[t] = firstChild[s];
          firstChild[s] = t;
        }
        s = t;
      }
      og[s] = g;
      fed[g] = key.length();
    }
    if ((long) count * stride > MAX_TABLE_ENTRIES) {
      throw new IllegalArgumentException(
          "grams need " + count + " states x " + stride + " classes = " + (long) count * stride
              + " table entries, more than the limit " + MAX_TABLE_ENTRIES);
    }
    // Renumber states: breadth-first down to depth SHALLOW, where a scan spends most of its time,
    // so those rows come first and share cache lines; below that, depth-first, so that the states
    // along one phrase's path sit in consecutive rows and a scan following a phrase reads the
    // table forwards (the hardware prefetches it) instead of jumping between depth levels.
    int[] bfs = new int[count];
    int tail = 1;
    for (int head = 0; head < tail; head++) {
      for (int t = firstChild[bfs[head]]; t != 0; t = nextSibling[t]) {
        bfs[tail++] = t;
      }
    }
    int[] order = new int[count];
    int placed = 0;
    for (int i = 0; i < count; i++) {
      if (dep[bfs[i]] <= SHALLOW) {
        order[placed++] = bfs[i];
      }
    }
    int[] stack = new int[count];
    for (int i = 0; i < count; i++) {
      if (dep[bfs[i]] != SHALLOW) {
        continue;
      }
      int top = 0;
      for (int t = firstChild[bfs[i]]; t != 0; t = nextSibling[t]) {
        stack[top++] = t;
      }
      while (top > 0) {
        int u = stack[--top];
        order[placed++] = u;
        for (int t = firstChild[u]; t != 0; t = nextSibling[t]) {
          stack[top++] = t;
        }
      }
    }
    int[] newId = new int[count];
    for (int i = 0; i < count; i++) {
      newId[order[i]] = i;
    }
    // The table's length is a power of two so that the scan loops can index it as (row + class)
    // & (length - 1), which is the index itself and lets the JIT drop the bounds check.
    int used = count * stride;
    int[] d = new int[used == 1 ? 1 : Integer.highestOneBit(used - 1) << 1];
    int[] depN = new int[count];
    int[] labelN = new int[count];
    int[] ogN = new int[count];
    for (int i = 0; i < count; i++) {
      int s = order[i];
      depN[i] = dep[s];
      labelN[i] = label[s];
      ogN[i] = og[s];
      for (int t = firstChild[s]; t != 0; t = nextSibling[t]) {
        d[i * stride + label[t]] = newId[t];
      }
    }
    dep = depN;
    label = labelN;
    og = ogN;

    int[] fail = new int[count];
    int[] link = new int[count];
    Arrays.fill(link, -1);
    // Breadth-first, so that a state's failure target (shallower) is complete before it.
    for (int i = 1; i < count; i++) {
      int s = newId[bfs[i]];
      int f = fail[s];
      link[s] = og[f] >= 0 ? f : link[f];
      int base = s * stride;
      int fbase = f * stride;
      for (int c = 0; c < stride; c++) {
        int t = d[base + c];
        if (t != 0) {
          fail[t] = d[fbase + c];
        } else {
          d[base + c] = d[fbase + c];
        }
      }
    }
    int space = classOfFolded[' '];
    if (space != 0) {
      for (int s = 1; s < count; s++) {
        if (label[s] == space) {
          d[(s * stride) + space] = s;
        }
      }
    }
    for (int i = 0; i < used; i++) {
      int t = d[i];
      d[i] = og[t] >= 0 || link[t] >= 0 ? ~(t * stride) : (t * stride);
    }
    this.delta = d;
    this.outGram = Arrays.copyOf(og, count);
    this.outLink = link;
    this.depth = Arrays.copyOf(dep, count);
    this.fedLength = fed;
    // Each gram's normalised phrase as the lengths of its space-free pieces, last piece first:
    // a match is those pieces with a whitespace run between each two (see startOf).
    int[] from = new int[n + 1];
    int pieceCount = 0;
    for (int g = 0; g < n; g++) {
      from[g] = pieceCount;
      pieceCount += 1 + (int) keys[g].chars().filter(ch -> ch == ' ').count();
    }
    from[n] = pieceCount;
    int[] lengths = new int[pieceCount];
    for (int g = 0; g < n; g++) {
      String key = keys[g];
      int k = from[g];
      int pieceEnd = key.length();
      for (int i = key.length() - 1; i >= 0; i--) {
        if (key.charAt(i) == ' ') {
          lengths[k++] = pieceEnd - i - 1;
          pieceEnd = i;
        }
      }
      lengths[k] = pieceEnd;
    }
    this.pieceFrom = from;
    this.pieces = lengths;
    this.states = count;
    int deepest = 0;
    for (int f : fed) {
      deepest = Math.max(deepest, f);
    }
    this.maxDepth = deepest;
    int outputs = 0;
    for (int st = 0; st < count; st++) {
      int k = 0;
      for (int o = og[st] >= 0 ? st : link[st]; o >= 0; o = link[o]) {
        k++;
      }
      outputs = Math.max(outputs, k);
    }
    this.maxOutputs = outputs;
  }

  /**
   * Compiles a matcher for {@code grams}.
   *
   * @throws IllegalArgumentException if {@code grams} is null or too large for the table limit
   */
  public static GramMatcher of(StrategicGramSet grams) {
    if (grams == null) {
      throw new IllegalArgumentException("grams must not be null");
    }
    return new GramMatcher(grams);
  }

  /** The matcher of {@link StrategicGramSet#defaultSet()}, compiled once and cached. */
  public static GramMatcher defaultMatcher() {
    return DefaultHolder.MATCHER;
  }

  private static final class DefaultHolder {
    static final GramMatcher MATCHER = of(StrategicGramSet.defaultSet());
  }

  /** The grams this matcher finds; match ids index into it. */
  public StrategicGramSet grams() {
    return grams;
  }

  /** Number of automaton states (trie nodes, the root included). */
  public int stateCount() {
    return states;
  }

  /** Number of char classes: distinct chars of the normalised phrases, plus one for the rest. */
  public int alphabetSize() {
    return alphabet;
  }

  /** Entries of the transition table: {@code states × A} rounded up to a power of two. */
  int tableLength() {
    return delta.length;
  }

  /** Bytes held by the transition table, the per-state arrays and the char-class table. */
  public long tableBytes() {
    return 4L * delta.length + 12L * states + 4L * fedLength.length + 4L * pieceFrom.length
        + 4L * pieces.length + 2L * classOf.length;
  }

  /**
   * All matches of every gram in {@code text}, overlapping and nested ones included, sorted by
   * start and then by end. Allocates the list; see {@link #scan} for the allocation-free form.
   */
  public List<GramMatch> findAll(CharSequence text) {
    return find(text, MatchMode.ALL);
  }

  /** Non-overlapping leftmost-longest matches in text order: see {@link MatchMode}. */
  public List<GramMatch> findLongest(CharSequence text) {
    return find(text, MatchMode.LEFTMOST_LONGEST);
  }

  /** The matches of {@code mode} as a list sorted by start and then by end. */
  public List<GramMatch> find(CharSequence text, MatchMode mode) {
    List<GramMatch> out = new ArrayList<>();
    scan(text, mode, (g, s, e) -> out.add(new GramMatch(g, grams.get(g), s, e)));
    if (mode == MatchMode.ALL) {
      out.sort(Comparator.comparingInt(GramMatch::start).thenComparingInt(GramMatch::end));
    }
    return out;
  }

  /** Number of matches of {@code mode} in {@code text}; allocates nothing. */
  public int count(CharSequence text, MatchMode mode) {
    return scan(text, mode, (g, s, e) -> { });
  }

  /**
   * Reports every match of {@code mode} in {@code text} to {@code sink} and returns how many there
   * were. In {@link MatchMode#ALL} matches arrive in order of their end, and for one end longer
   * ones first; in {@link MatchMode#LEFTMOST_LONGEST} in text order. Allocates nothing itself.
   *
   * @throws IllegalArgumentException if {@code mode} or {@code sink} is null
   */
  public int scan(CharSequence text, MatchMode mode, MatchSink sink) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    if (text == null || text.length() == 0 || grams.isEmpty()) {
      return 0;
    }
    if (mode == MatchMode.LEFTMOST_LONGEST) {
      return scanLongest(text, sink);
    }
    return foldPairs ? scanAllFoldingPairs(text, sink) : scanAll(text, sink);
  }

  /**
   * Texts shorter than this are scanned as one stream; longer ones as two interleaved streams
   * (see {@link #leadIn}). Package-private so that tests can cover both sides of it.
   */
  static final int TWO_STREAMS_MIN = 64;

  /**
   * Where the second of two interleaved streams starts so that, from position {@code mid} on, its
   * state equals the one-stream state: {@code maxDepth} normalised chars before {@code mid} (a
   * whitespace run counting once, and taken whole). A state is the longest suffix of the
   * normalised text read so far that is a trie node, at most {@code maxDepth} chars long, so it
   * is the same whether the text was read from 0 or from here. Returns 0 (one stream) if the
   * text is too short for the lead-in to end before {@code mid}.
   */
  private int leadIn(CharSequence text, int mid) {
    if (mid < TWO_STREAMS_MIN / 2 || foldPairs) {
      return 0;
    }
    return startBefore(text, mid);
  }

  /**
   * Texts of this many chars or more are scanned as four interleaved streams, one per quarter
   * (see {@link #scanFour}); shorter ones as two or one. Package-private for tests.
   */
  static final int FOUR_STREAMS_MIN = 1024;

  /**
   * {@code maxDepth} normalised chars before {@code at} (a whitespace run counting once, and
   * taken whole), or 0: a stream started there is in the one-stream state from {@code at} on.
   */
  private int startBefore(CharSequence text, int at) {
    int pos = at;
    for (int k = 0; k < maxDepth && pos > 0; k++) {
      pos--;
      if (TextNormalizer.isSpace(text.charAt(pos))) {
        while (pos > 0 && TextNormalizer.isSpace(text.charAt(pos - 1))) {
          pos--;
        }
      }
    }
    return pos;
  }

  /**
   * The scan of {@link MatchMode#ALL}. The automaton's per-char cost is the latency of one table
   * look-up that depends on the one before, so a text of {@link #TWO_STREAMS_MIN} chars or more is
   * read as two independent streams in one loop: stream A over {@code [0, mid)} reports the
   * matches ending at or before {@code mid}; stream B starts at {@link #leadIn} (in the same state
   * as a one-stream scan from {@code mid} on) and reports the matches ending after {@code mid}.
   * To keep matches in order of their end, B's matches wait in a per-thread buffer until A is
   * done; when the buffer is full, or is in use by a scan that a sink started, B pauses, or the
   * text is scanned as one stream.
   */
  private int scanAll(CharSequence text, MatchSink sink) {
    final int n = text.length();
    if (n >= FOUR_STREAMS_MIN && !foldPairs) {
      Pending p = PENDING.get();
      if (!p.busy && p.b.buf.length >= 6 * maxOutputs) {
        return scanFour(text, sink, p);
      }
    }
    final int mid = n >>> 1;
    final int lead = leadIn(text, mid);
    Pending pending = lead > 0 ? PENDING.get() : null;
    if (pending == null || pending.busy || pending.b.buf.length < 6 * maxOutputs) {
      return scanStream(text, 0, n, 0, 0, sink);
    }
    pending.busy = true;
    try {
      int found = 0;
      pending.rowA = 0;
      pending.rowB = 0;
      int ia = 0;
      while (ia < mid) {
        // Each stop of stream B may add maxOutputs matches to the buffer, and a run may end one
        // stop past its limit: pause B when the buffer has no room for two stops.
        int room = pending.b.room(maxOutputs);
        if (room < 2) {
          break;
        }
        ia = twoStreams(text, ia, mid, lead, Math.min(room - 1, Pending.STOPS), pending);
        found += emitStops(text, mid, sink, pending);
      }
      int ra = pending.rowA;
      int rb = pending.rowB;
      int ib = ia + lead;
      found += scanStream(text, ia, mid, ra, 0, sink);
      found += pending.b.flush(sink);
      return found + scanStream(text, ib, n, rb, mid, sink);
    } finally {
      pending.clear();
      pending.busy = false;
    }
  }

  /**
   * The hot loop of {@link #scanAll}, kept free of calls (a call in the loop makes C2 keep its
   * values on the stack): runs stream A from {@code ia} and stream B from {@code ia + lead}, from
   * rows {@code p.rowA} and {@code p.rowB}, until A reaches {@code mid} or {@code maxStops} entries
   * that end a gram were read. Those stops go to {@code p.stops} for {@link #emitStops}; the rows
   * reached go back to {@code p}. Returns A's position.
   */
  private int twoStreams(CharSequence text, int ia, int mid, int lead, int maxStops, Pending p) {
    final int[] delta = this.delta;
    final char[] classOf = this.classOf;
    final int dm = delta.length - 1;
    final int cm = classOf.length - 1;
    final int[] stops = p.stops;
    final int full = 2 * maxStops;
    int k = 0;
    int ra = p.rowA;
    int rb = p.rowB;
    while (ia < mid) {
      int ea = delta[(ra + classOf[text.charAt(ia) & cm]) & dm];
      int eb = delta[(rb + classOf[text.charAt(ia + lead) & cm]) & dm];
      ia++;
      if ((ea | eb) < 0) {
        if (ea < 0) {
          ea = ~ea;
          stops[k] = ia;
          stops[k + 1] = ea;
          k += 2;
        }
        if (eb < 0) {
          eb = ~eb;
          stops[k] = ~(ia + lead);
          stops[k + 1] = eb;
          k += 2;
        }
        if (k >= full) {
          ra = ea;
          rb = eb;
          break;
        }
      }
      ra = ea;
      rb = eb;
    }
    p.rowA = ra;
    p.rowB = rb;
    p.stopCount = k;
    return ia;
  }

  /**
   * The scan of {@link MatchMode#ALL} for texts of {@link #FOUR_STREAMS_MIN} chars or more: four
   * independent streams in one loop, one per quarter {@code [0, q1), [q1, q2), [q2, q3), [q3, n)}.
   * Stream A reads the first quarter from 0 and reports the matches ending at or before {@code
   * q1}; each later stream starts at {@link #startBefore} its quarter (so it is in the one-stream
   * state from the quarter's start on) and reports the matches ending inside its quarter, after
   * its start. All streams advance by one char per step, for the first quarter's length; each
   * later stream's start is at most its quarter's start, which is at least one quarter length
   * after the quarter before's, so no stream reads past its own quarter. The later streams'
   * matches wait in {@code p}'s buffers until the streams before them are done; when one is full
   * the streams finish one after the other.
   */
  private int scanFour(CharSequence text, MatchSink sink, Pending p) {
    final int n = text.length();
    final int q1 = n >>> 2;
    final int q2 = n >>> 1;
    final int q3 = q1 + q2;
    final int lb = startBefore(text, q1);
    final int lc = startBefore(text, q2);
    final int ld = startBefore(text, q3);
    p.after[1] = q1;
    p.after[2] = q2;
    p.after[3] = q3;
    p.busy = true;
    try {
      int found = 0;
      p.rowA = 0;
      p.rowB = 0;
      p.rowC = 0;
      p.rowD = 0;
      int ia = 0;
      while (ia < q1) {
        // Each stop may add maxOutputs matches to its stream's buffer; a run records at most
        // maxStops stops of one stream.
        int room =
            Math.min(
                Math.min(p.a.room(maxOutputs), p.b.room(maxOutputs)),
                Math.min(p.c.room(maxOutputs), p.d.room(maxOutputs)));
        if (room < 2) {
          break;
        }
        ia = fourStreams(text, ia, q1, lb, lc, ld, Math.min(room - 1, Pending.STOPS), p);
        found += emitFourStops(text, sink, p);
      }
      found += scanStream(text, ia, q1, p.rowA, 0, sink);
      found += p.b.flush(sink);
      found += scanStream(text, ia + lb, q2, p.rowB, q1, sink);
      found += p.c.flush(sink);
      found += scanStream(text, ia + lc, q3, p.rowC, q2, sink);
      found += p.d.flush(sink);
      return found + scanStream(text, ia + ld, n, p.rowD, q3, sink);
    } finally {
      p.clear();
      p.busy = false;
    }
  }

  /**
   * The hot loop of {@link #scanFour}, free of calls as {@link #twoStreams} is: runs stream A
   * from {@code ia} and streams B, C, D from {@code ia + lb}, {@code ia + lc}, {@code ia + ld},
   * from the rows in {@code p}, until A reaches {@code q1} or {@code maxStops} entries that end a
   * gram were read. Those stops go to {@code p.stops} as (position after the char, row, stream)
   * for {@link #emitFourStops}; the rows reached go back to {@code p}. Returns A's position.
   */
  private int fourStreams(
      CharSequence text, int ia, int q1, int lb, int lc, int ld, int maxStops, Pending p) {
    final int[] delta = this.delta;
    final char[] classOf = this.classOf;
    final int dm = delta.length - 1;
    final int cm = classOf.length - 1;
    final int[] stops = p.stops;
    final int full = 3 * maxStops;
    int k = 0;
    int ra = p.rowA;
    int rb = p.rowB;
    int rc = p.rowC;
    int rd = p.rowD;
    while (ia < q1) {
      int ea = delta[(ra + classOf[text.charAt(ia) & cm]) & dm];
      int eb = delta[(rb + classOf[text.charAt(ia + lb) & cm]) & dm];
      int ec = delta[(rc + classOf[text.charAt(ia + lc) & cm]) & dm];
      int ed = delta[(rd + classOf[text.charAt(ia + ld) & cm]) & dm];
      ia++;
      if ((ea | eb | ec | ed) < 0) {
        if (ea < 0) {
          ea = ~ea;
          stops[k] = ia;
          stops[k + 1] = ea;
          stops[k + 2] = 0;
          k += 3;
        }
        if (eb < 0) {
          eb = ~eb;
          stops[k] = ia + lb;
          stops[k + 1] = eb;
          stops[k + 2] = 1;
          k += 3;
        }
        if (ec < 0) {
          ec = ~ec;
          stops[k] = ia + lc;
          stops[k + 1] = ec;
          stops[k + 2] = 2;
          k += 3;
        }
        if (ed < 0) {
          ed = ~ed;
          stops[k] = ia + ld;
          stops[k + 1] = ed;
          stops[k + 2] = 3;
          k += 3;
        }
        if (k >= full) {
          ra = ea;
          rb = eb;
          rc = ec;
          rd = ed;
          break;
        }
      }
      ra = ea;
      rb = eb;
      rc = ec;
      rd = ed;
    }
    p.rowA = ra;
    p.rowB = rb;
    p.rowC = rc;
    p.rowD = rd;
    p.stopCount = k;
    return ia;
  }

  /**
   * Reports the matches at the stops {@link #fourStreams} recorded, each stream's that end inside
   * its quarter (after {@code p.after[stream]}, set by {@link #scanFour}) to its buffer in {@code
   * p}, then passes stream A's on to {@code sink}. Returns the
   * number passed to {@code sink}. The buffer and the quarter's start are picked by the stream's
   * index, not by a branch on it (the streams' stops come in no predictable order), and {@link
   * #emit} only ever calls a {@code Buffer} here.
   */
  private int emitFourStops(CharSequence text, MatchSink sink, Pending p) {
    final int[] stops = p.stops;
    final Buffer[] buffers = p.buffers;
    final int[] after = p.after;
    for (int k = 0; k < p.stopCount; k += 3) {
      int at = stops[k];
      int stream = stops[k + 2];
      if (at > after[stream]) {
        emit(text, stateOf(stops[k + 1]), at, buffers[stream]);
      }
    }
    return p.a.flush(sink);
  }

  /**
   * Reports the matches at the stops {@link #twoStreams} recorded: stream A's to {@code sink},
   * stream B's past {@code mid} to {@code p}'s buffer. Returns the number reported to {@code sink}.
   */
  private int emitStops(CharSequence text, int mid, MatchSink sink, Pending p) {
    final int[] stops = p.stops;
    int found = 0;
    for (int k = 0; k < p.stopCount; k += 2) {
      int at = stops[k];
      if (at >= 0) {
        found += emit(text, stateOf(stops[k + 1]), at, sink);
      } else if (~at > mid) {
        emit(text, stateOf(stops[k + 1]), ~at, p.b);
      }
    }
    return found;
  }

  /**
   * One stream: runs the automaton from {@code row} over {@code text[from, to)} and reports the
   * matches that end after {@code after}.
   */
  private int scanStream(CharSequence text, int from, int to, int row, int after, MatchSink sink) {
    int found = 0;
    int i = from;
    while (i < to) {
      long r = advance(text, i, to, row);
      int e = (int) (r >> 32);
      i = (int) r;
      if (e >= 0) {
        row = e;
      } else {
        row = ~e;
        if (i > after) {
          found += emit(text, stateOf(row), i, sink);
        }
      }
    }
    return found;
  }

  /** A buffer of one later stream's matches (gram, start, end), see {@link #scanAll}. */
  private static final class Buffer implements MatchSink {
    final int[] buf = new int[3 * 2048];
    int size;

    /** Matches of {@code maxOutputs} each that still fit, counted in stops. */
    int room(int maxOutputs) {
      return (buf.length - size) / (3 * maxOutputs);
    }

    /** Reports the buffered matches to {@code sink} in order, empties the buffer, counts them. */
    int flush(MatchSink sink) {
      int[] b = buf;
      int n = size;
      size = 0;
      for (int k = 0; k < n; k += 3) {
        sink.onMatch(b[k], b[k + 1], b[k + 2]);
      }
      return n / 3;
    }

    @Override
    public void onMatch(int gramId, int start, int end) {
      buf[size] = gramId;
      buf[size + 1] = start;
      buf[size + 2] = end;
      size += 3;
    }
  }

  /**
   * Per-thread scratch of {@link #scanAll}: the streams' match buffers (B's alone in a two-stream
   * scan; A's, in a four-stream scan, emptied to the sink after each run of the hot loop), the
   * streams' rows between runs of a hot loop, and the stops of the last run.
   */
  private static final class Pending {
    final Buffer a = new Buffer();
    final Buffer b = new Buffer();
    final Buffer c = new Buffer();
    final Buffer d = new Buffer();
    /** The four streams' buffers by index, for {@link #emitFourStops}. */
    final Buffer[] buffers = {a, b, c, d};
    /**
     * Where each stream's quarter starts (its matches must end after it), by index: 0 for A,
     * set for the others by each {@link #scanFour}.
     */
    final int[] after = new int[4];
    boolean busy;
    int rowA;
    int rowB;
    int rowC;
    int rowD;
    /** Most stops of one {@link #twoStreams} or {@link #fourStreams} run. */
    static final int STOPS = 64;
    /**
     * The stops of the last run: {@link #twoStreams} writes (position after the char, row) pairs,
     * B's positions as ~pos; {@link #fourStreams} writes (position, row, stream) triples, with
     * room for the three stops a run may end past its limit.
     */
    final int[] stops = new int[3 * (STOPS + 4)];
    int stopCount;

    void clear() {
      a.size = 0;
      b.size = 0;
      c.size = 0;
      d.size = 0;
    }
  }

  private static final ThreadLocal<Pending> PENDING = ThreadLocal.withInitial(Pending::new);

  /**
   * Runs the automaton from {@code row} over {@code text[from, n)} until a row that ends a gram:
   * returns that row's encoded entry (negative) in the high half and the index after its char in
   * the low half, or the last row (non-negative) and {@code n}. Kept apart so the hot loop holds
   * only a few live values.
   */
  private long advance(CharSequence text, int from, int n, int row) {
    final int[] delta = this.delta;
    final char[] classOf = this.classOf;
    final int dm = delta.length - 1;
    final int cm = classOf.length - 1;
    for (int i = from; i < n; i++) {
      int e = delta[(row + classOf[text.charAt(i) & cm]) & dm];
      if (e < 0) {
        return ((long) e << 32) | (i + 1);
      }
      row = e;
    }
    return ((long) row << 32) | n;
  }

  private int scanAllFoldingPairs(CharSequence text, MatchSink sink) {
    final int n = text.length();
    int row = 0;
    int found = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        int folded = TextNormalizer.foldCodePoint(Character.toCodePoint(c, text.charAt(i + 1)));
        int e = delta[row + classOf[Character.highSurrogate(folded)]];
        row = e < 0 ? ~e : e;
        i++;
        e = delta[row + classOf[Character.lowSurrogate(folded)]];
        if (e >= 0) {
          row = e;
        } else {
          row = ~e;
          found += emit(text, stateOf(row), i + 1, sink);
        }
        continue;
      }
      int e = delta[row + classOf[c]];
      if (e >= 0) {
        row = e;
      } else {
        row = ~e;
        found += emit(text, stateOf(row), i + 1, sink);
      }
    }
    return found;
  }

  /**
   * The state whose row starts at {@code row} (a multiple of the stride): {@code row / stride},
   * computed as an exact division, with a shift and a multiplication by the inverse of the
   * stride's odd part, which is correct modulo 2<sup>32</sup> and so for every row.
   */
  int stateOf(int row) {
    return (row >>> strideShift) * strideInverse;
  }

  /** The inverse of odd {@code d} modulo 2<sup>32</sup>, by Newton's iteration. */
  static int inverseOfOdd(int d) {
    // d * d == 1 mod 8, so x = d is right to 3 bits; each step doubles the correct bits.
    int x = d;
    for (int i = 0; i < 4; i++) {
      x *= 2 - d * x;
    }
    return x;
  }

  /** Reports the grams ending in {@code state} at {@code end} that sit on word boundaries. */
  private int emit(CharSequence text, int state, int end, MatchSink sink) {
    if (!TextNormalizer.isBoundary(text, end)) {
      return 0;
    }
    int found = 0;
    int s = outGram[state] >= 0 ? state : outLink[state];
    while (s >= 0) {
      int g = outGram[s];
      int start = startOf(text, end, g);
      if (TextNormalizer.isBoundary(text, start)) {
        sink.onMatch(g, start, end);
        found++;
      }
      s = outLink[s];
    }
    return found;
  }

  /**
   * Where the match of gram {@code g} ending at {@code end} starts: the normalised phrase's
   * space-free pieces map one to one onto the text's chars, and each space between them onto a
   * whitespace run, so the walk back steps over each piece at once and only looks at the runs.
   */
  private int startOf(CharSequence text, int end, int g) {
    final int[] pieces = this.pieces;
    int pos = end;
    int k = pieceFrom[g];
    int last = pieceFrom[g + 1] - 1;
    for (; k < last; k++) {
      pos -= pieces[k] + 1;
      while (pos > 0 && TextNormalizer.isSpace(text.charAt(pos - 1))) {
        pos--;
      }
    }
    return pos - pieces[last];
  }

  private int scanLongest(CharSequence text, MatchSink sink) {
    final int n = text.length();
    int found = 0;
    int i = 0;
    while (i < n) {
      if (TextNormalizer.isSpace(text.charAt(i)) || !TextNormalizer.isBoundary(text, i)) {
        i++;
        continue;
      }
      int row = 0;
      int dep = 0;
      int j = i;
      int bestEnd = -1;
      int bestGram = -1;
      while (j < n) {
        char x = text.charAt(j);
        if (TextNormalizer.isSpace(x) && TextNormalizer.isSpace(text.charAt(j - 1))) {
          j++;
          continue;
        }
        if (foldPairs
            && Character.isHighSurrogate(x)
            && j + 1 < n
            && Character.isLowSurrogate(text.charAt(j + 1))) {
          int folded = TextNormalizer.foldCodePoint(Character.toCodePoint(x, text.charAt(j + 1)));
          row = child(row, dep, classOf[Character.highSurrogate(folded)]);
          if (row < 0) {
            break;
          }
          row = child(row, dep + 1, classOf[Character.lowSurrogate(folded)]);
          if (row < 0) {
            break;
          }
          dep += 2;
          j += 2;
        } else {
          row = child(row, dep, classOf[x]);
          if (row < 0) {
            break;
          }
          dep++;
          j++;
        }
        int g = outGram[stateOf(row)];
        if (g >= 0 && TextNormalizer.isBoundary(text, j)) {
          bestGram = g;
          bestEnd = j;
        }
      }
      if (bestGram >= 0) {
        sink.onMatch(bestGram, i, bestEnd);
        found++;
        i = bestEnd;
      } else {
        i++;
      }
    }
    return found;
  }

  /** The trie child of {@code row} (at depth {@code dep}) on class {@code c}, or -1. */
  private int child(int row, int dep, int c) {
    int e = delta[row + c];
    int t = e < 0 ? ~e : e;
    return depth[stateOf(t)] == dep + 1 ? t : -1;
  }

  /**
   * Sets bit {@code base + q} of {@code mask} for every non-empty token {@code q} overlapping a
   * match of {@link MatchMode#ALL}. Spans must be valid ({@link TokenSpans}). The scan collects
   * the union of the matches' char spans (sorted, disjoint, in a per-thread buffer); one forward
   * walk over the tokens then marks those that overlap it. If {@code sorted} (no span decreases,
   * empty ones included) the walk steps over the tokens between two spans eight at a time.
   * Allocates nothing unless the lexicon holds supplementary characters, or a text has more
   * match spans than any before it on this thread (the buffer grows).
   */
  void markTokens(
      CharSequence text, int[] starts, int[] ends, boolean sorted, TokenMask mask, int base) {
    if (text.length() == 0 || grams.isEmpty() || starts.length == 0) {
      return;
    }
    if (foldPairs) {
      scanAllFoldingPairs(text, new TokenAligner.TokenMarker(starts, ends, mask, base));
      return;
    }
    Spans spans = SPANS.get();
    spans.n = 0;
    // scanAll reports matches in order of their end, as Spans.push needs.
    scanAll(text, spans);
    walk(spans.pairs, spans.n, starts, ends, sorted, mask, base);
  }

  /**
   * Validates UTF-16 token spans by the rules of {@link TokenSpans} and sets bit {@code base + q}
   * of {@code mask} for every non-empty token {@code q} overlapping a match of {@link
   * MatchMode#ALL}: {@link TokenAligner#markOffsets}'s path. The text is scanned first, collecting
   * the union of the matches' spans as {@link #markTokens} does; then one pass over the tokens
   * both checks them ({@link TokenSpans#plainlyValid}'s condition) and finds the runs of tokens
   * that overlap the union ({@link #markIfPlainlyValid}), so the offsets are read once. Spans that
   * are valid without being plainly valid (empty spans out of order, tokens sharing a split
   * character) get the exact checks and {@link #markTokens}'s walk over the same union; invalid
   * ones fail with the exact checks' message before any bit is set. Allocates nothing, as {@link
   * #markTokens}.
   *
   * @throws IllegalArgumentException naming the token index and values of the first span that
   *     breaks a rule of {@link TokenSpans}; the mask is left as it was
   */
  void validateAndMarkTokens(
      CharSequence text, int[] starts, int[] ends, TokenMask mask, int base) {
    if (text.length() == 0 || grams.isEmpty() || starts.length == 0 || foldPairs) {
      boolean sorted = TokenSpans.validate(text, starts, ends);
      markTokens(text, starts, ends, sorted, mask, base);
      return;
    }
    Spans spans = SPANS.get();
    spans.n = 0;
    scanAll(text, spans);
    int[] ranges = spans.ranges();
    if (!markIfPlainlyValid(
        text.length(), starts, ends, spans.pairs, spans.n, ranges, mask, base)) {
      boolean sorted = TokenSpans.checkRules(text, starts, ends);
      walk(spans.pairs, spans.n, starts, ends, sorted, mask, base);
    }
  }

  /**
   * One pass over the tokens that checks {@link TokenSpans#plainlyValid}'s condition and, if it
   * holds, sets the bits of the non-empty tokens overlapping the sorted, disjoint char spans
   * {@code pairs[0, pairCount)} (as {@code (start, end)} pairs); returns whether it held. If it
   * does not, nothing is set. The tokens are merged with the spans: those ending at or before a
   * span's start are only checked; those from there on that start before its end are checked
   * and form a run of overlapping tokens, noted in {@code ranges} (at least {@code pairCount}
   * long) as {@code (first, end)}, or {@code (first, ~end)} if the run holds an empty span. The
   * runs are marked once the check has passed.
   */
  static boolean markIfPlainlyValid(
      int textLength,
      int[] starts,
      int[] ends,
      int[] pairs,
      int pairCount,
      int[] ranges,
      TokenMask mask,
      int base) {
    int tokens = Math.min(starts.length, ends.length);
    // Plainly valid: 0 <= s0 <= e0 <= s1 <= e1 <= ... <= the last end <= textLength. Checked as
    // each start at or after the end before it (0 for the first), each end at or after its start,
    // and the last end (then every offset) at most textLength.
    boolean ok = starts.length == ends.length;
    int pe = 0;
    int t = 0;
    int r = 0;
    for (int k = 0; k < pairCount && t < tokens; k += 2) {
      int from = pairs[k];
      int to = pairs[k + 1];
      while (t < tokens) {
        int s = starts[t];
        int e = ends[t];
        if (e > from) {
          break;
        }
        ok &= s >= pe & e >= s;
        pe = e;
        t++;
      }
      // If the spans are plainly valid, this token ends after the span starts, and so does every
      // later one: each overlaps the span while it starts before the span's end, unless empty.
      int first = t;
      boolean empty = false;
      while (t < tokens) {
        int s = starts[t];
        int e = ends[t];
        if (s >= to) {
          break;
        }
        ok &= s >= pe & e >= s;
        empty |= s == e;
        pe = e;
        t++;
      }
      if (t > first) {
        ranges[r] = first;
        ranges[r + 1] = empty ? ~t : t;
        r += 2;
      }
    }
    for (; t < tokens; t++) {
      int s = starts[t];
      int e = ends[t];
      ok &= s >= pe & e >= s;
      pe = e;
    }
    if (!ok || pe > textLength) {
      return false;
    }
    for (int k = 0; k < r; k += 2) {
      int first = ranges[k];
      int end = ranges[k + 1];
      if (end >= 0) {
        mask.set(base + first, base + end);
      } else {
        for (int q = first; q < ~end; q++) {
          if (starts[q] != ends[q]) {
            mask.set(base + q);
          }
        }
      }
    }
    return true;
  }

  /**
   * The walk of {@link #markTokens}: sets the bits of the non-empty tokens overlapping the sorted,
   * disjoint char spans {@code a[0, na)} ({@code (start, end)} pairs). Spans must be valid.
   */
  private static void walk(
      int[] a, int na, int[] starts, int[] ends, boolean sorted, TokenMask mask, int base) {
    int tokens = starts.length;
    int t = 0;
    for (int k = 0; k < na && t < tokens; k += 2) {
      int from = a[k];
      int to = a[k + 1];
      if (sorted) {
        // Ends do not decrease: if the eighth token ends at or before the span, all eight do.
        while (t + 8 <= tokens && ends[t + 7] <= from) {
          t += 8;
        }
        while (t < tokens && ends[t] <= from) {
          t++;
        }
      } else {
        // Non-empty spans do not decrease; empty ones are stepped over wherever they are.
        while (t < tokens && (ends[t] <= from || starts[t] == ends[t])) {
          t++;
        }
      }
      // Every token from here ends after the span starts; it overlaps while it starts before
      // the span ends. Empty spans are never marked.
      while (t < tokens && (starts[t] < to || starts[t] == ends[t])) {
        if (starts[t] != ends[t]) {
          mask.set(base + t);
        }
        t++;
      }
    }
  }

  /**
   * Per-thread scratch of {@link #markTokens}: the union of the match spans as a growable stack
   * of sorted, disjoint {@code (start, end)} pairs. Matches arrive in order of their end, so a new
   * span can only merge with the last pairs.
   */
  private static final class Spans implements MatchSink {
    int[] pairs = new int[256];
    int n;
    /** Scratch of {@link #markIfPlainlyValid}: token runs, as long as {@code pairs}. */
    private int[] ranges = new int[256];

    int[] ranges() {
      if (ranges.length < pairs.length) {
        ranges = new int[pairs.length];
      }
      return ranges;
    }

    @Override
    public void onMatch(int gramId, int start, int end) {
      push(start, end);
    }

    /** Adds {@code [start, end)}, merging it with the last pairs it overlaps or touches. */
    void push(int start, int end) {
      int k = n;
      int[] x = pairs;
      while (k > 0 && x[k - 1] >= start) {
        start = Math.min(start, x[k - 2]);
        k -= 2;
      }
      if (k == x.length) {
        x = pairs = Arrays.copyOf(x, 2 * k);
      }
      x[k] = start;
      x[k + 1] = end;
      n = k + 2;
    }
  }

  private static final ThreadLocal<Spans> SPANS = ThreadLocal.withInitial(Spans::new);

  @Override
  public String toString() {
    return "GramMatcher{grams=" + grams.size() + ", states=" + states + ", alphabet=" + alphabet
        + "}";
  }
}
