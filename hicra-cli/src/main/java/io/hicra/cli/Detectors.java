package io.hicra.cli;

import io.hicra.grams.AlignedMatch;
import io.hicra.grams.Alignment;
import io.hicra.grams.GramMatch;
import io.hicra.grams.MatchMode;
import io.hicra.grams.StrategicGramSet;
import io.hicra.grams.TokenAligner;
import io.hicra.grams.TokenSpans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds the {@link PlanningDetector} from a gram set file or the default set (hicra-grams). */
final class Detectors {
  private Detectors() {}

  /** The default gram set when {@code tsv} is null, else the TSV lexicon. */
  static StrategicGramSet gramSet(Path tsv) throws IOException {
    return tsv == null ? StrategicGramSet.defaultSet() : StrategicGramSet.load(tsv);
  }

  static PlanningDetector load(Path tsv) throws IOException {
    return of(gramSet(tsv));
  }

  /**
   * Planning tokens from all matches ({@link TokenAligner}: a token is planning iff it overlaps a
   * match); the reported grams are the non-overlapping leftmost-longest matches, so that "wait,
   * let me check" counts once, not also as "let me check".
   */
  static PlanningDetector of(StrategicGramSet set) {
    TokenAligner aligner = TokenAligner.of(set);
    return new PlanningDetector() {
      @Override
      public void detect(Rollout r) {
        TokenSpans spans = TokenSpans.ofUtf16(r.text, r.tokenStart, r.tokenEnd);
        Alignment a = aligner.align(r.text, spans, MatchMode.LEFTMOST_LONGEST);
        boolean[] planning = new boolean[r.tokens];
        for (int t = 0; t < planning.length; t++) {
          planning[t] = a.isPlanning(t);
        }
        r.planning = planning;
        List<AlignedMatch> matches = a.matches();
        Rollout.GramSpan[] out = new Rollout.GramSpan[matches.size()];
        int[] utf16 = new int[2 * out.length];
        for (int i = 0; i < out.length; i++) {
          GramMatch m = matches.get(i).match();
          utf16[2 * i] = m.start();
          utf16[2 * i + 1] = m.end();
        }
        int[] cps = new int[utf16.length];
        CodePoints.codePointOffsets(r.text, utf16, utf16.length, cps);
        for (int i = 0; i < out.length; i++) {
          GramMatch m = matches.get(i).match();
          out[i] =
              new Rollout.GramSpan(
                  m.gramId(), m.gram().phrase(), m.category().name(), cps[2 * i], cps[2 * i + 1]);
        }
        r.grams = out;
        List<GramMatch> plain = new java.util.ArrayList<>(out.length);
        for (AlignedMatch m : matches) {
          plain.add(m.match());
        }
        r.matches = plain;
      }

      @Override
      public int gramCount() {
        return set.size();
      }
    };
  }
}
