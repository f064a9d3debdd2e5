package io.hicra.cli;

import io.hicra.grams.AlignedMatch;
import io.hicra.grams.Alignment;
import io.hicra.grams.GramMatch;
import io.hicra.grams.GramMatcher;
import io.hicra.grams.MatchMode;
import io.hicra.grams.StrategicGramSet;
import io.hicra.grams.TokenAligner;
import io.hicra.grams.TokenSpans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link PlanningDetector} from a gram set file or the default set (hicra-grams). */
final class Detectors {
  private Detectors() {}

  /** The default gram set when {@code tsv} is null, else the TSV lexicon. */
  static StrategicGramSet gramSet(Path tsv) throws IOException {
    return tsv == null ? StrategicGramSet.defaultSet() : StrategicGramSet.load(tsv);
  }

  static PlanningDetector load(Path tsv) throws IOException {
    return tsv == null ? of(GramMatcher.defaultMatcher()) : of(GramMatcher.of(gramSet(tsv)));
  }

  static PlanningDetector of(StrategicGramSet set) {
    return of(GramMatcher.of(set));
  }

  /**
   * Planning tokens and reported grams from hicra-grams' {@link TokenAligner#align(CharSequence,
   * TokenSpans, MatchMode)} in {@link MatchMode#LEFTMOST_LONGEST}, which scans the text once:
   *
   * <ul>
   *   <li>a token is a planning token iff its (non-empty) span overlaps any match;
   *   <li>the reported grams are the leftmost-longest selection of those matches (hicra-grams'
   *       {@code Matches.leftmostLongest}), so that "wait, let me check" counts once and not also
   *       as "let me check".
   * </ul>
   *
   * This class only converts the result to the CLI's shapes (booleans, code point spans).
   * Token spans must satisfy hicra-grams' {@code TokenSpans} rules (the parser checks them).
   */
  static PlanningDetector of(GramMatcher matcher) {
    StrategicGramSet set = matcher.grams();
    TokenAligner aligner = TokenAligner.of(matcher);
    return new PlanningDetector() {
      @Override
      public void detect(Rollout r) {
        Alignment a = aligner.align(
            r.text, TokenSpans.ofUtf16(r.text, r.tokenStart, r.tokenEnd),
            MatchMode.LEFTMOST_LONGEST);
        r.planning = a.mask();

        List<AlignedMatch> aligned = a.matches();
        List<GramMatch> chosen = new ArrayList<>(aligned.size());
        for (AlignedMatch m : aligned) {
          chosen.add(m.match());
        }
        Rollout.GramSpan[] out = new Rollout.GramSpan[chosen.size()];
        int[] utf16 = new int[2 * out.length];
        for (int i = 0; i < out.length; i++) {
          utf16[2 * i] = chosen.get(i).start();
          utf16[2 * i + 1] = chosen.get(i).end();
        }
        int[] cps = new int[utf16.length];
        CodePoints.codePointOffsets(r.text, utf16, utf16.length, cps);
        for (int i = 0; i < out.length; i++) {
          GramMatch m = chosen.get(i);
          out[i] = new Rollout.GramSpan(
              m.gramId(), m.gram().phrase(), m.category().name(), cps[2 * i], cps[2 * i + 1]);
        }
        r.grams = out;
        r.matches = chosen;
      }

      @Override
      public int gramCount() {
        return set.size();
      }
    };
  }
}
