package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * HICRA's invariants on random ragged batches: rollouts of length 0, 1 and up to 200 tokens, so
 * that rollouts start and end inside words and masks cross 64-bit word boundaries.
 */
class HicraAdvantageProperties {

  record Case(BatchLayout layout, double[] advantages, boolean[] planning) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<int[]> lengths =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(2, 200)),
                // Longer than the 1,024-token fill block, so blocks split inside a rollout.
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1000, 3100)))
            .array(int[].class)
            .ofMinSize(0)
            .ofMaxSize(12);
    return lengths.flatMap(
        ls -> {
          BatchLayout layout = BatchLayout.ofLengths(ls);
          return Combinators.combine(
                  Arbitraries.frequencyOf(
                          net.jqwik.api.Tuple.of(9, Arbitraries.doubles().between(-3, 3)),
                          // Both zeros: -0.0 is written as "-0.0" by hicra analyze.
                          net.jqwik.api.Tuple.of(1, Arbitraries.of(0.0, -0.0)))
                      .array(double[].class)
                      .ofSize(ls.length),
                  Arbitraries.of(true, false).array(boolean[].class).ofSize(layout.tokens()))
              .as((a, p) -> new Case(layout, a, p));
        });
  }

  /** Each token equals the per-token formula applied to its own rollout's advantage and bit. */
  @Property(tries = 500)
  void matchesPerTokenReference(
      @ForAll("cases") Case c, @ForAll @DoubleRange(min = 0, max = 1) double alpha) {
    float[] out = HicraAdvantage.compute(c.advantages(), c.layout(), TokenMask.fromBooleans(c.planning()), alpha);
    int t = 0;
    for (int r = 0; r < c.layout().rollouts(); r++) {
      for (int j = 0; j < c.layout().length(r); j++, t++) {
        double a = c.advantages()[r];
        double expected = c.planning()[t] ? (a >= 0 ? (1 + alpha) * a : (1 - alpha) * a) : a;
        assertThat(out[t]).as("token %d of rollout %d", j, r).isEqualTo((float) expected);
        // The scalar form, cast to float, is the same value bit for bit (hicra-cli relies on it).
        assertThat(Float.floatToRawIntBits(out[t]))
            .as("bits of token %d of rollout %d", j, r)
            .isEqualTo(Float.floatToRawIntBits(
                (float) HicraAdvantage.tokenAdvantage(a, c.planning()[t], alpha)));
      }
    }
    assertThat(t).isEqualTo(out.length);
  }

  /** With no planning tokens, or alpha = 0, HICRA is GRPO's uniform credit. */
  @Property(tries = 300)
  void equalsGrpoWhenMaskEmptyOrAlphaZero(@ForAll("cases") Case c, @ForAll @DoubleRange(min = 0, max = 1) double alpha) {
    float[] grpo = TokenCredit.uniform().assign(c.advantages(), c.layout(), null, null);
    assertThat(HicraAdvantage.compute(c.advantages(), c.layout(), TokenMask.empty(c.layout().tokens()), alpha))
        .containsExactly(grpo);
    assertThat(HicraAdvantage.compute(c.advantages(), c.layout(), TokenMask.fromBooleans(c.planning()), 0.0))
        .containsExactly(grpo);
  }

  /** Signs never flip; positive rollouts gain exactly (1+α)A on planning tokens, negative (1−α)A. */
  @Property(tries = 300)
  void signsKeptAndScaledExactly(@ForAll("cases") Case c, @ForAll @DoubleRange(min = 0, max = 1) double alpha) {
    float[] out = HicraAdvantage.compute(c.advantages(), c.layout(), TokenMask.fromBooleans(c.planning()), alpha);
    for (int r = 0; r < c.layout().rollouts(); r++) {
      double a = c.advantages()[r];
      for (int t = c.layout().start(r); t < c.layout().end(r); t++) {
        if (a > 0) {
          assertThat(out[t]).isGreaterThanOrEqualTo(0f);
        } else if (a < 0) {
          assertThat(out[t]).isLessThanOrEqualTo(0f);
        }
        if (c.planning()[t]) {
          assertThat(out[t]).isEqualTo((float) (a > 0 ? (1 + alpha) * a : (1 - alpha) * a));
          assertThat(Math.abs(out[t])).isLessThanOrEqualTo(Math.abs((float) a) * (float) (1 + alpha) * 1.000001f);
        }
      }
    }
  }

  /** Per-rollout views read exactly the rollout's own bits. */
  @Property(tries = 300)
  void viewsSeeTheirRolloutsBits(@ForAll("cases") Case c) {
    TokenMask mask = TokenMask.fromBooleans(c.planning());
    for (int r = 0; r < c.layout().rollouts(); r++) {
      TokenMask.RolloutMask view = mask.rollout(c.layout(), r);
      int expected = 0;
      for (int j = 0; j < view.length(); j++) {
        boolean bit = c.planning()[c.layout().start(r) + j];
        assertThat(view.get(j)).isEqualTo(bit);
        expected += bit ? 1 : 0;
      }
      assertThat(view.cardinality()).isEqualTo(expected);
    }
  }
}
