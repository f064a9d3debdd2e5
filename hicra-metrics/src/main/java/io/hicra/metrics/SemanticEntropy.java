package io.hicra.metrics;

import io.hicra.grams.GramMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Semantic entropy of a batch: the Shannon entropy of the frequency distribution of Strategic
 * Grams observed in its rollouts (paper §2.2.2 and §4.4: "a compass for strategic exploration").
 *
 * <p>With {@code c_i} the count of outcome {@code i} over the batch, {@code N = Σ c_i} and {@code
 * p_i = c_i / N}:
 *
 * <pre>
 * H_sem = − Σ_i p_i ln p_i        (nats; bits on request)
 * </pre>
 *
 * <p>Defaults: every occurrence in every rollout counts; outcomes are grams by normalised phrase
 * ({@link GramGrouping#byPhrase()}); nats. Options: count each outcome once per rollout (a
 * document-frequency view, less sensitive to one rollout repeating a phrase), group by {@linkplain
 * GramGrouping#byCategory() category} or {@linkplain GramGrouping#byCluster cluster}, bits, and
 * count only successful rollouts. The result also carries the normalised value {@code H / ln K}
 * and the number {@code K} of distinct outcomes. An empty batch, or one without grams, has
 * entropy 0 (never NaN).
 *
 * <p><b>Not the other "semantic entropy".</b> Some public ports of this paper, and the
 * uncertainty literature (Kuhn et al. 2023; SEED-GRPO), use the name for other quantities:
 * entropy over meaning-clusters of sampled answers, or a pairwise embedding dispersion of
 * responses. This class computes the paper's quantity: the Shannon entropy of Strategic Gram
 * frequencies.
 *
 * <p>Cost: one pass over the match lists, {@code O(matches)}, no hashing in the steady state
 * (keys are cached per gram id); allocation is bounded by the number of distinct outcomes.
 * Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * GramEntropy h = SemanticEntropy.defaults().compute(batch);
 * GramEntropy hc = SemanticEntropy.builder().oncePerRollout(true)
 *     .grouping(GramGrouping.byCategory()).unit(EntropyUnit.BITS).build().compute(batch);
 * }</pre>
 */
public final class SemanticEntropy {
  private static final SemanticEntropy DEFAULTS = builder().build();

  private final GramGrouping grouping;
  private final boolean oncePerRollout;
  private final boolean successfulOnly;
  private final EntropyUnit unit;

  private SemanticEntropy(Builder b) {
    this.grouping = b.grouping;
    this.oncePerRollout = b.oncePerRollout;
    this.successfulOnly = b.successfulOnly;
    this.unit = b.unit;
  }

  /** Every occurrence, by phrase, all rollouts, nats. */
  public static SemanticEntropy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The grouping of grams into outcomes. */
  public GramGrouping grouping() {
    return grouping;
  }

  /** Whether each outcome counts at most once per rollout. */
  public boolean oncePerRollout() {
    return oncePerRollout;
  }

  /** Whether only successful rollouts count. */
  public boolean successfulOnly() {
    return successfulOnly;
  }

  /** The unit of the result. */
  public EntropyUnit unit() {
    return unit;
  }

  /**
   * Semantic entropy of a batch; reads its matches (a batch without matches counts nothing) and,
   * with {@code successfulOnly}, its correctness.
   *
   * @throws IllegalArgumentException if a match is null, a cluster lookup fails, or {@code
   *     successfulOnly} is set and the batch has neither correct flags nor rewards
   */
  public GramEntropy compute(RolloutBatch batch) {
    Checks.notNull(batch, "batch");
    if (successfulOnly && !batch.hasCorrect()) {
      throw new IllegalArgumentException(
          "successfulOnly needs the batch's correct flags or rewards");
    }
    GramGrouping.Keyer keyer = grouping.newKeyer();
    long[] counts = new long[16];
    int[] stamp = new int[16];
    long total = 0;
    int used = 0;
    for (int r = 0; r < batch.rollouts(); r++) {
      if (successfulOnly && !batch.correct(r)) {
        continue;
      }
      used++;
      List<GramMatch> ms = batch.matches(r);
      for (int i = 0, n = ms.size(); i < n; i++) {
        GramMatch m = ms.get(i);
        if (m == null) {
          throw new IllegalArgumentException("matches[" + r + "][" + i + "] is null");
        }
        int k = keyer.key(m);
        if (k >= counts.length) {
          int len = Math.max(k + 1, counts.length * 2);
          counts = Arrays.copyOf(counts, len);
          stamp = Arrays.copyOf(stamp, len);
        }
        if (oncePerRollout) {
          if (stamp[k] == r + 1) {
            continue;
          }
          stamp[k] = r + 1;
        }
        counts[k]++;
        total++;
      }
    }
    int distinct = keyer.keyCount();
    double nats = Entropy.ofCounts(counts, 0, distinct);
    List<GramCount> list = new ArrayList<>(distinct);
    for (int k = 0; k < distinct; k++) {
      list.add(new GramCount(keyer.label(k), counts[k]));
    }
    list.sort(Comparator.comparingLong(GramCount::count).reversed()
        .thenComparing(GramCount::label));
    return new GramEntropy(
        unit.fromNats(nats), Entropy.normalized(nats, distinct), distinct, total, used, unit, list);
  }

  @Override
  public String toString() {
    return "SemanticEntropy{grouping=" + grouping.name() + ", oncePerRollout=" + oncePerRollout
        + ", successfulOnly=" + successfulOnly + ", unit=" + unit.label() + "}";
  }

  /** Options of {@link SemanticEntropy}; every setter names the user's intent. */
  public static final class Builder {
    private GramGrouping grouping = GramGrouping.byPhrase();
    private boolean oncePerRollout;
    private boolean successfulOnly;
    private EntropyUnit unit = EntropyUnit.NATS;

    private Builder() {}

    /** What counts as one outcome; default {@link GramGrouping#byPhrase()}. */
    public Builder grouping(GramGrouping grouping) {
      this.grouping = Checks.notNull(grouping, "grouping");
      return this;
    }

    /** Count each outcome at most once per rollout; default false (every occurrence). */
    public Builder oncePerRollout(boolean oncePerRollout) {
      this.oncePerRollout = oncePerRollout;
      return this;
    }

    /** Count only rollouts that are correct; default false. */
    public Builder successfulOnly(boolean successfulOnly) {
      this.successfulOnly = successfulOnly;
      return this;
    }

    /** Unit of the result; default {@link EntropyUnit#NATS}. */
    public Builder unit(EntropyUnit unit) {
      this.unit = Checks.notNull(unit, "unit");
      return this;
    }

    /** The immutable calculator. */
    public SemanticEntropy build() {
      return new SemanticEntropy(this);
    }
  }
}
