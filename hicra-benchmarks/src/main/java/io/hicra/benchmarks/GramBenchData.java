package io.hicra.benchmarks;

import io.hicra.core.BatchLayout;
import io.hicra.grams.GramCategory;
import io.hicra.grams.StrategicGram;
import io.hicra.grams.StrategicGramSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Shared inputs of the Strategic Gram benchmarks: a generated reasoning-like corpus split into
 * rollouts, GPT-style token spans for it, the default lexicon and a 5,000-phrase lexicon.
 * Everything is seeded, so every run and every benchmark sees the same bytes.
 */
final class GramBenchData {
  private static final String[] OPENERS = {
    "let", "we", "so", "now", "then", "first", "next", "here", "thus", "note", "wait", "but",
    "and", "hence", "maybe", "perhaps"
  };
  private static final String[] VERBS = {
    "check", "compute", "consider", "use", "apply", "try", "verify", "expand", "factor", "count",
    "solve", "compare", "bound", "rewrite", "substitute", "prove", "show", "find", "test", "split"
  };
  private static final String[] DETS = {"the", "this", "that", "each", "every", "both", "all", "some", "our"};
  private static final String[] NOUNS = {
    "sum", "product", "equation", "case", "term", "bound", "root", "roots", "triangle", "angle",
    "side", "area", "value", "values", "parity", "remainder", "sequence", "pattern", "identity",
    "inequality", "function", "graph", "coefficient", "digits", "factor", "limit", "expression",
    "condition", "constraint", "answer"
  };
  private static final String[] TAILS = {"again", "first", "carefully", "directly", "instead", "here", "now", "twice"};

  final String[] rollouts;
  final int[][] starts;
  final int[][] ends;
  final BatchLayout layout;
  final long chars;
  final long tokens;
  final StrategicGramSet lexicon;
  final List<String> phrases;

  GramBenchData(int megabytes, boolean large) {
    StrategicGramSet base = StrategicGramSet.defaultSet();
    lexicon = large ? largeLexicon(base, 5_000) : base;
    phrases = new ArrayList<>();
    for (StrategicGram g : lexicon) {
      phrases.add(g.phrase());
    }
    List<String> texts = corpus(base, megabytes * 1_000_000L, 16_000);
    rollouts = texts.toArray(new String[0]);
    starts = new int[rollouts.length][];
    ends = new int[rollouts.length][];
    int[] lengths = new int[rollouts.length];
    long c = 0;
    long t = 0;
    for (int r = 0; r < rollouts.length; r++) {
      int[][] spans = tokenize(rollouts[r]);
      starts[r] = spans[0];
      ends[r] = spans[1];
      lengths[r] = spans[0].length;
      c += rollouts[r].length();
      t += spans[0].length;
    }
    layout = BatchLayout.ofLengths(lengths);
    chars = c;
    tokens = t;
  }

  /** The default lexicon plus generated 2-6 word reasoning phrases, {@code size} in all. */
  static StrategicGramSet largeLexicon(StrategicGramSet base, int size) {
    StrategicGramSet.Builder b = StrategicGramSet.builder().addAll(base);
    SplittableRandom r = new SplittableRandom(5000);
    Set<String> made = new LinkedHashSet<>();
    while (b.size() < size) {
      StringBuilder p = new StringBuilder();
      int shape = r.nextInt(4);
      if (shape != 3) {
        p.append(pick(r, OPENERS)).append(' ');
      }
      p.append(pick(r, VERBS));
      if (shape != 1) {
        p.append(' ').append(pick(r, DETS));
      }
      p.append(' ').append(pick(r, NOUNS));
      if (shape == 2) {
        p.append(' ').append(pick(r, TAILS));
      }
      String phrase = p.toString();
      if (made.add(phrase)) {
        b.add(phrase, GramCategory.OTHER);
      }
    }
    return b.build();
  }

  private static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  /** Reasoning-like text: about 40% of sentences carry a strategic phrase. */
  static List<String> corpus(StrategicGramSet lexicon, long totalChars, int rolloutChars) {
    SplittableRandom r = new SplittableRandom(42);
    List<String> out = new ArrayList<>();
    long total = 0;
    StringBuilder sb = new StringBuilder(rolloutChars + 512);
    while (total < totalChars) {
      sb.setLength(0);
      while (sb.length() < rolloutChars) {
        sentence(r, lexicon, sb);
        int k = r.nextInt(10);
        sb.append(k == 0 ? "\n\n" : k == 1 ? "\n" : k == 2 ? "  " : " ");
      }
      out.add(sb.toString());
      total += sb.length();
    }
    return out;
  }

  private static void sentence(SplittableRandom r, StrategicGramSet lexicon, StringBuilder sb) {
    int kind = r.nextInt(10);
    int start = sb.length();
    if (kind < 3) {
      sb.append(lexicon.get(r.nextInt(lexicon.size())).phrase()).append(' ');
      execution(r, sb);
    } else if (kind < 4) {
      execution(r, sb);
      sb.append(", ").append(lexicon.get(r.nextInt(lexicon.size())).phrase()).append(' ');
      sb.append(pick(r, NOUNS));
    } else if (kind < 6) {
      sb.append(pick(r, OPENERS)).append(' ').append(pick(r, VERBS)).append(' ');
      sb.append(pick(r, DETS)).append(' ').append(pick(r, NOUNS)).append(' ');
      execution(r, sb);
    } else {
      execution(r, sb);
    }
    sb.append(r.nextInt(8) == 0 ? ":" : ".");
    if (r.nextInt(3) > 0) {
      sb.setCharAt(start, Character.toUpperCase(sb.charAt(start)));
    }
  }

  private static void execution(SplittableRandom r, StringBuilder sb) {
    int a = r.nextInt(100);
    int b = r.nextInt(100);
    switch (r.nextInt(6)) {
      case 0:
        sb.append("we get ").append(a).append(" + ").append(b).append(" = ").append(a + b);
        break;
      case 1:
        sb.append("$x^2 + ").append(a).append("x - ").append(b).append(" = 0$ gives two roots");
        break;
      case 2:
        sb.append("the ").append(pick(r, NOUNS)).append(" of the ").append(pick(r, NOUNS))
            .append(" is ").append(a * b);
        break;
      case 3:
        sb.append("\\frac{").append(a).append("}{").append(b + 1).append("} \\cdot \\sqrt{")
            .append(a + b).append("} \u2248 ").append(String.format(Locale.ROOT, "%.3f", a / (b + 1.0)));
        break;
      case 4:
        sb.append("multiplying both sides by ").append(a).append(" and subtracting ").append(b);
        break;
      default:
        sb.append("the area of the triangle is ").append(a).append("\u00B7").append(b).append("/2");
    }
  }

  /**
   * GPT-style pieces: a leading space joins the word after it, letters in chunks of at most 6,
   * digits in chunks of at most 3, every other char alone, newline runs together.
   */
  static int[][] tokenize(String text) {
    int n = text.length();
    int[] s = new int[n];
    int[] e = new int[n];
    int k = 0;
    int i = 0;
    while (i < n) {
      int start = i;
      char c = text.charAt(i);
      if (c == ' ' && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
        i++;
        c = text.charAt(i);
      }
      if (Character.isLetter(c)) {
        int lim = Math.min(n, i + 6);
        while (i < lim && Character.isLetter(text.charAt(i))) {
          i++;
        }
      } else if (Character.isDigit(c)) {
        int lim = Math.min(n, i + 3);
        while (i < lim && Character.isDigit(text.charAt(i))) {
          i++;
        }
      } else if (c == '\n') {
        while (i < n && text.charAt(i) == '\n') {
          i++;
        }
      } else {
        i++;
      }
      s[k] = start;
      e[k] = i;
      k++;
    }
    return new int[][] {java.util.Arrays.copyOf(s, k), java.util.Arrays.copyOf(e, k)};
  }
}
