package io.hicra.grams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GramMinerTest {
  private static final String[] VOCAB = {
    "let", "me", "check", "so", "we", "can", "wait", "the", "problem", "says", "try", "again",
    "don't", "double-check", "naïve", "x", "is", "odd"
  };
  private static final String[] SEGMENT_BREAKS = {". ", "\n", " 42 ", "; ", " (", ") ", "? ", " $2+3$ "};

  /** A generated document: its text and the n-grams it holds, from its structure. */
  record Doc(String text, Set<String> ngrams) {}

  static Doc doc(Random r, int minN, int maxN, double skew) {
    StringBuilder text = new StringBuilder();
    Set<String> grams = new HashSet<>();
    int segments = 1 + r.nextInt(4);
    for (int s = 0; s < segments; s++) {
      if (s > 0) {
        text.append(SEGMENT_BREAKS[r.nextInt(SEGMENT_BREAKS.length)]);
      }
      int len = 1 + r.nextInt(8);
      List<String> words = new ArrayList<>();
      for (int w = 0; w < len; w++) {
        int idx = (int) Math.min(VOCAB.length - 1, Math.floor(Math.pow(r.nextDouble(), skew) * VOCAB.length));
        String word = VOCAB[idx];
        boolean comma = w + 1 < len && r.nextInt(6) == 0;
        String shown = r.nextInt(5) == 0 ? word.toUpperCase(java.util.Locale.ROOT) : word;
        if (w > 0) {
          text.append(r.nextInt(7) == 0 ? "  " : " ");
        }
        text.append(shown);
        if (comma) {
          text.append(',');
        }
        words.add(comma ? word + "," : word);
      }
      for (int i = 0; i < words.size(); i++) {
        for (int n = minN; n <= maxN && i + n <= words.size(); n++) {
          grams.add(String.join(" ", words.subList(i, i + n)));
        }
      }
    }
    return new Doc(text.toString(), grams);
  }

  @Property(tries = 60)
  void exactDocumentFrequenciesWithoutPruning(
      @ForAll @IntRange(min = 1, max = 3) int minN,
      @ForAll @IntRange(min = 0, max = 2) int extra,
      @ForAll long seed) {
    int maxN = minN + extra;
    Random r = new Random(seed);
    GramMiner miner = GramMiner.builder().ngramRange(minN, maxN).build();
    NgramCounter counter = miner.newCounter();
    Map<String, Integer> truth = new HashMap<>();
    for (int d = 0; d < 40; d++) {
      Doc doc = doc(r, minN, maxN, 1.0);
      counter.accept(doc.text());
      doc.ngrams().forEach(g -> truth.merge(g, 1, Integer::sum));
    }
    assertThat(counter.undercountBound()).isZero();
    assertThat(counter.tracked()).isEqualTo(truth.size());
    Map<String, Integer> counted = new HashMap<>();
    counter.forEach((phrase, count, delta) -> counted.put(phrase, count));
    assertThat(counted).isEqualTo(truth);
    for (Map.Entry<String, Integer> e : truth.entrySet()) {
      assertThat(counter.documentFrequency(e.getKey())).isEqualTo(e.getValue().longValue());
    }
  }

  @Property(tries = 30)
  void prunedCountsStayWithinTheBound(@ForAll long seed) {
    Random r = new Random(seed);
    GramMiner miner = GramMiner.builder().ngramRange(2, 3).maxTrackedNgrams(40).build();
    NgramCounter a = miner.newCounter();
    NgramCounter b = miner.newCounter();
    Map<String, Integer> truth = new HashMap<>();
    for (int d = 0; d < 300; d++) {
      Doc doc = doc(r, 2, 3, 2.5);
      (d % 3 == 0 ? b : a).accept(doc.text());
      doc.ngrams().forEach(g -> truth.merge(g, 1, Integer::sum));
      assertThat(a.tracked()).isLessThanOrEqualTo(40);
    }
    a.merge(b);
    assertThat(a.documents()).isEqualTo(300);
    assertThat(a.tracked()).isLessThanOrEqualTo(40);
    long bound = a.undercountBound();
    assertThat(bound).isPositive();
    Set<String> tracked = new HashSet<>();
    a.forEach(
        (phrase, count, delta) -> {
          tracked.add(phrase);
          int t = truth.get(phrase);
          assertThat(count).as(phrase).isLessThanOrEqualTo(t);
          assertThat((long) count + delta).as(phrase).isGreaterThanOrEqualTo(t);
          assertThat((long) delta).isLessThanOrEqualTo(bound);
        });
    // Whatever was lost is no more frequent than the bound.
    truth.forEach((g, t) -> {
      if (!tracked.contains(g)) {
        assertThat((long) t).as(g).isLessThanOrEqualTo(bound);
      }
    });
  }

  @Test
  void mergeOfPartitionsEqualsOneCounter() {
    GramMiner miner = GramMiner.builder().build();
    NgramCounter all = miner.newCounter();
    NgramCounter p1 = miner.newCounter();
    NgramCounter p2 = miner.newCounter();
    List<Traces.Trace> traces = Traces.all();
    for (int i = 0; i < traces.size(); i++) {
      all.accept(traces.get(i).text());
      (i % 2 == 0 ? p1 : p2).accept(traces.get(i).text());
    }
    p1.merge(p2);
    Map<String, Integer> x = new HashMap<>();
    Map<String, Integer> y = new HashMap<>();
    all.forEach((p, c, d) -> x.put(p, c));
    p1.forEach((p, c, d) -> y.put(p, c));
    assertThat(y).isEqualTo(x);
    // t01 "Let me check:", t03 "Wait, let me check", t38 "Wait,   let me check", t53
    // "Wait—let me check".
    assertThat(all.documentFrequency("Let me check")).isEqualTo(4);
    assertThatThrownBy(() -> p1.merge(GramMiner.builder().ngramRange(1, 2).build().newCounter()))
        .hasMessageContaining("1..2-grams but this counts 2..5");
    assertThatThrownBy(() -> p1.merge(p1)).hasMessageContaining("itself");
  }

  @Test
  void wordSplittingRules() {
    GramMiner miner = GramMiner.builder().ngramRange(2, 2).minDocuments(1).build();
    NgramCounter c = miner.newCounter();
    c.accept("Wait, let's double-check x2 here. New sentence\nnext line ($a$) paren");
    Set<String> got = new HashSet<>();
    c.forEach((p, n, d) -> got.add(p));
    // "x2" holds a digit and breaks the segment; ".", "\n", "(", "$" break segments too.
    assertThat(got).containsExactlyInAnyOrder(
        "wait, let's", "let's double-check", "new sentence", "next line");
  }

  @Test
  void charTrigramCosineByHand() {
    PhraseSimilarity sim = PhraseSimilarity.charTrigramCosine();
    assertThat(sim.similarity("let me check", "let me check")).isCloseTo(1.0, within(1e-12));
    assertThat(sim.similarity("ab", "cd")).isZero();
    // " ab " -> {" ab", "ab "}; " abc " -> {" ab", "abc", "bc "}: one shared, 1/sqrt(2*3).
    assertThat(sim.similarity("ab", "abc")).isCloseTo(1 / Math.sqrt(6), within(1e-12));
    // " aaaa " -> {" aa":1, "aaa":2, "aa ":1}; " aa " -> {" aa", "aa "}: (1+1)/sqrt(6*2).
    assertThat(sim.similarity("aaaa", "aa")).isCloseTo(2 / Math.sqrt(12), within(1e-12));
    PhraseSimilarity emb =
        PhraseSimilarity.ofEmbeddings(s -> s.startsWith("a") ? new float[] {1, 0} : new float[] {1, 1});
    assertThat(emb.similarity("ax", "bx")).isCloseTo(1 / Math.sqrt(2), within(1e-6));
  }

  /** Solutions as a model might write them: strategic phrases around varying execution. */
  static List<String> solutions(int count, long seed) {
    String[] openers = {
      "Let me check the parity of n.", "We can use the fact that the sum is even.",
      "Wait, let me check the last step.", "Consider the case where n is odd.",
      "Let's try a different approach here.", "So the answer is clear."
    };
    String[] bodies = {
      "Adding the two equations gives a value.", "The product of the roots equals the constant.",
      "Each term appears twice in the sum.", "The area equals half the base times the height."
    };
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder sb = new StringBuilder();
      sb.append(openers[r.nextInt(openers.length)]).append(' ');
      sb.append(bodies[r.nextInt(bodies.length)]).append(' ');
      sb.append("Value ").append(r.nextInt(1000)).append(" word").append(r.nextInt(50)).append(". ");
      sb.append("Then ").append(letters(r)).append(" follows from ").append(letters(r)).append(". ");
      sb.append(openers[r.nextInt(openers.length)]);
      out.add(sb.toString());
    }
    return out;
  }

  private static String letters(Random r) {
    char[] c = new char[3 + r.nextInt(4)];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) ('a' + r.nextInt(26));
    }
    return new String(c);
  }

  @Test
  void minesStrategicGramsAndRejectsExecution() {
    List<String> docs = solutions(400, 7);
    MiningResult result =
        GramMiner.builder().minDocuments(20).documentFraction(0, 0.9).build().mine(docs);
    assertThat(result.documents()).isEqualTo(400);
    assertThat(result.undercountBound()).isZero();
    StrategicGramSet grams = result.grams();
    assertThat(grams.contains("let me check")).isTrue();
    assertThat(grams.contains("wait, let me check")).isTrue();
    assertThat(grams.contains("we can use the fact")).isTrue();
    assertThat(grams.get(grams.indexOf("consider the case where")).category())
        .isEqualTo(GramCategory.BRANCHING);
    // Execution n-grams are frequent candidates but no seed phrase is in them.
    assertThat(result.candidates()).anyMatch(c -> c.phrase().equals("the product of the roots"));
    assertThat(grams.contains("the product of the roots")).isFalse();
    // Ranked by document frequency, within the band.
    List<GramCandidate> cs = result.candidates();
    for (int i = 0; i < cs.size(); i++) {
      assertThat(cs.get(i).rank()).isEqualTo(i);
      assertThat(cs.get(i).documentFrequency()).isBetween(20L, 360L);
      if (i > 0) {
        assertThat(cs.get(i).documentFrequency()).isLessThanOrEqualTo(cs.get(i - 1).documentFrequency());
      }
    }
    // Near-duplicates share a cluster led by a higher-ranked phrase.
    GramCandidate shorter = find(cs, "let me check the");
    GramCandidate longer = find(cs, "wait, let me check the");
    assertThat(shorter.cluster()).isEqualTo(longer.cluster());
    assertThat(result.clusterCount()).isLessThan(cs.size());
    assertThat(cs.stream().filter(GramCandidate::isClusterLeader).count())
        .isEqualTo(result.clusterCount());
  }

  @Test
  void pluggableSimilarityAndAnnotator() {
    List<String> docs = solutions(200, 3);
    List<String> seen = new ArrayList<>();
    MiningResult result =
        GramMiner.builder()
            .minDocuments(10)
            .clustering((a, b) -> a.split(" ")[0].equals(b.split(" ")[0]) ? 1 : 0, 0.5)
            .annotator(c -> {
              seen.add(c.clusterLeader());
              return c.phrase().startsWith("wait") ? GramCategory.OTHER : null;
            })
            .build()
            .mine(docs);
    assertThat(seen).hasSize(result.candidates().size());
    assertThat(result.grams()).allMatch(g -> g.phrase().startsWith("wait"));
    assertThat(result.grams()).allMatch(g -> g.category() == GramCategory.OTHER);
    // One cluster per first word.
    Set<String> firstWords = new HashSet<>();
    result.candidates().forEach(c -> firstWords.add(c.phrase().split(" ")[0]));
    assertThat(result.clusterCount()).isEqualTo(firstWords.size());
  }

  @Test
  void boundedMemoryOnALargerStream() {
    GramMiner miner = GramMiner.builder().minDocuments(200).maxTrackedNgrams(2_000).build();
    NgramCounter counter = miner.newCounter();
    long truth = 0;
    for (String s : solutions(10_000, 11)) {
      counter.accept(s);
      truth += s.contains("Wait, let me check the") ? 1 : 0;
      assertThat(counter.tracked()).isLessThanOrEqualTo(2_000);
    }
    MiningResult result = miner.finish(counter);
    long bound = result.undercountBound();
    assertThat(bound).isPositive().isLessThan(200);
    long counted = counter.documentFrequency("wait, let me check the");
    assertThat(counted).isBetween(truth - bound, truth);
    assertThat(result.grams().contains("wait, let me check the")).isTrue();
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> GramMiner.builder().ngramRange(3, 2))
        .hasMessage("ngramRange must satisfy 1 <= min <= max <= 16, got min 3, max 2");
    assertThatThrownBy(() -> GramMiner.builder().documentFraction(0.5, 0.2))
        .hasMessageContaining("got min 0.5, max 0.2");
    assertThatThrownBy(() -> GramMiner.builder().maxTrackedNgrams(3)).hasMessageContaining("3");
    assertThatThrownBy(() -> GramMiner.builder().clustering(null, 0.5)).hasMessageContaining("similarity");
    assertThatThrownBy(() -> GramMiner.builder().annotator(null)).hasMessageContaining("annotator");
    assertThatThrownBy(() -> GramMiner.builder().build().mine(null)).hasMessageContaining("documents");
  }

  private static GramCandidate find(List<GramCandidate> cs, String phrase) {
    return cs.stream().filter(c -> c.phrase().equals(phrase)).findFirst().orElseThrow(
        () -> new AssertionError("no candidate '" + phrase + "'"));
  }
}
