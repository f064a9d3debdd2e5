package io.hicra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.grams.GramCategory;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SemanticEntropyTest {
  static final List<String> TEXTS = List.of(
      "we can use the identity. let's try x = 2, then we can use it",
      "consider the case n = 1. let me check: 1 + 1 = 2",
      "Let's try again. let's try harder");

  static RolloutBatch batch(boolean... correct) {
    RolloutBatch.Builder b = RolloutBatch.builder(TEXTS.size())
        .texts(TEXTS)
        .matches(Fixtures.findAll(TEXTS, Fixtures.GRAMS));
    if (correct.length > 0) {
      b.correct(correct);
    }
    return b.build();
  }

  // counts by phrase: let's try 3, we can use 2, consider the case 1, let me check 1
  // import numpy as np
  // def H(c): c = np.array(c, float); p = c[c > 0] / c.sum(); return float(-(p * np.log(p)).sum())
  // H([3,2,1,1]) = 1.277034259466139; / np.log(4) = 0.9211854965885543
  // H([3,2,1,1]) / np.log(2) = 1.8423709931771086
  // once per rollout: H([2,1,1,1]) = 1.3321790402101223
  // clusters {let's try, let me check} = 4, {we can use, consider the case} = 3: H([4,3]) =
  //   0.6829081047004717
  // successful rollouts 0 and 2 only: H([3,2]) = 0.6730116670092565
  @Test
  void defaultsByPhraseEveryOccurrence() {
    GramEntropy h = SemanticEntropy.defaults().compute(batch());
    assertThat(h.entropy()).isCloseTo(1.277034259466139, within(1e-15));
    assertThat(h.normalized()).isCloseTo(0.9211854965885543, within(1e-15));
    assertThat(h.distinct()).isEqualTo(4);
    assertThat(h.occurrences()).isEqualTo(7);
    assertThat(h.rollouts()).isEqualTo(3);
    assertThat(h.unit()).isEqualTo(EntropyUnit.NATS);
    assertThat(h.counts()).containsExactly(
        new GramCount("let's try", 3), new GramCount("we can use", 2),
        new GramCount("consider the case", 1), new GramCount("let me check", 1));
  }

  @Test
  void options() {
    assertThat(SemanticEntropy.builder().unit(EntropyUnit.BITS).build().compute(batch()).entropy())
        .isCloseTo(1.8423709931771086, within(1e-15));
    assertThat(SemanticEntropy.builder().oncePerRollout(true).build().compute(batch()).entropy())
        .isCloseTo(1.3321790402101223, within(1e-15));
    assertThat(SemanticEntropy.builder().grouping(GramGrouping.byCategory()).build()
        .compute(batch()).entropy()).isCloseTo(1.277034259466139, within(1e-15));
    GramEntropy byCluster = SemanticEntropy.builder()
        .grouping(GramGrouping.byCluster(GramClusters.ofArray(4, 3, 3, 4))).build()
        .compute(batch());
    assertThat(byCluster.entropy()).isCloseTo(0.6829081047004717, within(1e-15));
    assertThat(byCluster.counts()).containsExactly(
        new GramCount("cluster 4", 4), new GramCount("cluster 3", 3));
    GramEntropy ok = SemanticEntropy.builder().successfulOnly(true).build()
        .compute(batch(true, false, true));
    assertThat(ok.entropy()).isCloseTo(0.6730116670092565, within(1e-15));
    assertThat(ok.rollouts()).isEqualTo(2);
  }

  @Test
  void categoryLabelsAndRewardsAsCorrectness() {
    RolloutBatch b = RolloutBatch.builder(TEXTS.size())
        .matches(Fixtures.findAll(TEXTS, Fixtures.GRAMS))
        .rewards(new double[] {1.0, 0.0, -1.0})
        .build();
    GramEntropy h = SemanticEntropy.builder().successfulOnly(true)
        .grouping(GramGrouping.byCategory()).build().compute(b);
    // rollout 0 only: we can use x2, let's try x1 -> H([2,1])
    assertThat(h.entropy()).isCloseTo(Entropy.ofCounts(new long[] {2, 1}), within(1e-15));
    assertThat(h.counts()).containsExactly(
        new GramCount("deduction", 2), new GramCount("backtracking", 1));
  }

  @Test
  void phraseGroupingMergesEqualPhrasesUnderDifferentIds() {
    StrategicGram a = StrategicGram.of("Let's  try", GramCategory.BACKTRACKING);
    StrategicGram b = StrategicGram.of("let's try", GramCategory.BACKTRACKING);
    List<List<GramMatch>> ms = List.of(
        List.of(new GramMatch(0, a, 0, 5), new GramMatch(7, b, 9, 14)));
    GramEntropy h = SemanticEntropy.defaults().compute(
        RolloutBatch.builder(1).matches(ms).build());
    assertThat(h.distinct()).isEqualTo(1);
    assertThat(h.entropy()).isZero();
    // ...and keeps different phrases apart even when a list reuses an id for another gram
    List<List<GramMatch>> reused = List.of(List.of(
        new GramMatch(0, a, 0, 5), new GramMatch(0, Fixtures.GRAMS.get(1), 9, 14)));
    assertThat(SemanticEntropy.defaults().compute(RolloutBatch.builder(1).matches(reused).build())
        .distinct()).isEqualTo(2);
  }

  @Test
  void largeGramIdsBypassTheCache() {
    StrategicGram a = Fixtures.GRAMS.get(0);
    StrategicGram b = Fixtures.GRAMS.get(1);
    List<List<GramMatch>> ms = List.of(List.of(
        new GramMatch(1 << 20, a, 0, 5), new GramMatch(1 << 20, a, 6, 9),
        new GramMatch(70_000, b, 10, 12)));
    GramEntropy h = SemanticEntropy.defaults().compute(RolloutBatch.builder(1).matches(ms).build());
    assertThat(h.counts()).containsExactly(
        new GramCount("let's try", 2), new GramCount("we can use", 1));
    GramEntropy byCluster = SemanticEntropy.builder()
        .grouping(GramGrouping.byCluster(id -> id == 70_000 ? 3 : 4)).build()
        .compute(RolloutBatch.builder(1).matches(ms).build());
    assertThat(byCluster.entropy()).isCloseTo(Entropy.ofCounts(new long[] {2, 1}), within(1e-15));
  }

  @Test
  void emptyBatchesAreZero() {
    GramEntropy empty = SemanticEntropy.defaults().compute(RolloutBatch.builder(0).build());
    assertThat(empty.entropy()).isZero();
    assertThat(empty.normalized()).isZero();
    assertThat(empty.distinct()).isZero();
    GramEntropy noGrams = SemanticEntropy.defaults().compute(RolloutBatch.builder(2)
        .matches(List.of(List.of(), List.of())).build());
    assertThat(noGrams.entropy()).isZero();
    assertThat(noGrams.occurrences()).isZero();
    GramEntropy noMatchesPart = SemanticEntropy.defaults().compute(RolloutBatch.builder(2).build());
    assertThat(noMatchesPart.entropy()).isZero();
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> SemanticEntropy.builder().successfulOnly(true).build()
        .compute(RolloutBatch.builder(1).matches(List.of(List.of())).build()))
        .hasMessageContaining("successfulOnly needs");
    List<GramMatch> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> SemanticEntropy.defaults().compute(
        RolloutBatch.builder(1).matches(List.of(withNull)).build()))
        .hasMessageContaining("matches[0][0] is null");
    assertThatThrownBy(() -> SemanticEntropy.builder()
        .grouping(GramGrouping.byCluster(GramClusters.ofArray(0, 1))).build().compute(batch()))
        .hasMessageContaining("gramId 2 has no cluster");
    assertThatThrownBy(() -> SemanticEntropy.builder()
        .grouping(GramGrouping.byCluster(id -> -id - 1)).build().compute(batch()))
        .hasMessageContaining("is negative");
    assertThatThrownBy(() -> GramClusters.ofArray(0, -2))
        .hasMessageContaining("clusterOfGram[1] = -2");
  }

  /** Random batches: compare with a HashMap count by lower-cased phrase. */
  @Property(tries = 200)
  void matchesBruteForceAndIsBounded(@ForAll @IntRange(min = 0, max = 30) int rollouts,
      @ForAll long seed, @ForAll boolean once) {
    SplittableRandom random = new SplittableRandom(seed);
    List<StrategicGram> grams = new ArrayList<>();
    int g = 1 + random.nextInt(12);
    for (int i = 0; i < g; i++) {
      grams.add(StrategicGram.of("gram " + i, GramCategory.values()[i % 5]));
    }
    List<List<GramMatch>> ms = new ArrayList<>();
    Map<String, Long> ref = new HashMap<>();
    for (int r = 0; r < rollouts; r++) {
      List<GramMatch> list = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int m = random.nextInt(20);
      for (int j = 0; j < m; j++) {
        int id = (int) Math.floor(Math.pow(random.nextDouble(), 2) * g);
        list.add(new GramMatch(id, grams.get(id), j * 10, j * 10 + 6));
        String key = grams.get(id).phrase();
        if (!once || seen.add(key)) {
          ref.merge(key, 1L, Long::sum);
        }
      }
      ms.add(list);
    }
    GramEntropy h = SemanticEntropy.builder().oncePerRollout(once).build()
        .compute(RolloutBatch.builder(rollouts).matches(ms).build());
    long n = ref.values().stream().mapToLong(Long::longValue).sum();
    double expected = 0;
    for (long c : ref.values()) {
      expected -= (double) c / n * Math.log((double) c / n);
    }
    assertThat(h.entropy()).isCloseTo(expected, within(1e-12));
    assertThat(h.distinct()).isEqualTo(ref.size());
    assertThat(h.occurrences()).isEqualTo(n);
    assertThat(h.entropy()).isBetween(0.0, Math.log(Math.max(1, h.distinct())) + 1e-12);
    assertThat(h.normalized()).isBetween(0.0, 1.0 + 1e-12);
    // grouping coarsens: category entropy never exceeds phrase entropy
    double byCategory = SemanticEntropy.builder().oncePerRollout(once)
        .grouping(GramGrouping.byCategory()).build()
        .compute(RolloutBatch.builder(rollouts).matches(ms).build()).entropy();
    if (!once) {
      assertThat(byCategory).isLessThanOrEqualTo(h.entropy() + 1e-12);
    }
  }
}
