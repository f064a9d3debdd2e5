package io.hicra.grams;

import java.util.Arrays;
import java.util.List;

/**
 * The character spans of a rollout's tokens, in UTF-16 {@code char} indices of its text:
 * validated once, then used to map gram matches onto tokens.
 *
 * <h2>Where spans come from</h2>
 *
 * <ul>
 *   <li>{@link #of(CharSequence, int[], int[], OffsetUnit)}: offsets {@code [start, end)} per
 *       token in UTF-16 chars or in code points (Python, Hugging Face offset mappings);
 *   <li>{@link #ofPieces}: the decoded text of each token, in order, concatenating to the text;
 *   <li>{@link #ofUtf8Pieces}: the UTF-8 bytes of each token (byte-level BPE: tiktoken, GPT-2
 *       style vocabularies), concatenating to the text's UTF-8 bytes. A token holding part of a
 *       multi-byte character spans that whole character.
 * </ul>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Every span satisfies {@code 0 <= start <= end <= text.length()}.
 *   <li>An empty span ({@code start == end}) is a token without text (a special token such as an
 *       end-of-sequence marker, or an offset mapping's {@code (0, 0)}); it may sit anywhere and is
 *       never a planning token.
 *   <li>Non-empty spans come in text order: neither start nor end decreases from one non-empty
 *       token to the next, and two consecutive ones overlap by at most one whole character (the
 *       spans byte-level tokenizers report for the tokens of a split character). Gaps are
 *       allowed.
 * </ul>
 *
 * Violations fail with an {@link IllegalArgumentException} naming the token index and the values.
 * Instances are immutable and safe to share; factories copy their arrays.
 */
public final class TokenSpans {
  private final int[] starts;
  private final int[] ends;
  private final boolean sorted;

  private TokenSpans(int[] starts, int[] ends, boolean sorted) {
    this.starts = starts;
    this.ends = ends;
    this.sorted = sorted;
  }

  /**
   * Spans from offsets in the given unit (copied, converted to UTF-16, validated). A {@code null}
   * text counts as the empty text.
   *
   * @throws IllegalArgumentException if an array or the unit is null, the lengths differ, or a
   *     span breaks a rule above
   */
  public static TokenSpans of(CharSequence text, int[] starts, int[] ends, OffsetUnit unit) {
    if (unit == null) {
      throw new IllegalArgumentException("unit must not be null");
    }
    checkArrays(starts, ends);
    CharSequence t = text == null ? "" : text;
    int[] s = starts.clone();
    int[] e = ends.clone();
    if (unit == OffsetUnit.CODE_POINTS) {
      codePointsToUtf16InPlace(t, s, e);
    }
    boolean sorted = validate(t, s, e);
    return new TokenSpans(s, e, sorted);
  }

  /** Spans from UTF-16 offsets: {@code of(text, starts, ends, OffsetUnit.UTF16)}. */
  public static TokenSpans ofUtf16(CharSequence text, int[] starts, int[] ends) {
    return of(text, starts, ends, OffsetUnit.UTF16);
  }

  /** Spans from code point offsets: {@code of(text, starts, ends, OffsetUnit.CODE_POINTS)}. */
  public static TokenSpans ofCodePoints(CharSequence text, int[] starts, int[] ends) {
    return of(text, starts, ends, OffsetUnit.CODE_POINTS);
  }

  /**
   * Spans of decoded token pieces that concatenate to {@code text}; a special token that
   * contributes no text is an empty piece.
   *
   * @throws IllegalArgumentException if a piece is null, or the pieces do not concatenate to the
   *     text (naming the first differing char index, the piece and both chars)
   */
  public static TokenSpans ofPieces(CharSequence text, List<String> pieces) {
    if (pieces == null) {
      throw new IllegalArgumentException("pieces must not be null");
    }
    CharSequence t = text == null ? "" : text;
    int n = pieces.size();
    int[] s = new int[n];
    int[] e = new int[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      String piece = pieces.get(i);
      if (piece == null) {
        throw new IllegalArgumentException("pieces[" + i + "] must not be null");
      }
      s[i] = pos;
      for (int k = 0; k < piece.length(); k++, pos++) {
        if (pos >= t.length()) {
          throw new IllegalArgumentException(
              "pieces are longer than the text (length " + t.length() + "): pieces[" + i
                  + "] = " + quote(piece) + " goes past its end at char index " + pos);
        }
        if (piece.charAt(k) != t.charAt(pos)) {
          throw new IllegalArgumentException(
              "pieces differ from the text at char index " + pos + ": text has "
                  + describe(t.charAt(pos)) + ", pieces[" + i + "] = " + quote(piece) + " has "
                  + describe(piece.charAt(k)) + " at its index " + k);
        }
      }
      e[i] = pos;
    }
    if (pos != t.length()) {
      throw new IllegalArgumentException(
          "pieces are shorter than the text: they end at char index " + pos + " of "
              + t.length() + ", next text char " + describe(t.charAt(pos)));
    }
    return new TokenSpans(s, e, true);
  }

  /**
   * Spans of tokens given as UTF-8 bytes that concatenate to the UTF-8 encoding of {@code text}
   * (unpaired surrogates encode as {@code '?'}, as {@link String#getBytes} does). A token whose
   * bytes start or end inside a multi-byte character spans the whole character; an empty piece
   * is an empty span.
   *
   * @throws IllegalArgumentException if a piece is null or the bytes differ from the text's
   *     (naming the first differing byte index, its char index and the piece)
   */
  public static TokenSpans ofUtf8Pieces(CharSequence text, List<byte[]> pieces) {
    if (pieces == null) {
      throw new IllegalArgumentException("pieces must not be null");
    }
    CharSequence t = text == null ? "" : text;
    int n = pieces.size();
    int[] s = new int[n];
    int[] e = new int[n];
    byte[] charBytes = new byte[4];
    int charIndex = 0;
    int charLen = 0;
    int charByteCount = 0;
    int byteInChar = 0;
    long bytePos = 0;
    for (int i = 0; i < n; i++) {
      byte[] piece = pieces.get(i);
      if (piece == null) {
        throw new IllegalArgumentException("pieces[" + i + "] must not be null");
      }
      if (piece.length == 0) {
        s[i] = charIndex + (byteInChar > 0 ? charLen : 0);
        e[i] = s[i];
        continue;
      }
      s[i] = charIndex;
      for (int k = 0; k < piece.length; k++, bytePos++) {
        if (byteInChar == 0) {
          if (charIndex >= t.length()) {
            throw new IllegalArgumentException(
                "pieces are longer than the text's " + bytePos + " UTF-8 bytes: pieces[" + i
                    + "] (" + piece.length + " bytes) goes past the end");
          }
          charLen = 1;
          int cp = t.charAt(charIndex);
          char c = (char) cp;
          if (Character.isHighSurrogate(c)
              && charIndex + 1 < t.length()
              && Character.isLowSurrogate(t.charAt(charIndex + 1))) {
            cp = Character.toCodePoint(c, t.charAt(charIndex + 1));
            charLen = 2;
          } else if (Character.isSurrogate(c)) {
            cp = '?';
          }
          charByteCount = encode(cp, charBytes);
        }
        if (piece[k] != charBytes[byteInChar]) {
          throw new IllegalArgumentException(
              "pieces differ from the text's UTF-8 bytes at byte index " + bytePos
                  + " (char index " + charIndex + ", " + describe(t.charAt(charIndex))
                  + "): expected byte 0x" + hex(charBytes[byteInChar]) + ", pieces[" + i
                  + "] has 0x" + hex(piece[k]) + " at its index " + k);
        }
        byteInChar++;
        if (byteInChar == charByteCount) {
          byteInChar = 0;
          charIndex += charLen;
        }
      }
      e[i] = byteInChar > 0 ? charIndex + charLen : charIndex;
    }
    if (byteInChar != 0 || charIndex != t.length()) {
      throw new IllegalArgumentException(
          "pieces are shorter than the text: they end at byte index " + bytePos + ", char index "
              + charIndex + " of " + t.length());
    }
    return new TokenSpans(s, e, true);
  }

  private static int encode(int cp, byte[] out) {
    if (cp < 0x80) {
      out[0] = (byte) cp;
      return 1;
    }
    if (cp < 0x800) {
      out[0] = (byte) (0xC0 | (cp >>> 6));
      out[1] = (byte) (0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      out[0] = (byte) (0xE0 | (cp >>> 12));
      out[1] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
      out[2] = (byte) (0x80 | (cp & 0x3F));
      return 3;
    }
    out[0] = (byte) (0xF0 | (cp >>> 18));
    out[1] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
    out[2] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
    out[3] = (byte) (0x80 | (cp & 0x3F));
    return 4;
  }

  private static String hex(byte b) {
    return String.format("%02X", b & 0xFF);
  }

  private static String describe(char c) {
    return "'" + (Character.isISOControl(c) || Character.isSurrogate(c) ? "" : String.valueOf(c))
        + "' (U+" + String.format("%04X", (int) c) + ")";
  }

  private static String quote(String piece) {
    String p = piece.length() > 40 ? piece.substring(0, 40) + "..." : piece;
    return "'" + p.replace("\n", "\\n") + "'";
  }

  /** Number of tokens. */
  public int count() {
    return starts.length;
  }

  /** UTF-16 index of token {@code token}'s first char. */
  public int start(int token) {
    return starts[token];
  }

  /** UTF-16 index one past token {@code token}'s last char. */
  public int end(int token) {
    return ends[token];
  }

  /** A copy of the start indices. */
  public int[] starts() {
    return starts.clone();
  }

  /** A copy of the end indices. */
  public int[] ends() {
    return ends.clone();
  }

  /** Whether starts and ends, empty spans included, never decrease (tokens can be skipped). */
  boolean sorted() {
    return sorted;
  }

  int[] startsNoCopy() {
    return starts;
  }

  int[] endsNoCopy() {
    return ends;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSpans
        && Arrays.equals(starts, ((TokenSpans) o).starts)
        && Arrays.equals(ends, ((TokenSpans) o).ends);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ends);
  }

  @Override
  public String toString() {
    return "TokenSpans{count=" + count() + "}";
  }

  static void checkArrays(int[] starts, int[] ends) {
    if (starts == null) {
      throw new IllegalArgumentException("starts must not be null");
    }
    if (ends == null) {
      throw new IllegalArgumentException("ends must not be null");
    }
    if (starts.length != ends.length) {
      throw new IllegalArgumentException(
          "starts has length " + starts.length + " but ends has length " + ends.length);
    }
  }

  /**
   * Converts code point offsets to UTF-16 offsets in place; allocates only if the text holds
   * supplementary characters.
   *
   * @throws IllegalArgumentException naming the token if an offset is negative or past the text
   */
  static void codePointsToUtf16InPlace(CharSequence text, int[] starts, int[] ends) {
    int n = text.length();
    boolean pairs = false;
    for (int i = 0; i < n; i++) {
      if (Character.isHighSurrogate(text.charAt(i))
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        pairs = true;
        break;
      }
    }
    if (!pairs) {
      return;
    }
    int cps = Character.codePointCount(text, 0, n);
    int[] map = new int[cps + 1];
    int cp = 0;
    for (int i = 0; i < n; ) {
      map[cp++] = i;
      i += Character.charCount(Character.codePointAt(text, i));
    }
    map[cps] = n;
    for (int t = 0; t < starts.length; t++) {
      int s = starts[t];
      int e = ends[t];
      if (s < 0 || e < 0 || s > cps || e > cps) {
        throw new IllegalArgumentException(
            "token " + t + " span [" + s + ", " + e + ") in code points is outside the text's "
                + cps + " code points");
      }
      starts[t] = map[s];
      ends[t] = map[e];
    }
  }

  /**
   * Checks the rules of the class doc on UTF-16 spans; returns whether all spans, empty ones
   * included, are sorted (neither starts nor ends decrease).
   *
   * @throws IllegalArgumentException naming the token index and values of the first violation
   */
  static boolean validate(CharSequence text, int[] starts, int[] ends) {
    return plainlyValid(text.length(), starts, ends) || checkRules(text, starts, ends);
  }

  /**
   * The exact checks of {@link #validate}, rule by rule and token by token, for spans that {@link
   * #plainlyValid} did not accept: returns whether all spans, empty ones included, are sorted.
   *
   * @throws IllegalArgumentException naming the token index and values of the first violation
   */
  static boolean checkRules(CharSequence text, int[] starts, int[] ends) {
    int n = text.length();
    boolean sorted = true;
    int lastStart = 0;
    int lastEnd = 0;
    int prev = -1;
    int ps = 0;
    int pe = 0;
    for (int t = 0; t < starts.length; t++) {
      int s = starts[t];
      int e = ends[t];
      if (s < 0 || e < 0) {
        throw new IllegalArgumentException(
            "token " + t + " span [" + s + ", " + e + ") has a negative offset");
      }
      if (s > e) {
        throw new IllegalArgumentException(
            "token " + t + " span [" + s + ", " + e + ") ends before it starts");
      }
      if (e > n) {
        throw new IllegalArgumentException(
            "token " + t + " span [" + s + ", " + e + ") is past the end of the text (length "
                + n + ")");
      }
      sorted &= s >= lastStart & e >= lastEnd;
      lastStart = s;
      lastEnd = e;
      if (s == e) {
        continue;
      }
      if (prev >= 0) {
        if (s < ps || e < pe) {
          throw new IllegalArgumentException(
              "token " + t + " span [" + s + ", " + e + ") is out of order after token " + prev
                  + " span [" + ps + ", " + pe + ")");
        }
        if (s < pe && !oneCharacter(text, s, pe)) {
          throw new IllegalArgumentException(
              "token " + t + " span [" + s + ", " + e + ") overlaps token " + prev + " span ["
                  + ps + ", " + pe + ") by more than one character");
        }
      }
      prev = t;
      ps = s;
      pe = e;
    }
    return sorted;
  }

  /**
   * The common case, checked without branches: every span within {@code [0, n]}, and each one
   * starting at or after the end of the one before (so spans neither decrease nor overlap). When
   * this holds, every rule holds and the spans are sorted; when it does not, {@link #validate}
   * runs the exact checks, which name the first violation.
   */
  static boolean plainlyValid(int n, int[] starts, int[] ends) {
    int len = Math.min(starts.length, ends.length);
    boolean ok = starts.length == ends.length;
    int pe = 0;
    for (int t = 0; t < len; t++) {
      int s = starts[t];
      int e = ends[t];
      ok &= s >= pe & e >= s & e <= n;
      pe = e;
    }
    return ok;
  }

  /** Whether {@code [from, to)} is exactly one code point of {@code text}. */
  private static boolean oneCharacter(CharSequence text, int from, int to) {
    if (to - from == 1) {
      return !Character.isLowSurrogate(text.charAt(from))
          || from == 0
          || !Character.isHighSurrogate(text.charAt(from - 1));
    }
    return to - from == 2
        && Character.isHighSurrogate(text.charAt(from))
        && Character.isLowSurrogate(text.charAt(from + 1));
  }
}
