package io.hicra.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hicra.core.AdvantageConfig.EpsilonPlacement;
import io.hicra.core.AdvantageConfig.StdEstimator;
import io.hicra.core.AdvantageConfig.TrlScaleRewards;
import org.junit.jupiter.api.Test;

/** Expected values come from the numpy snippet quoted above each assertion. */
class GroupAdvantagesTest {
  private static final double TOL = 1e-13;

  @Test
  void verlGroupOfThree() {
    // g = np.array([1., 0., 0.]); (g - g.mean()) / (g.std(ddof=1) + 1e-6)
    // -> [ 1.1546985383827155, -0.5773492691913577, -0.5773492691913577]
    double[] adv = GroupAdvantages.compute(new double[] {1, 0, 0}, Groups.of(5, 5, 5), AdvantageConfig.verl());
    assertThat(adv[0]).isCloseTo(1.1546985383827155, within(TOL));
    assertThat(adv[1]).isCloseTo(-0.5773492691913577, within(TOL));
    assertThat(adv[2]).isCloseTo(-0.5773492691913577, within(TOL));
    assertThat(GroupAdvantages.compute(new double[] {1, 0, 0}, Groups.of(5, 5, 5))).containsExactly(adv);
  }

  @Test
  void trlGroupScaling() {
    // r = np.array([0.5, 1.0, 0.0, 0.25]); (r - r.mean()) / (r.std(ddof=1) + 1e-4)
    // -> [0.14635073325637735, 1.3171565993073961, -1.0244551327946414, -0.43905219976913207]
    double[] adv =
        GroupAdvantages.compute(
            new double[] {0.5, 1.0, 0.0, 0.25}, Groups.of(1, 1, 1, 1), AdvantageConfig.trl(TrlScaleRewards.GROUP));
    assertThat(adv)
        .containsExactly(
            new double[] {0.14635073325637735, 1.3171565993073961, -1.0244551327946414, -0.43905219976913207},
            within(TOL));
  }

  @Test
  void trlBatchScalingCentresPerGroupAndScalesByBatchStd() {
    // r = np.array([1,0,0,1,1,0.]); c = concat(r[:3]-r[:3].mean(), r[3:]-r[3:].mean())
    // c / (r.std(ddof=1) + 1e-4)
    // -> [1.2169390572427825, -0.6084695286213911, -0.6084695286213911,
    //     0.6084695286213913, 0.6084695286213913, -1.2169390572427823]
    double[] adv =
        GroupAdvantages.compute(
            new double[] {1, 0, 0, 1, 1, 0}, Groups.of(0, 0, 0, 1, 1, 1), AdvantageConfig.trl(TrlScaleRewards.BATCH));
    assertThat(adv)
        .containsExactly(
            new double[] {
              1.2169390572427825, -0.6084695286213911, -0.6084695286213911,
              0.6084695286213913, 0.6084695286213913, -1.2169390572427823
            },
            within(TOL));
  }

  @Test
  void trlNoneAndDrGrpoOnlyCentre() {
    double[] rewards = {0.5, 1.0, 0.0, 0.25};
    double[] expected = {0.0625, 0.5625, -0.4375, -0.1875};
    assertThat(GroupAdvantages.compute(rewards, Groups.of(1, 1, 1, 1), AdvantageConfig.trl(TrlScaleRewards.NONE)))
        .containsExactly(expected, within(TOL));
    assertThat(GroupAdvantages.compute(rewards, Groups.of(1, 1, 1, 1), AdvantageConfig.drGrpo()))
        .containsExactly(expected, within(TOL));
    assertThat(GroupAdvantages.compute(rewards, Groups.of(1, 1, 1, 1), AdvantageConfig.verl(false)))
        .containsExactly(expected, within(TOL));
  }

  @Test
  void populationStd() {
    // (r - r.mean()) / (r.std(ddof=0) + 1e-6)
    // -> [0.16903039380408252, 1.5212735442367427, -1.1832127566285777, -0.5070911814122475]
    AdvantageConfig config = AdvantageConfig.builder().stdEstimator(StdEstimator.POPULATION).build();
    assertThat(GroupAdvantages.compute(new double[] {0.5, 1.0, 0.0, 0.25}, Groups.of(1, 1, 1, 1), config))
        .containsExactly(
            new double[] {0.16903039380408252, 1.5212735442367427, -1.1832127566285777, -0.5070911814122475},
            within(TOL));
  }

  @Test
  void epsilonInsideSquareRoot() {
    // (r - r.mean()) / np.sqrt(r.var(ddof=1) + 1e-6)
    // -> [0.14638460943075904, 1.3174614848768313, -1.0246922660153133, -0.4391538282922771]
    AdvantageConfig config = AdvantageConfig.builder().epsilonPlacement(EpsilonPlacement.ADD_TO_VARIANCE).build();
    assertThat(GroupAdvantages.compute(new double[] {0.5, 1.0, 0.0, 0.25}, Groups.of(1, 1, 1, 1), config))
        .containsExactly(
            new double[] {0.14638460943075904, 1.3174614848768313, -1.0246922660153133, -0.4391538282922771},
            within(TOL));
  }

  @Test
  void rlooLeaveOneOut() {
    // x = [1, 0, 0.5]: x_i - (sum - x_i) / 2 -> [0.75, -0.75, 0.0]
    assertThat(GroupAdvantages.compute(new double[] {1, 0, 0.5}, Groups.of(3, 3, 3), AdvantageConfig.rloo()))
        .containsExactly(new double[] {0.75, -0.75, 0.0}, within(TOL));
  }

  @Test
  void groupsNeedNotBeContiguousOrEqualSized() {
    double[] rewards = {1, 7, 0, 7, 0, 3};
    int[] ids = {42, -3, 42, 8, 42, 8};
    double[] adv = GroupAdvantages.compute(rewards, ids, AdvantageConfig.defaults());
    double s = 1.1546985383827155;
    assertThat(adv[0]).isCloseTo(s, within(TOL));
    assertThat(adv[2]).isCloseTo(-s / 2, within(TOL));
    assertThat(adv[4]).isCloseTo(-s / 2, within(TOL));
    assertThat(adv[1]).isZero(); // group of one
    // [7, 3]: mean 5, sample std 2*sqrt(2) -> +-2/(2.8284271247461903 + 1e-6)
    assertThat(adv[3]).isCloseTo(2 / (2.8284271247461903 + 1e-6), within(TOL));
    assertThat(adv[5]).isCloseTo(-2 / (2.8284271247461903 + 1e-6), within(TOL));
  }

  @Test
  void allEqualGroupsGetExactZeroNeverNaN() {
    // 0.1 * 3 summed then divided is not exactly 0.1, so a naive mean leaves a residue that
    // divided by eps would be ~1e-11; we must return exact zeros.
    double[] rewards = {0.1, 0.1, 0.1, 0.7, 0.7};
    for (AdvantageConfig c :
        new AdvantageConfig[] {
          AdvantageConfig.defaults(), AdvantageConfig.verl(), AdvantageConfig.trl(TrlScaleRewards.GROUP),
          AdvantageConfig.trl(TrlScaleRewards.BATCH), AdvantageConfig.rloo(), AdvantageConfig.drGrpo()
        }) {
      assertThat(GroupAdvantages.compute(rewards, Groups.of(0, 0, 0, 1, 1), c)).as(c.toString())
          .containsExactly(0, 0, 0, 0, 0);
    }
  }

  @Test
  void singletonGroups() {
    double[] rewards = {3.0};
    assertThat(GroupAdvantages.compute(rewards, Groups.of(0), AdvantageConfig.defaults())).containsExactly(0.0);
    // verl: mean 0, std 1 -> 3 / (1 + 1e-6) = 2.9999970000030003
    assertThat(GroupAdvantages.compute(rewards, Groups.of(0), AdvantageConfig.verl()))
        .containsExactly(new double[] {2.9999970000030003}, within(TOL));
    assertThat(GroupAdvantages.compute(rewards, Groups.of(0), AdvantageConfig.verl(false))).containsExactly(3.0);
    assertThat(GroupAdvantages.compute(rewards, Groups.of(0), AdvantageConfig.trl(TrlScaleRewards.GROUP)))
        .containsExactly(0.0);
  }

  @Test
  void stdFloorBoundsNearEqualRewards() {
    // 0.1 + 0.2 and 0.3 differ by one ulp (5.55e-17). Their mean rounds onto one of them, the
    // sample std is that ulp, and with eps = 0 one rollout gets advantage -1: rounding noise
    // turned into a full-size learning signal. A floor of 1e-3 bounds it by 5.55e-14.
    double[] rewards = {0.1 + 0.2, 0.3};
    AdvantageConfig noEps = AdvantageConfig.builder().epsilon(0).build();
    double[] blown = GroupAdvantages.compute(rewards, Groups.of(0, 0), noEps);
    assertThat(Math.max(Math.abs(blown[0]), Math.abs(blown[1]))).isCloseTo(1.0, within(1e-12));
    AdvantageConfig floored = noEps.toBuilder().stdFloor(1e-3).build();
    double[] bounded = GroupAdvantages.compute(rewards, Groups.of(0, 0), floored);
    double ulp = (0.1 + 0.2) - 0.3;
    assertThat(Math.max(Math.abs(bounded[0]), Math.abs(bounded[1])))
        .isCloseTo(ulp / 1e-3, within(1e-25))
        .isLessThan(1e-12);
  }

  @Test
  void badInputNamesArgumentIndexAndValue() {
    assertThatThrownBy(() -> GroupAdvantages.compute(new double[] {1, Double.NaN}, Groups.of(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rewards[1] = NaN");
    assertThatThrownBy(
            () -> GroupAdvantages.compute(new double[] {1, 2, Double.POSITIVE_INFINITY}, Groups.of(0, 0, 1)))
        .hasMessageContaining("rewards[2] = Infinity");
    assertThatThrownBy(
            () -> GroupAdvantages.compute(new double[] {1, 2}, new int[] {0, 0, 0}, AdvantageConfig.defaults()))
        .hasMessageContaining("groupIds has length 3")
        .hasMessageContaining("2");
    assertThatThrownBy(() -> AdvantageConfig.builder().epsilon(-1e-6))
        .hasMessageContaining("epsilon")
        .hasMessageContaining("-1.0E-6");
    assertThatThrownBy(() -> AdvantageConfig.builder().stdFloor(Double.NaN)).hasMessageContaining("stdFloor");
  }

  @Test
  void configValueSemantics() {
    assertThat(AdvantageConfig.verl()).isEqualTo(AdvantageConfig.verl(true));
    assertThat(AdvantageConfig.verl()).isNotEqualTo(AdvantageConfig.defaults());
    assertThat(AdvantageConfig.defaults().toBuilder().build()).isEqualTo(AdvantageConfig.defaults());
    assertThat(AdvantageConfig.defaults().hashCode()).isEqualTo(AdvantageConfig.builder().build().hashCode());
  }
}
