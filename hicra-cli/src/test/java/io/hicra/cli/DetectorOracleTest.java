package io.hicra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hicra.grams.AlignedMatch;
import io.hicra.grams.Alignment;
import io.hicra.grams.GramCategory;
import io.hicra.grams.MatchMode;
import io.hicra.grams.StrategicGramSet;
import io.hicra.grams.TokenAligner;
import io.hicra.grams.TokenSpans;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The CLI's one-scan detector against hicra-grams' {@link TokenAligner} (two scans) as the
 * oracle: same planning tokens, same leftmost-longest matches, on every rollout of the sample log
 * and on seeded random texts built from overlapping and nested grams, with empty tokens.
 */
class DetectorOracleTest {
  static void check(PlanningDetector d, TokenAligner aligner, Rollout r) {
    d.detect(r);
    Alignment a = aligner.align(r.text, TokenSpans.ofUtf16(r.text, r.tokenStart, r.tokenEnd),
        MatchMode.LEFTMOST_LONGEST);
    assertThat(r.planning.size()).isEqualTo(r.tokens);
    for (int t = 0; t < r.tokens; t++) {
      assertThat(r.planning.get(t)).as("token %d of %s", t, r.text).isEqualTo(a.isPlanning(t));
    }
    List<AlignedMatch> want = a.matches();
    assertThat(r.matches).hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(r.matches.get(i)).isEqualTo(want.get(i).match());
      assertThat(r.grams[i].start()).isEqualTo(r.text.codePointCount(0, want.get(i).match().start()));
      assertThat(r.grams[i].end()).isEqualTo(r.text.codePointCount(0, want.get(i).match().end()));
      assertThat(r.grams[i].phrase()).isEqualTo(want.get(i).gram().phrase());
    }
  }

  @Test
  void sameAsTheAlignerOnTheSampleLog() throws Exception {
    StrategicGramSet set = StrategicGramSet.defaultSet();
    PlanningDetector d = Detectors.of(set);
    TokenAligner aligner = TokenAligner.of(set);
    String[] lines;
    try (InputStream in = new GZIPInputStream(
        DetectorOracleTest.class.getResourceAsStream(AnalyzeCommand.SAMPLE_RESOURCE))) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
    }
    RolloutParser p = new RolloutParser();
    int planning = 0;
    for (int i = 0; i < lines.length; i++) {
      byte[] b = lines[i].getBytes(StandardCharsets.UTF_8);
      Rollout r = p.parse(b, 0, b.length, i + 1);
      check(d, aligner, r);
      for (int t = 0; t < r.tokens; t++) {
        planning += r.planning.get(t) ? 1 : 0;
      }
    }
    assertThat(planning).isPositive();
  }

  @Test
  void sameAsTheAlignerOnRandomOverlappingGrams() {
    StrategicGramSet set = StrategicGramSet.builder()
        .add("let me check", GramCategory.VERIFICATION)
        .add("wait, let me check", GramCategory.VERIFICATION)
        .add("me check again", GramCategory.VERIFICATION)
        .add("check", GramCategory.OTHER)
        .add("a b", GramCategory.OTHER)
        .add("b c", GramCategory.OTHER)
        .add("a b c d", GramCategory.OTHER)
        .build();
    PlanningDetector d = Detectors.of(set);
    TokenAligner aligner = TokenAligner.of(set);
    String[] words = {"wait,", "let", "me", "check", "again", "a", "b", "c", "d", "x", "Let", "CHECK", "é😀"};
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 3000; trial++) {
      StringBuilder text = new StringBuilder();
      int n = 1 + random.nextInt(14);
      for (int i = 0; i < n; i++) {
        text.append(i == 0 ? "" : random.nextInt(5) == 0 ? "  " : " ").append(words[random.nextInt(words.length)]);
      }
      String s = text.toString();
      // Random cuts into tokens, with an empty token now and then.
      List<int[]> spans = new ArrayList<>();
      int at = 0;
      while (at < s.length()) {
        int len = 1 + random.nextInt(Math.min(6, s.length() - at));
        if (at + len < s.length() && Character.isLowSurrogate(s.charAt(at + len))) {
          len++;
        }
        spans.add(new int[] {at, at + len});
        if (random.nextInt(6) == 0) {
          spans.add(new int[] {at + len, at + len});
        }
        at += len;
      }
      Rollout r = new Rollout();
      r.text = s;
      r.tokens = spans.size();
      r.tokenStart = spans.stream().mapToInt(x -> x[0]).toArray();
      r.tokenEnd = spans.stream().mapToInt(x -> x[1]).toArray();
      check(d, aligner, r);
    }
  }
}
