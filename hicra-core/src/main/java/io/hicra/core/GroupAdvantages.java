package io.hicra.core;

/**
 * One advantage per rollout from rewards and groups: GRPO and its variants, as configured by
 * {@link AdvantageConfig} (which documents every formula and preset).
 *
 * <pre>{@code
 * double[] rewards = {1, 0, 0, 1, 1, 0};
 * Groups groups = Groups.of(7, 7, 7, 9, 9, 9);
 * double[] adv = GroupAdvantages.compute(rewards, groups, AdvantageConfig.defaults());
 * // group 7: mean 1/3, sample std 0.57735 -> {1.1547, -0.57735, -0.57735}
 * }</pre>
 *
 * <p>{@link #computeInto} allocates nothing; {@link #compute} allocates the result only. Both
 * take {@code O(B)} time.
 */
public final class GroupAdvantages {
  private GroupAdvantages() {}

  /** GRPO advantages with {@link AdvantageConfig#defaults()}. */
  public static double[] compute(double[] rewards, Groups groups) {
    return compute(rewards, groups, AdvantageConfig.defaults());
  }

  /** Advantages under {@code config}, with groups given as one integer id per rollout. */
  public static double[] compute(double[] rewards, int[] groupIds, AdvantageConfig config) {
    Checks.notNull(groupIds, "groupIds");
    Checks.notNull(rewards, "rewards");
    Checks.sameLength(groupIds.length, rewards.length, "groupIds", "the number of rewards");
    return compute(rewards, Groups.of(groupIds), config);
  }

  /** Advantages under {@code config}. */
  public static double[] compute(double[] rewards, Groups groups, AdvantageConfig config) {
    Checks.notNull(rewards, "rewards");
    double[] out = new double[rewards.length];
    computeInto(rewards, groups, config, out);
    return out;
  }

  /**
   * Writes one advantage per rollout into {@code out[0 .. rewards.length)}.
   *
   * @throws IllegalArgumentException if a reward is NaN or infinite (naming its index), or the
   *     lengths of {@code rewards}, {@code groups} and {@code out} disagree
   */
  public static void computeInto(
      double[] rewards, Groups groups, AdvantageConfig config, double[] out) {
    Checks.notNull(rewards, "rewards");
    Checks.notNull(groups, "groups");
    Checks.notNull(config, "config");
    Checks.notNull(out, "out");
    Checks.sameLength(groups.rollouts(), rewards.length, "groups", "the number of rewards");
    Checks.atLeastLength(out.length, rewards.length, "out", "the number of rewards");
    Checks.finite(rewards, "rewards");

    AdvantageConfig.StdScope scope = config.stdScope();
    boolean sample = config.stdEstimator() == AdvantageConfig.StdEstimator.SAMPLE;
    double batchStd = Double.NaN;
    if (scope == AdvantageConfig.StdScope.BATCH) {
      batchStd = std(rewards, null, 0, rewards.length, sample);
    }

    int[] start = groups.rawStart();
    int[] members = groups.rawMembers();
    for (int g = 0; g < groups.count(); g++) {
      int from = start[g];
      int to = start[g + 1];
      int n = to - from;
      if (n == 1) {
        int i = members[from];
        out[i] = singleton(rewards[i], config);
        continue;
      }
      double first = rewards[members[from]];
      boolean allEqual = true;
      double sum = 0;
      for (int k = from; k < to; k++) {
        double r = rewards[members[k]];
        allEqual &= r == first;
        sum += r;
      }
      if (allEqual) {
        for (int k = from; k < to; k++) {
          out[members[k]] = 0.0;
        }
        continue;
      }
      double mean = sum / n;
      double scale;
      switch (scope) {
        case GROUP:
          scale = denominator(std(rewards, members, from, to, sample), config);
          break;
        case BATCH:
          scale = denominator(batchStd, config);
          break;
        default:
          scale = 1.0;
          break;
      }
      boolean loo = config.baseline() == AdvantageConfig.Baseline.LEAVE_ONE_OUT;
      for (int k = from; k < to; k++) {
        int i = members[k];
        double r = rewards[i];
        double centred = loo ? r - (sum - r) / (n - 1) : r - mean;
        out[i] = centred / scale;
      }
    }
  }

  private static double singleton(double r, AdvantageConfig config) {
    if (config.singletonGroups() == AdvantageConfig.SingletonGroups.ZERO) {
      return 0.0;
    }
    // verl: mean 0 and std 1 for a group of one.
    if (config.stdScope() == AdvantageConfig.StdScope.NONE) {
      return r;
    }
    return r / denominator(1.0, config);
  }

  private static double denominator(double std, AdvantageConfig config) {
    double s = Math.max(std, config.stdFloor());
    return config.epsilonPlacement() == AdvantageConfig.EpsilonPlacement.ADD_TO_STD
        ? s + config.epsilon()
        : Math.sqrt(s * s + config.epsilon());
  }

  /**
   * Two-pass std of {@code rewards[members[k]]} for {@code k} in {@code [from, to)}, or of {@code
   * rewards[from, to)} when {@code members} is null. A single value has sample std NaN in torch;
   * callers never ask for it except through batch scope, where we return 0.
   */
  private static double std(double[] rewards, int[] members, int from, int to, boolean sample) {
    int n = to - from;
    if (n < 2) {
      return 0.0;
    }
    double sum = 0;
    for (int k = from; k < to; k++) {
      sum += rewards[members == null ? k : members[k]];
    }
    double mean = sum / n;
    double ss = 0;
    for (int k = from; k < to; k++) {
      double d = rewards[members == null ? k : members[k]] - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (sample ? n - 1 : n));
  }
}
