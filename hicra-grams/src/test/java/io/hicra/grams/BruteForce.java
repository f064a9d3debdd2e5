package io.hicra.grams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Naive reference implementations: normalise the whole text with a position map, look for every
 * phrase with {@code indexOf}, and check word boundaries by code point. Written independently of
 * the automaton so the two can be compared.
 */
final class BruteForce {
  private BruteForce() {}

  /** A match as {gramId, start, end}. */
  static List<int[]> all(StrategicGramSet set, String text) {
    StringBuilder norm = new StringBuilder();
    List<Integer> map = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(i + 1));
        int f = Character.toLowerCase(Character.toUpperCase(cp));
        if (Character.charCount(f) != 2) {
          f = cp;
        }
        norm.append(Character.highSurrogate(f)).append(Character.lowSurrogate(f));
        map.add(i);
        map.add(i + 1);
        i++;
        continue;
      }
      if (isSpace(c)) {
        if (i > 0 && isSpace(text.charAt(i - 1))) {
          continue;
        }
        norm.append(' ');
      } else {
        norm.append(foldQuotes(Character.toLowerCase(Character.toUpperCase(c))));
      }
      map.add(i);
    }
    String n = norm.toString();
    List<int[]> out = new ArrayList<>();
    for (int g = 0; g < set.size(); g++) {
      String key = set.normalizedPhrase(g);
      for (int at = n.indexOf(key); at >= 0; at = n.indexOf(key, at + 1)) {
        int start = map.get(at);
        int end = map.get(at + key.length() - 1) + 1;
        if (boundary(text, start) && boundary(text, end)) {
          out.add(new int[] {g, start, end});
        }
      }
    }
    out.sort(ORDER);
    return out;
  }

  /** Greedy leftmost-longest selection from {@link #all}. */
  static List<int[]> longest(StrategicGramSet set, String text) {
    List<int[]> all = all(set, text);
    all.sort(Comparator.<int[]>comparingInt(m -> m[1]).thenComparingInt(m -> -m[2]));
    List<int[]> out = new ArrayList<>();
    int last = 0;
    for (int[] m : all) {
      if (m[1] >= last) {
        out.add(m);
        last = m[2];
      }
    }
    return out;
  }

  /** Per token: does its non-empty span overlap any match of {@link #all}? */
  static boolean[] planning(StrategicGramSet set, String text, int[] starts, int[] ends) {
    List<int[]> all = all(set, text);
    boolean[] out = new boolean[starts.length];
    for (int t = 0; t < starts.length; t++) {
      for (int[] m : all) {
        if (starts[t] < ends[t] && starts[t] < m[2] && m[1] < ends[t]) {
          out[t] = true;
        }
      }
    }
    return out;
  }

  static final Comparator<int[]> ORDER =
      Comparator.<int[]>comparingInt(m -> m[1])
          .thenComparingInt(m -> m[2])
          .thenComparingInt(m -> m[0]);

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  static char foldQuotes(char c) {
    switch (c) {
      case '\u2019':
      case '\u2018':
      case '\u201B':
      case '\u02BC':
      case '\u2032':
      case '\uFF07':
        return '\'';
      case '\u201D':
      case '\u201C':
      case '\u201E':
      case '\u201F':
      case '\u2033':
      case '\uFF02':
        return '"';
      default:
        return c;
    }
  }

  static boolean word(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK
        || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  static boolean boundary(String text, int i) {
    if (i <= 0 || i >= text.length()) {
      return true;
    }
    int before = text.codePointBefore(i);
    int at = text.codePointAt(i);
    return !(word(before) && word(at));
  }

  static List<int[]> asTriples(List<GramMatch> matches) {
    List<int[]> out = new ArrayList<>();
    for (GramMatch m : matches) {
      out.add(new int[] {m.gramId(), m.start(), m.end()});
    }
    return out;
  }
}
