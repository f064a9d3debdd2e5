package io.hicra.metrics;

import io.hicra.grams.GramCategory;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small gram sets and a naive, independent matcher for tests. */
final class Fixtures {
  private Fixtures() {}

  static final List<StrategicGram> GRAMS = List.of(
      StrategicGram.of("let's try", GramCategory.BACKTRACKING),
      StrategicGram.of("we can use", GramCategory.DEDUCTION),
      StrategicGram.of("consider the case", GramCategory.BRANCHING),
      StrategicGram.of("let me check", GramCategory.VERIFICATION));

  /**
   * Every case-insensitive occurrence of every gram at word boundaries (ASCII letters/digits),
   * sorted by start then gram id; overlapping occurrences are all reported.
   */
  static List<GramMatch> find(String text, List<StrategicGram> grams) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<GramMatch> out = new ArrayList<>();
    for (int start = 0; start < text.length(); start++) {
      for (int id = 0; id < grams.size(); id++) {
        String p = grams.get(id).phrase().toLowerCase(Locale.ROOT);
        int end = start + p.length();
        if (lower.startsWith(p, start) && boundary(lower, start) && boundary(lower, end)) {
          out.add(new GramMatch(id, grams.get(id), start, end));
        }
      }
    }
    return out;
  }

  private static boolean boundary(String s, int i) {
    if (i <= 0 || i >= s.length()) {
      return true;
    }
    return !(Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i)));
  }

  static List<List<GramMatch>> findAll(List<String> texts, List<StrategicGram> grams) {
    List<List<GramMatch>> out = new ArrayList<>();
    for (String t : texts) {
      out.add(find(t, grams));
    }
    return out;
  }
}
