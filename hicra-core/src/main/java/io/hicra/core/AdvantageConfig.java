package io.hicra.core;

import java.util.Objects;

/**
 * How {@link GroupAdvantages} turns rewards into one advantage per rollout. Every convention
 * that changes the numbers is an explicit option; the presets reproduce widely used trainers.
 *
 * <p>For a rollout with reward {@code r} in group {@code g} of size {@code n}:
 *
 * <pre>
 *   centred  c = r − mean_g                       (baseline GROUP_MEAN: GRPO, arXiv:2402.03300)
 *            c = r − (sum_g − r) / (n − 1)        (baseline LEAVE_ONE_OUT: RLOO)
 *   scale    s = std over the group, over the whole batch, or none (stdScope)
 *            std is sample (n − 1) or population (n) (stdEstimator)
 *            s = max(s, stdFloor)
 *   A = c / (s + ε)              (epsilonPlacement ADD_TO_STD)
 *   A = c / sqrt(s² + ε)         (epsilonPlacement ADD_TO_VARIANCE)
 *   A = c                        (stdScope NONE: Dr. GRPO, arXiv:2503.20783)
 * </pre>
 *
 * <p>Two rules hold in every configuration: a group whose rewards are all exactly equal gets
 * advantage 0 on every rollout (never NaN, never a rounding residue divided by ε), and a group of
 * one rollout gets 0 unless {@link SingletonGroups#VERL_UNIT_STD} asks for verl's behaviour.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>preset</th><th>trainer</th><th>std</th><th>ε</th><th>group of one</th></tr>
 *   <tr><td>{@link #defaults()}</td><td>verl, but singletons get 0</td><td>group, sample</td>
 *       <td>1e-6 added to std</td><td>0</td></tr>
 *   <tr><td>{@link #verl(boolean)}</td><td>verl {@code compute_grpo_outcome_advantage}
 *       ({@code norm_adv_by_std_in_grpo})</td><td>group, sample, or none</td><td>1e-6 added to
 *       std</td><td>{@code r / (1 + ε)} (mean 0, std 1)</td></tr>
 *   <tr><td>{@link #trl(TrlScaleRewards)}</td><td>TRL {@code GRPOTrainer} ({@code
 *       scale_rewards})</td><td>group / batch / none, sample</td><td>1e-4 added to std</td><td>0
 *       (TRL requires groups of at least 2)</td></tr>
 *   <tr><td>{@link #rloo()}</td><td>RLOO</td><td>none</td><td>—</td><td>0</td></tr>
 * </table>
 *
 * <p>Batch-scope std (TRL's {@code scale_rewards="batch"}) is the std of all rewards of the batch
 * around the batch mean, while centring stays per group. Arithmetic is in {@code double}; trainers
 * that compute in float32 agree to float32 rounding.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()} or start from a preset with {@link
 * #toBuilder()}.
 */
public final class AdvantageConfig {

  /** What is subtracted from a rollout's reward. */
  public enum Baseline {
    /** The mean reward of the rollout's group (GRPO). */
    GROUP_MEAN,
    /** The mean reward of the other rollouts of the group (RLOO); equals {@code n/(n−1)·(r − mean)}. */
    LEAVE_ONE_OUT
  }

  /** Over which rewards the scaling std is taken. */
  public enum StdScope {
    /** The rollout's group (GRPO, verl, TRL {@code scale_rewards="group"}). */
    GROUP,
    /** All rewards of the batch (TRL {@code scale_rewards="batch"}). */
    BATCH,
    /** No scaling (Dr. GRPO, verl {@code norm_adv_by_std_in_grpo=False}, TRL "none"). */
    NONE
  }

  /** Which standard deviation. */
  public enum StdEstimator {
    /** Divides by {@code n − 1} ({@code torch.std} default; verl and TRL). */
    SAMPLE,
    /** Divides by {@code n} ({@code numpy.std} default). */
    POPULATION
  }

  /** Where ε enters the denominator. */
  public enum EpsilonPlacement {
    /** {@code std + ε}: verl and TRL. */
    ADD_TO_STD,
    /** {@code sqrt(var + ε)}. */
    ADD_TO_VARIANCE
  }

  /** What a group of a single rollout gets. */
  public enum SingletonGroups {
    /** Advantage 0: one rollout carries no relative signal. The library default. */
    ZERO,
    /** verl's behaviour: mean 0 and std 1, so {@code A = r / (1 + ε)} (or {@code r} unscaled). */
    VERL_UNIT_STD
  }

  /** TRL's {@code scale_rewards} values. */
  public enum TrlScaleRewards {
    /** {@code "group"} (TRL's default, also {@code True}). */
    GROUP,
    /** {@code "batch"}. */
    BATCH,
    /** {@code "none"} (also {@code False}). */
    NONE
  }

  /** verl's ε. */
  public static final double VERL_EPSILON = 1e-6;
  /** TRL's ε. */
  public static final double TRL_EPSILON = 1e-4;

  private static final AdvantageConfig DEFAULTS = builder().build();

  private final Baseline baseline;
  private final StdScope stdScope;
  private final StdEstimator stdEstimator;
  private final EpsilonPlacement epsilonPlacement;
  private final double epsilon;
  private final double stdFloor;
  private final SingletonGroups singletonGroups;

  private AdvantageConfig(Builder b) {
    this.baseline = b.baseline;
    this.stdScope = b.stdScope;
    this.stdEstimator = b.stdEstimator;
    this.epsilonPlacement = b.epsilonPlacement;
    this.epsilon = b.epsilon;
    this.stdFloor = b.stdFloor;
    this.singletonGroups = b.singletonGroups;
  }

  /**
   * The library default: verl's convention (group mean, sample std over the group, {@code ε =
   * 1e-6} added to the std) except that a group of one rollout gets advantage 0.
   */
  public static AdvantageConfig defaults() {
    return DEFAULTS;
  }

  /** verl's GRPO with {@code norm_adv_by_std_in_grpo=True}. */
  public static AdvantageConfig verl() {
    return verl(true);
  }

  /**
   * verl's {@code compute_grpo_outcome_advantage}: group mean, sample std, {@code ε = 1e-6} added
   * after the square root, and a group of one scored as {@code r / (1 + ε)}.
   *
   * @param normAdvByStd verl's {@code norm_adv_by_std_in_grpo}; false gives Dr. GRPO
   */
  public static AdvantageConfig verl(boolean normAdvByStd) {
    return builder()
        .stdScope(normAdvByStd ? StdScope.GROUP : StdScope.NONE)
        .stdEstimator(StdEstimator.SAMPLE)
        .epsilon(VERL_EPSILON)
        .epsilonPlacement(EpsilonPlacement.ADD_TO_STD)
        .singletonGroups(SingletonGroups.VERL_UNIT_STD)
        .build();
  }

  /**
   * TRL's {@code GRPOTrainer}: group mean, sample std ({@code torch.std}) over the group or the
   * batch or none, {@code ε = 1e-4} added to the std.
   */
  public static AdvantageConfig trl(TrlScaleRewards scaleRewards) {
    Checks.notNull(scaleRewards, "scaleRewards");
    StdScope scope =
        scaleRewards == TrlScaleRewards.GROUP
            ? StdScope.GROUP
            : scaleRewards == TrlScaleRewards.BATCH ? StdScope.BATCH : StdScope.NONE;
    return builder()
        .stdScope(scope)
        .stdEstimator(StdEstimator.SAMPLE)
        .epsilon(TRL_EPSILON)
        .epsilonPlacement(EpsilonPlacement.ADD_TO_STD)
        .singletonGroups(SingletonGroups.ZERO)
        .build();
  }

  /** Dr. GRPO: centre on the group mean, no std scaling. */
  public static AdvantageConfig drGrpo() {
    return builder().stdScope(StdScope.NONE).build();
  }

  /** RLOO: leave-one-out baseline, no std scaling. */
  public static AdvantageConfig rloo() {
    return builder().baseline(Baseline.LEAVE_ONE_OUT).stdScope(StdScope.NONE).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseline = baseline;
    b.stdScope = stdScope;
    b.stdEstimator = stdEstimator;
    b.epsilonPlacement = epsilonPlacement;
    b.epsilon = epsilon;
    b.stdFloor = stdFloor;
    b.singletonGroups = singletonGroups;
    return b;
  }

  public Baseline baseline() {
    return baseline;
  }

  public StdScope stdScope() {
    return stdScope;
  }

  public StdEstimator stdEstimator() {
    return stdEstimator;
  }

  public EpsilonPlacement epsilonPlacement() {
    return epsilonPlacement;
  }

  public double epsilon() {
    return epsilon;
  }

  /** Lower bound applied to the std before ε (0 = off). */
  public double stdFloor() {
    return stdFloor;
  }

  public SingletonGroups singletonGroups() {
    return singletonGroups;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AdvantageConfig)) {
      return false;
    }
    AdvantageConfig c = (AdvantageConfig) o;
    return baseline == c.baseline
        && stdScope == c.stdScope
        && stdEstimator == c.stdEstimator
        && epsilonPlacement == c.epsilonPlacement
        && Double.compare(epsilon, c.epsilon) == 0
        && Double.compare(stdFloor, c.stdFloor) == 0
        && singletonGroups == c.singletonGroups;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        baseline, stdScope, stdEstimator, epsilonPlacement, epsilon, stdFloor, singletonGroups);
  }

  @Override
  public String toString() {
    return "AdvantageConfig{baseline=" + baseline + ", std=" + stdScope + "/" + stdEstimator
        + ", epsilon=" + epsilon + " " + epsilonPlacement + ", stdFloor=" + stdFloor
        + ", singletons=" + singletonGroups + "}";
  }

  /** Builds an {@link AdvantageConfig}; starts from the library default. */
  public static final class Builder {
    private Baseline baseline = Baseline.GROUP_MEAN;
    private StdScope stdScope = StdScope.GROUP;
    private StdEstimator stdEstimator = StdEstimator.SAMPLE;
    private EpsilonPlacement epsilonPlacement = EpsilonPlacement.ADD_TO_STD;
    private double epsilon = VERL_EPSILON;
    private double stdFloor = 0;
    private SingletonGroups singletonGroups = SingletonGroups.ZERO;

    private Builder() {}

    public Builder baseline(Baseline baseline) {
      this.baseline = Checks.notNull(baseline, "baseline");
      return this;
    }

    public Builder stdScope(StdScope stdScope) {
      this.stdScope = Checks.notNull(stdScope, "stdScope");
      return this;
    }

    public Builder stdEstimator(StdEstimator stdEstimator) {
      this.stdEstimator = Checks.notNull(stdEstimator, "stdEstimator");
      return this;
    }

    public Builder epsilonPlacement(EpsilonPlacement epsilonPlacement) {
      this.epsilonPlacement = Checks.notNull(epsilonPlacement, "epsilonPlacement");
      return this;
    }

    /** ε, finite and {@code >= 0}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.nonNegativeFinite(epsilon, "epsilon");
      return this;
    }

    /**
     * A floor on the std, finite and {@code >= 0} (0 = off). Rewards that are nearly but not
     * exactly equal (e.g. 0.1 + 0.2 vs 0.3) otherwise give a std of a few ulps, and dividing by
     * it turns rounding noise into advantages of ±1e6; a floor such as 1e-3 keeps them bounded.
     */
    public Builder stdFloor(double stdFloor) {
      this.stdFloor = Checks.nonNegativeFinite(stdFloor, "stdFloor");
      return this;
    }

    public Builder singletonGroups(SingletonGroups singletonGroups) {
      this.singletonGroups = Checks.notNull(singletonGroups, "singletonGroups");
      return this;
    }

    public AdvantageConfig build() {
      return new AdvantageConfig(this);
    }
  }
}
