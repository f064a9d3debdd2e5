package io.hicra.core;

import java.util.Arrays;

/**
 * DAPO's dynamic sampling (arXiv:2503.14476): a group whose rewards are all equal gets advantage
 * 0 on every rollout and so carries no policy-gradient signal. This class finds those groups and
 * selects the rest of the batch.
 */
public final class DynamicSampling {
  private DynamicSampling() {}

  /**
   * For each group, whether it carries a learning signal: true iff its rewards are not all
   * exactly equal. A group of one rollout never does.
   */
  public static boolean[] informativeGroups(double[] rewards, Groups groups) {
    Checks.notNull(rewards, "rewards");
    Checks.notNull(groups, "groups");
    Checks.sameLength(groups.rollouts(), rewards.length, "groups", "the number of rewards");
    Checks.finite(rewards, "rewards");
    boolean[] informative = new boolean[groups.count()];
    int[] start = groups.rawStart();
    int[] members = groups.rawMembers();
    for (int g = 0; g < informative.length; g++) {
      double first = rewards[members[start[g]]];
      for (int k = start[g] + 1; k < start[g + 1]; k++) {
        if (rewards[members[k]] != first) {
          informative[g] = true;
          break;
        }
      }
    }
    return informative;
  }

  /** The rollouts of informative groups, in batch order. */
  public static Selection keepInformative(double[] rewards, Groups groups) {
    boolean[] informative = informativeGroups(rewards, groups);
    int[] kept = new int[rewards.length];
    int n = 0;
    for (int i = 0; i < rewards.length; i++) {
      if (informative[groups.groupOf(i)]) {
        kept[n++] = i;
      }
    }
    int dropped = 0;
    for (boolean b : informative) {
      dropped += b ? 0 : 1;
    }
    return new Selection(Arrays.copyOf(kept, n), rewards.length, dropped);
  }

  /**
   * A subset of a batch's rollouts, in batch order, with helpers that apply it to per-rollout and
   * per-token arrays. Immutable.
   */
  public static final class Selection {
    private final int[] kept;
    private final int originalRollouts;
    private final int droppedGroups;

    Selection(int[] kept, int originalRollouts, int droppedGroups) {
      this.kept = kept;
      this.originalRollouts = originalRollouts;
      this.droppedGroups = droppedGroups;
    }

    /** Indices of the kept rollouts in the original batch (copies). */
    public int[] keptRollouts() {
      return kept.clone();
    }

    /** Number of kept rollouts. */
    public int keptCount() {
      return kept.length;
    }

    /** Number of rollouts dropped. */
    public int droppedCount() {
      return originalRollouts - kept.length;
    }

    /** Number of groups dropped. */
    public int droppedGroups() {
      return droppedGroups;
    }

    /** The kept entries of a per-rollout array. */
    public double[] select(double[] perRollout) {
      Checks.notNull(perRollout, "perRollout");
      Checks.sameLength(perRollout.length, originalRollouts, "perRollout", "the batch size");
      double[] out = new double[kept.length];
      for (int k = 0; k < kept.length; k++) {
        out[k] = perRollout[kept[k]];
      }
      return out;
    }

    /** The groups of the kept rollouts. */
    public Groups select(Groups groups) {
      Checks.notNull(groups, "groups");
      Checks.sameLength(groups.rollouts(), originalRollouts, "groups", "the batch size");
      int[] ids = new int[kept.length];
      for (int k = 0; k < kept.length; k++) {
        ids[k] = groups.groupOf(kept[k]);
      }
      return Groups.of(ids);
    }

    /** The layout of the kept rollouts. */
    public BatchLayout select(BatchLayout layout) {
      Checks.notNull(layout, "layout");
      layout.checkRollouts(originalRollouts, "the selection's batch size");
      int[] lengths = new int[kept.length];
      for (int k = 0; k < kept.length; k++) {
        lengths[k] = layout.length(kept[k]);
      }
      return BatchLayout.ofLengths(lengths);
    }

    /** The kept rollouts' tokens of a flat per-token array. */
    public float[] selectTokens(float[] perToken, BatchLayout layout) {
      Checks.notNull(perToken, "perToken");
      layout.checkRollouts(originalRollouts, "the selection's batch size");
      layout.checkTokens(perToken.length, "perToken");
      BatchLayout kept = select(layout);
      float[] out = new float[kept.tokens()];
      for (int k = 0; k < this.kept.length; k++) {
        int r = this.kept[k];
        System.arraycopy(perToken, layout.start(r), out, kept.start(k), layout.length(r));
      }
      return out;
    }

    /** The kept rollouts' bits of a token mask. */
    public TokenMask selectTokens(TokenMask mask, BatchLayout layout) {
      Checks.notNull(mask, "mask");
      mask.checkCovers(layout, "mask");
      BatchLayout keptLayout = select(layout);
      TokenMask out = TokenMask.empty(keptLayout.tokens());
      for (int k = 0; k < kept.length; k++) {
        int s = layout.start(kept[k]);
        int e = layout.end(kept[k]);
        int shift = keptLayout.start(k) - s;
        for (int t = mask.nextSetBit(s); t >= 0 && t < e; t = mask.nextSetBit(t + 1)) {
          out.set(t + shift);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "Selection{kept=" + kept.length + " of " + originalRollouts + ", droppedGroups="
          + droppedGroups + "}";
    }
  }
}
