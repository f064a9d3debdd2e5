package io.hicra.grams;

/**
 * The normalisation under which phrases and texts are compared, and the word-boundary rule.
 *
 * <p>Normalisation maps each UTF-16 {@code char} of a text to one {@code char}, so that positions
 * in the normalised form map back to the original one to one (whitespace runs aside, see below):
 *
 * <ul>
 *   <li><b>Case folding</b>, locale-independent: {@code toLowerCase(toUpperCase(c))} per char of
 *       the Basic Multilingual Plane, per code point for supplementary characters (a surrogate
 *       pair folds to a surrogate pair), so 'İ', 'ſ' and the Kelvin sign fold like "i", "s" and
 *       "k". Characters whose folding would change length ('ß' to "ss") are kept.
 *   <li><b>Quotes</b>: ’ ‘ ‛ ʼ ′ ＇ become {@code '} and ” “ „ ‟ ″ ＂ become {@code "}.
 *   <li><b>Whitespace</b>: every whitespace or space-separator char (tabs, newlines, no-break
 *       spaces, ideographic space) becomes one ASCII space, and a run of them counts as one.
 * </ul>
 *
 * <p>A <b>word char</b> is a letter, a digit or a combining mark (so an accent written as a
 * separate combining char does not end a word). A match must start and end on a word boundary:
 * the chars on either side of each of its ends must not both be word chars.
 *
 * <p>All methods are static, allocation-free except {@link #normalize}, and thread-safe.
 * Unpaired surrogates are left as they are and are not word chars.
 */
public final class TextNormalizer {
  private static final char[] FOLD = new char[1 << 16];
  private static final boolean[] WORD = new boolean[1 << 16];
  private static final boolean[] SPACE = new boolean[1 << 16];

  static {
    for (int c = 0; c < (1 << 16); c++) {
      char ch = (char) c;
      if (Character.isSurrogate(ch)) {
        FOLD[c] = ch;
        continue;
      }
      if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
        SPACE[c] = true;
        FOLD[c] = ' ';
        continue;
      }
      FOLD[c] = Character.toLowerCase(Character.toUpperCase(ch));
      WORD[c] = computeWord(c);
    }
    for (char q : new char[] {'\u2019', '\u2018', '\u201B', '\u02BC', '\u2032', '\uFF07'}) {
      FOLD[q] = '\'';
    }
    for (char q : new char[] {'\u201D', '\u201C', '\u201E', '\u201F', '\u2033', '\uFF02'}) {
      FOLD[q] = '"';
    }
  }

  private TextNormalizer() {}

  private static boolean computeWord(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * The folded form of one char: case-folded, quotes made ASCII, whitespace made {@code ' '}.
   * Surrogates are returned unchanged; fold them as a pair with {@link #foldCodePoint}.
   */
  public static char fold(char c) {
    return FOLD[c];
  }

  /** The folded form of a code point; supplementary code points stay supplementary. */
  public static int foldCodePoint(int codePoint) {
    if (codePoint < (1 << 16)) {
      return FOLD[codePoint];
    }
    int folded = Character.toLowerCase(Character.toUpperCase(codePoint));
    return Character.charCount(folded) == 2 ? folded : codePoint;
  }

  /** Whether {@code c} is whitespace or a space separator (a run of them matches one space). */
  public static boolean isSpace(char c) {
    return SPACE[c];
  }

  /** Whether the BMP char {@code c} is a word char (letter, digit, combining mark). */
  public static boolean isWordChar(char c) {
    return WORD[c];
  }

  /** Whether the code point is a word char (letter, digit, combining mark). */
  public static boolean isWordCodePoint(int codePoint) {
    return codePoint < (1 << 16) ? WORD[codePoint] : computeWord(codePoint);
  }

  /**
   * Whether position {@code index} of {@code text} (between chars {@code index - 1} and {@code
   * index}) is a word boundary: the text's ends always are; elsewhere, not both neighbours may be
   * word chars. Surrogate pairs are judged as the code point they encode.
   */
  public static boolean isBoundary(CharSequence text, int index) {
    if (index <= 0 || index >= text.length()) {
      return true;
    }
    return !(wordBefore(text, index) && wordAt(text, index));
  }

  static boolean wordAt(CharSequence text, int index) {
    char c = text.charAt(index);
    if (!Character.isSurrogate(c)) {
      return WORD[c];
    }
    if (Character.isHighSurrogate(c) && index + 1 < text.length()) {
      char d = text.charAt(index + 1);
      if (Character.isLowSurrogate(d)) {
        return computeWord(Character.toCodePoint(c, d));
      }
    }
    return false;
  }

  static boolean wordBefore(CharSequence text, int index) {
    char c = text.charAt(index - 1);
    if (!Character.isSurrogate(c)) {
      return WORD[c];
    }
    if (Character.isLowSurrogate(c) && index >= 2) {
      char h = text.charAt(index - 2);
      if (Character.isHighSurrogate(h)) {
        return computeWord(Character.toCodePoint(h, c));
      }
    }
    return false;
  }

  /**
   * The normalised form of a phrase or text: folded char by char, each whitespace run replaced by
   * one space, and trimmed. Two phrases with the same normalised form are the same gram.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public static String normalize(CharSequence text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.appendCodePoint(foldCodePoint(Character.toCodePoint(c, text.charAt(i + 1))));
        i++;
        continue;
      }
      char f = FOLD[c];
      if (f == ' ' && SPACE[c]) {
        if (out.length() == 0 || out.charAt(out.length() - 1) == ' ') {
          continue;
        }
      }
      out.append(f);
    }
    int len = out.length();
    if (len > 0 && out.charAt(len - 1) == ' ') {
      out.setLength(len - 1);
    }
    return out.toString();
  }

  /** Whether {@code text} contains at least one letter or digit (a phrase must). */
  public static boolean hasLetterOrDigit(CharSequence text) {
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = Character.codePointAt(text, i);
      if (Character.isLetterOrDigit(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}
