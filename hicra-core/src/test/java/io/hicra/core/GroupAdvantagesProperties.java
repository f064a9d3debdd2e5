package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.AdvantageConfig.Baseline;
import io.hicra.core.AdvantageConfig.EpsilonPlacement;
import io.hicra.core.AdvantageConfig.StdEstimator;
import io.hicra.core.AdvantageConfig.StdScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GroupAdvantagesProperties {

  record Batch(double[] rewards, int[] ids) {}

  @Provide
  Arbitrary<Batch> batches() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 40);
    return n.flatMap(
        size ->
            Combinators.combine(
                    Arbitraries.doubles().between(-5, 5).ofScale(2).array(double[].class).ofSize(size),
                    Arbitraries.integers().between(0, 6).array(int[].class).ofSize(size))
                .as(Batch::new));
  }

  @Provide
  Arbitrary<AdvantageConfig> configs() {
    return Combinators.combine(
            Arbitraries.of(Baseline.class),
            Arbitraries.of(StdScope.class),
            Arbitraries.of(StdEstimator.class),
            Arbitraries.of(EpsilonPlacement.class),
            Arbitraries.of(0.0, 1e-6, 1e-4),
            Arbitraries.of(0.0, 1e-3))
        .as(
            (b, s, e, p, eps, floor) ->
                AdvantageConfig.builder()
                    .baseline(b)
                    .stdScope(s)
                    .stdEstimator(e)
                    .epsilonPlacement(p)
                    .epsilon(eps)
                    .stdFloor(floor)
                    .build());
  }

  /** Every group's advantages sum to zero, whatever the scaling. */
  @Property(tries = 400)
  void groupsSumToZero(@ForAll("batches") Batch batch, @ForAll("configs") AdvantageConfig config) {
    double[] adv = GroupAdvantages.compute(batch.rewards(), batch.ids(), config);
    Map<Integer, Double> sums = new HashMap<>();
    Map<Integer, Double> scale = new HashMap<>();
    for (int i = 0; i < adv.length; i++) {
      assertThat(adv[i]).isFinite();
      sums.merge(batch.ids()[i], adv[i], Double::sum);
      scale.merge(batch.ids()[i], Math.abs(adv[i]), Double::sum);
    }
    for (int g : sums.keySet()) {
      assertThat(sums.get(g)).isCloseTo(0.0, within(1e-9 * (1 + scale.get(g))));
    }
  }

  /** The fast path agrees with a direct transcription of the formulas. */
  @Property(tries = 400)
  void matchesReference(@ForAll("batches") Batch batch, @ForAll("configs") AdvantageConfig config) {
    double[] adv = GroupAdvantages.compute(batch.rewards(), batch.ids(), config);
    double[] ref = reference(batch.rewards(), batch.ids(), config);
    for (int i = 0; i < adv.length; i++) {
      assertThat(adv[i]).as("rollout %d", i).isCloseTo(ref[i], within(1e-9 * (1 + Math.abs(ref[i]))));
    }
  }

  /** Scaling by the group std preserves the order of rewards within a group and their signs. */
  @Property(tries = 200)
  void advantagesAreMonotoneInReward(@ForAll("batches") Batch batch) {
    double[] adv = GroupAdvantages.compute(batch.rewards(), batch.ids(), AdvantageConfig.defaults());
    for (int i = 0; i < adv.length; i++) {
      for (int j = 0; j < adv.length; j++) {
        if (batch.ids()[i] == batch.ids()[j] && batch.rewards()[i] < batch.rewards()[j]) {
          assertThat(adv[i]).isLessThan(adv[j]);
        }
      }
    }
  }

  private static double[] reference(double[] r, int[] ids, AdvantageConfig c) {
    Map<Integer, List<Integer>> groups = new HashMap<>();
    for (int i = 0; i < r.length; i++) {
      groups.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(i);
    }
    double[] out = new double[r.length];
    double batchStd = std(r, allIndices(r.length), c.stdEstimator());
    for (List<Integer> members : groups.values()) {
      int n = members.size();
      if (n == 1) {
        continue;
      }
      boolean equal = members.stream().allMatch(i -> r[i] == r[members.get(0)]);
      if (equal) {
        continue;
      }
      double sum = 0;
      for (int i : members) {
        sum += r[i];
      }
      double std =
          c.stdScope() == StdScope.GROUP ? std(r, members, c.stdEstimator()) : batchStd;
      std = Math.max(std, c.stdFloor());
      double denom =
          c.stdScope() == StdScope.NONE
              ? 1
              : c.epsilonPlacement() == EpsilonPlacement.ADD_TO_STD
                  ? std + c.epsilon()
                  : Math.sqrt(std * std + c.epsilon());
      for (int i : members) {
        double base = c.baseline() == Baseline.GROUP_MEAN ? sum / n : (sum - r[i]) / (n - 1);
        out[i] = (r[i] - base) / denom;
      }
    }
    return out;
  }

  private static List<Integer> allIndices(int n) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  private static double std(double[] r, List<Integer> idx, StdEstimator e) {
    int n = idx.size();
    if (n < 2) {
      return 0;
    }
    double mean = idx.stream().mapToDouble(i -> r[i]).average().orElse(0);
    double ss = idx.stream().mapToDouble(i -> (r[i] - mean) * (r[i] - mean)).sum();
    return Math.sqrt(ss / (e == StdEstimator.SAMPLE ? n - 1 : n));
  }
}
