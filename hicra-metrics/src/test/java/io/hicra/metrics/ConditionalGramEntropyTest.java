package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.grams.GramCategory;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConditionalGramEntropyTest {
  // The batch of SemanticEntropyTest. Procedural 3-grams after each Strategic Gram:
  //   "we can use"   -> "the identity ." and "it"
  //   "let's try"    -> "x = 2", "again ." (stops at the next gram) and "harder"
  //   "consider ..." -> "n = 1";  "let me check" -> ": 1 +"
  // 7 pairs, all followers distinct.
  // import numpy as np
  // 2/7*np.log(2) + 3/7*np.log(3) = 0.6688758895891742   (H(P|S))
  // np.log(7) = 1.9459101490553132                       (H(P) = H(S,P))
  // H([3,2,1,1]) = 1.277034259466139                     (H(S))
  @Test
  void handComputed() {
    ConditionalEntropyResult r = ConditionalGramEntropy.defaults()
        .compute(SemanticEntropyTest.batch());
    assertThat(r.pairs()).isEqualTo(7);
    assertThat(r.unpaired()).isZero();
    assertThat(r.conditional()).isCloseTo(0.6688758895891742, within(1e-15));
    assertThat(r.procedural()).isCloseTo(1.9459101490553132, within(1e-15));
    assertThat(r.joint()).isCloseTo(1.9459101490553132, within(1e-15));
    assertThat(r.strategic()).isCloseTo(1.277034259466139, within(1e-15));
    assertThat(r.mutualInformation()).isCloseTo(1.9459101490553132 - 0.6688758895891742,
        within(1e-15));
    assertThat(r.perGram()).containsExactly(
        new StrategicBreakdown("let's try", 3, 3, Math.log(3)),
        new StrategicBreakdown("we can use", 2, 2, Math.log(2)),
        new StrategicBreakdown("consider the case", 1, 1, 0.0),
        new StrategicBreakdown("let me check", 1, 1, 0.0));
  }

  @Test
  void caseFoldedWordsAndShorterNgrams() {
    // "we can use X =" and "we can use x =" are one follower with n = 2
    List<String> texts = List.of("we can use X = 1", "We can use x = 2", "we can use y");
    RolloutBatch b = RolloutBatch.builder(3).texts(texts)
        .matches(Fixtures.findAll(texts, Fixtures.GRAMS)).build();
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().ngram(2).build().compute(b);
    // followers: "x =" x2, "y" x1 -> H([2,1]) = 0.6365141682948128
    assertThat(r.conditional()).isCloseTo(0.6365141682948128, within(1e-15));
    ConditionalEntropyResult bits = ConditionalGramEntropy.builder().ngram(2)
        .unit(EntropyUnit.BITS).build().compute(b);
    assertThat(bits.conditional()).isCloseTo(0.6365141682948128 / Math.log(2), within(1e-15));
    // n = 4 sees the digits: "x = 1", "x = 2", "y" -> ln 3
    assertThat(ConditionalGramEntropy.builder().ngram(4).build().compute(b).conditional())
        .isCloseTo(Math.log(3), within(1e-15));
  }

  @Test
  void unpairedOccurrences() {
    StrategicGram g = StrategicGram.of("wait", GramCategory.BACKTRACKING);
    StrategicGram h = StrategicGram.of("wait no", GramCategory.BACKTRACKING);
    String text = "wait no wait";
    // overlapping "wait"[0,4) and "wait no"[0,7): the first "wait" skips "no" (planning text);
    // nothing procedural follows any gram -> 3 unpaired; a rollout without text: 1 unpaired
    List<List<GramMatch>> ms = List.of(
        List.of(new GramMatch(0, g, 0, 4), new GramMatch(1, h, 0, 7), new GramMatch(0, g, 8, 12)),
        List.of(new GramMatch(0, g, 0, 4)));
    List<String> texts = new ArrayList<>();
    texts.add(text);
    texts.add(null);
    ConditionalEntropyResult r = ConditionalGramEntropy.defaults().compute(
        RolloutBatch.builder(2).texts(texts).matches(ms).build());
    assertThat(r.pairs()).isZero();
    assertThat(r.unpaired()).isEqualTo(4);
    assertThat(r.conditional()).isZero();
    assertThat(r.perGram()).isEmpty();
  }

  @Test
  void overlappingMatchSkipsPlanningText() {
    StrategicGram g = StrategicGram.of("wait", GramCategory.BACKTRACKING);
    StrategicGram h = StrategicGram.of("wait no", GramCategory.BACKTRACKING);
    String text = "wait no , x is 3";
    List<List<GramMatch>> ms = List.of(
        List.of(new GramMatch(1, h, 0, 7), new GramMatch(0, g, 0, 4)));
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().ngram(2).build().compute(
        RolloutBatch.builder(1).texts(List.of(text)).matches(ms).build());
    // both are followed by ", x"
    assertThat(r.pairs()).isEqualTo(2);
    assertThat(r.procedural()).isZero();
    assertThat(r.perGram()).extracting(StrategicBreakdown::distinctFollowers)
        .containsExactly(1, 1);
  }

  @Test
  void emptyAndErrors() {
    ConditionalEntropyResult r = ConditionalGramEntropy.defaults()
        .compute(RolloutBatch.builder(0).texts(List.of()).matches(List.of()).build());
    assertThat(r.conditional()).isZero();
    assertThat(r.pairs()).isZero();
    StrategicGram g = StrategicGram.of("wait", GramCategory.BACKTRACKING);
    assertThatThrownBy(() -> ConditionalGramEntropy.defaults().compute(
        RolloutBatch.builder(1).texts(List.of("wai"))
            .matches(List.of(List.of(new GramMatch(0, g, 0, 4)))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches[0][0] span [0, 4) exceeds the text's length 3");
    assertThatThrownBy(() -> ConditionalGramEntropy.builder().ngram(0))
        .hasMessageContaining("n must be > 0, got 0");
    assertThatThrownBy(() -> ConditionalGramEntropy.builder().successfulOnly(true).build()
        .compute(SemanticEntropyTest.batch())).hasMessageContaining("successfulOnly needs");
  }

  @Test
  void successfulOnly() {
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().successfulOnly(true).build()
        .compute(SemanticEntropyTest.batch(false, true, false));
    // rollout 1 only: two grams each with one follower
    assertThat(r.pairs()).isEqualTo(2);
    assertThat(r.conditional()).isZero();
    assertThat(r.procedural()).isCloseTo(Math.log(2), within(1e-15));
  }

  // ---- brute-force reference with strings ---------------------------------------------------

  static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Me}]+|\\S");

  /** H(P|S), H(P) from explicit string n-grams; S by lower-cased phrase. */
  static double[] reference(List<String> texts, List<List<GramMatch>> ms, int n) {
    Map<String, Map<String, Long>> pairs = new HashMap<>();
    Map<String, Long> followers = new HashMap<>();
    long total = 0;
    for (int r = 0; r < texts.size(); r++) {
      String text = texts.get(r);
      boolean[] planning = new boolean[text.length()];
      for (GramMatch m : ms.get(r)) {
        Arrays.fill(planning, m.start(), m.end(), true);
      }
      for (GramMatch m : ms.get(r)) {
        int limit = text.length();
        for (GramMatch o : ms.get(r)) {
          if (o.end() > o.start() && o.start() >= m.end()) {
            limit = Math.min(limit, o.start());
          }
        }
        List<String> words = new ArrayList<>();
        Matcher w = WORD.matcher(text).region(m.end(), limit);
        while (w.find() && words.size() < n) {
          boolean inPlanning = false;
          for (int i = w.start(); i < w.end(); i++) {
            inPlanning |= planning[i];
          }
          if (!inPlanning) {
            words.add(w.group().toLowerCase(Locale.ROOT));
          }
        }
        if (words.isEmpty()) {
          continue;
        }
        String p = String.join(" ", words);
        pairs.computeIfAbsent(m.gram().phrase().toLowerCase(Locale.ROOT), k -> new HashMap<>())
            .merge(p, 1L, Long::sum);
        followers.merge(p, 1L, Long::sum);
        total++;
      }
    }
    if (total == 0) {
      return new double[] {0, 0};
    }
    double cond = 0;
    for (Map<String, Long> f : pairs.values()) {
      long ns = f.values().stream().mapToLong(Long::longValue).sum();
      double hs = 0;
      for (long c : f.values()) {
        hs -= (double) c / ns * Math.log((double) c / ns);
      }
      cond += (double) ns / total * hs;
    }
    double hp = 0;
    for (long c : followers.values()) {
      hp -= (double) c / total * Math.log((double) c / total);
    }
    return new double[] {cond, hp};
  }

  static final String[] VOCAB = {"x", "y", "=", "+", "2", "3", "then", "so", ",", ".", "Now",
      "solve", "try", "use", "case", "check", "let", "we", "can", "let's", "me", "consider",
      "the"};

  static final String[] UNICODE_VOCAB = {"café", "CAFÉ", "nai\u0308ve", "NAI\u0308VE", "数学",
      "\uD83D\uDE00", "x\uD83D\uDE00y", "٣", "=", "Ωmega", "ωmega", "try", "so", "check",
      "let's", "we", "can", "use", "ß"};

  /** Non-ASCII words: combining marks, supplementary code points, case folding, CJK. */
  @Property(tries = 100)
  void unicodeTextMatchesStringReference(@ForAll @IntRange(min = 1, max = 8) int rollouts,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int n) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    for (int r = 0; r < rollouts; r++) {
      List<String> words = new ArrayList<>();
      for (int i = 0, len = random.nextInt(50); i < len; i++) {
        words.add(UNICODE_VOCAB[random.nextInt(UNICODE_VOCAB.length)]);
      }
      texts.add(String.join(" ", words));
    }
    List<StrategicGram> grams = new ArrayList<>(Fixtures.GRAMS);
    grams.add(StrategicGram.of("try", GramCategory.OTHER));
    grams.add(StrategicGram.of("so", GramCategory.DEDUCTION));
    List<List<GramMatch>> ms = Fixtures.findAll(texts, grams);
    RolloutBatch batch = RolloutBatch.builder(rollouts).texts(texts).matches(ms).build();
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().ngram(n).build().compute(batch);
    double[] ref = reference(texts, ms, n);
    assertThat(r.conditional()).isCloseTo(ref[0], within(1e-12));
    assertThat(r.procedural()).isCloseTo(ref[1], within(1e-12));
  }

  @Test
  void caseFoldingOfNonAsciiWords() {
    // "CAFÉ x" and "café x" are one follower; "nai\u0308ve" keeps its combining mark in the word
    List<String> texts = List.of("so CAFÉ x", "so café x", "so nai\u0308ve \uD83D\uDE00");
    RolloutBatch b = RolloutBatch.builder(3).texts(texts)
        .matches(Fixtures.findAll(texts, List.of(StrategicGram.of("so", GramCategory.OTHER))))
        .build();
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().ngram(2).build().compute(b);
    assertThat(r.pairs()).isEqualTo(3);
    // followers: "café x" x2, "naïve 😀" x1 -> H([2,1]) = 0.6365141682948128
    assertThat(r.procedural()).isCloseTo(0.6365141682948128, within(1e-15));
  }

  @Property(tries = 150)
  void matchesStringReferenceAndInformationInequalities(
      @ForAll @IntRange(min = 0, max = 12) int rollouts, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int n) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    for (int r = 0; r < rollouts; r++) {
      int len = random.nextInt(60);
      List<String> words = new ArrayList<>();
      for (int i = 0; i < len; i++) {
        words.add(VOCAB[random.nextInt(VOCAB.length)]);
      }
      texts.add(String.join(random.nextBoolean() ? " " : "  ", words));
    }
    List<StrategicGram> grams = new ArrayList<>(Fixtures.GRAMS);
    grams.add(StrategicGram.of("try", GramCategory.OTHER));
    grams.add(StrategicGram.of("so", GramCategory.DEDUCTION));
    grams.add(StrategicGram.of("check", GramCategory.VERIFICATION));
    List<List<GramMatch>> ms = Fixtures.findAll(texts, grams);
    if (random.nextBoolean()) {
      for (List<GramMatch> m : ms) {
        Collections.shuffle(m, new java.util.Random(seed));
      }
    }
    RolloutBatch batch = RolloutBatch.builder(rollouts).texts(texts).matches(ms).build();
    ConditionalEntropyResult r = ConditionalGramEntropy.builder().ngram(n).build().compute(batch);
    double[] ref = reference(texts, ms, n);
    assertThat(r.conditional()).isCloseTo(ref[0], within(1e-12));
    assertThat(r.procedural()).isCloseTo(ref[1], within(1e-12));
    assertThat(r.conditional()).isGreaterThanOrEqualTo(0.0);
    assertThat(r.conditional()).isLessThanOrEqualTo(r.procedural() + 1e-12);
    assertThat(r.joint()).isCloseTo(r.strategic() + r.conditional(), within(1e-12));
    assertThat(r.joint()).isLessThanOrEqualTo(r.strategic() + r.procedural() + 1e-12);
    long matchCount = ms.stream().mapToLong(List::size).sum();
    assertThat(r.pairs() + r.unpaired()).isEqualTo(matchCount);
    double sum = 0;
    for (StrategicBreakdown b : r.perGram()) {
      assertThat(b.entropy()).isBetween(0.0, Math.log(b.distinctFollowers()) + 1e-12);
      sum += (double) b.pairs() / r.pairs() * b.entropy();
    }
    assertThat(sum).isCloseTo(r.conditional(), within(1e-12));
  }
}
