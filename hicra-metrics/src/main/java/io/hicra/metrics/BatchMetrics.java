package io.hicra.metrics;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import java.util.Arrays;

/**
 * Every metric of this module for one batch, as one {@link StepMetrics}: the per-step function a
 * trainer or the CLI calls, and that {@link DynamicsTracker} records. Each metric is computed only
 * when the batch has the parts it needs:
 *
 * <table>
 *   <caption>Columns and the batch parts they need</caption>
 *   <tr><th>columns</th><th>needs</th></tr>
 *   <tr><td>{@code rollouts}</td><td>always</td></tr>
 *   <tr><td>{@code accuracy}</td><td>correct flags or rewards</td></tr>
 *   <tr><td>{@code mean_reward}</td><td>rewards</td></tr>
 *   <tr><td>{@code pass@k}, {@code mean@k} for each configured k</td>
 *       <td>groups and correct flags or rewards</td></tr>
 *   <tr><td>{@code mean_response_length}</td><td>layout</td></tr>
 *   <tr><td>{@code planning_token_ratio}</td><td>layout and planning mask</td></tr>
 *   <tr><td>{@code semantic_entropy}, {@code semantic_entropy_normalized},
 *       {@code distinct_grams}, {@code gram_occurrences}</td><td>matches</td></tr>
 *   <tr><td>{@code conditional_entropy}, {@code procedural_entropy},
 *       {@code conditional_pairs}</td><td>matches and texts</td></tr>
 *   <tr><td>{@code token_entropy}</td><td>entropies</td></tr>
 *   <tr><td>{@code token_entropy_planning}, {@code token_entropy_execution},
 *       {@code fork_planning_in_top}, {@code fork_top_in_planning}</td>
 *       <td>entropies and planning mask</td></tr>
 *   <tr><td>{@code perplexity}</td><td>log-probabilities</td></tr>
 *   <tr><td>{@code perplexity_planning}, {@code perplexity_execution}</td>
 *       <td>log-probabilities and planning mask</td></tr>
 * </table>
 *
 * <p>Defaults: {@link SemanticEntropy#defaults()}, {@link ConditionalGramEntropy#defaults()},
 * pass@k and mean@k for {@code k = 1} only, fork quantile {@code q = 0.2}. Cost: one pass over
 * each per-token array (two over the entropies, which serve both the token-entropy means and the
 * fork quantile) and one over the match lists; allocation is independent of the token count
 * except for a planning mask of zeros when none was given. Immutable and thread-safe.
 */
public final class BatchMetrics {
  private static final BatchMetrics DEFAULTS = builder().build();

  private final SemanticEntropy semantic;
  private final ConditionalGramEntropy conditional;
  private final int[] ks;
  private final double forkQ;

  private BatchMetrics(Builder b) {
    this.semantic = b.semantic;
    this.conditional = b.conditional;
    this.ks = b.ks.clone();
    this.forkQ = b.forkQ;
  }

  /** The defaults described in the class documentation. */
  public static BatchMetrics defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured k values of pass@k and mean@k (a copy). */
  public int[] passAtK() {
    return ks.clone();
  }

  /**
   * All metrics the batch's parts allow, for training step {@code step}.
   *
   * @throws IllegalArgumentException from the individual metrics on bad values (a configured k
   *     above a group's size, a NaN log-probability, …), naming the argument, index and value
   */
  public StepMetrics compute(long step, RolloutBatch batch) {
    Checks.notNull(batch, "batch");
    StepMetrics.Builder out = StepMetrics.builder(step);
    int b = batch.rollouts();
    out.put(StepMetrics.ROLLOUTS, b);
    if (batch.hasCorrect()) {
      boolean[] correct = batch.correctFlags();
      int c = 0;
      for (boolean x : correct) {
        c += x ? 1 : 0;
      }
      out.put(StepMetrics.ACCURACY, b == 0 ? 0.0 : (double) c / b);
      if (batch.hasGroups()) {
        int[][] nc = PassAtK.countPerGroup(batch.groups(), correct);
        for (int k : ks) {
          out.put(StepMetrics.passAt(k), PassAtK.meanPassAtK(nc[0], nc[1], k));
          out.put(StepMetrics.meanAt(k), PassAtK.meanMeanAtK(nc[0], nc[1], k));
        }
      }
    }
    if (batch.hasRewards()) {
      double sum = 0;
      for (int r = 0; r < b; r++) {
        sum += batch.reward(r);
      }
      out.put(StepMetrics.MEAN_REWARD, b == 0 ? 0.0 : sum / b);
    }
    if (batch.hasMatches()) {
      GramEntropy h = semantic.compute(batch);
      out.semantic(h);
      out.put(StepMetrics.SEMANTIC_ENTROPY, h.entropy());
      out.put(StepMetrics.SEMANTIC_ENTROPY_NORMALIZED, h.normalized());
      out.put(StepMetrics.DISTINCT_GRAMS, h.distinct());
      out.put(StepMetrics.GRAM_OCCURRENCES, h.occurrences());
      if (batch.hasTexts()) {
        ConditionalEntropyResult ce = conditional.compute(batch);
        out.conditional(ce);
        out.put(StepMetrics.CONDITIONAL_ENTROPY, ce.conditional());
        out.put(StepMetrics.PROCEDURAL_ENTROPY, ce.procedural());
        out.put(StepMetrics.CONDITIONAL_PAIRS, ce.pairs());
      }
    }
    if (batch.hasTokens()) {
      BatchLayout layout = batch.layout();
      out.put(StepMetrics.MEAN_RESPONSE_LENGTH, b == 0 ? 0.0 : (double) layout.tokens() / b);
      boolean split = batch.hasPlanning();
      TokenMask planning = split ? batch.planning() : TokenMask.empty(layout.tokens());
      if (split) {
        int n = layout.tokens();
        out.put(StepMetrics.PLANNING_TOKEN_RATIO,
            n == 0 ? 0.0 : (double) planning.cardinality() / n);
      }
      if (batch.hasEntropies()) {
        if (split) {
          // means and fork overlap share their passes over the entropies
          ForkTokens.Fused f =
              ForkTokens.overlapAndMeans(batch.entropies(), layout, planning, forkQ);
          TokenClassMeans te = f.means;
          out.tokenEntropy(te);
          out.put(StepMetrics.TOKEN_ENTROPY, te.all());
          out.put(StepMetrics.TOKEN_ENTROPY_PLANNING, te.planning());
          out.put(StepMetrics.TOKEN_ENTROPY_EXECUTION, te.execution());
          out.fork(f.overlap);
          out.put(StepMetrics.FORK_PLANNING_IN_TOP, f.overlap.planningInTop());
          out.put(StepMetrics.FORK_TOP_IN_PLANNING, f.overlap.topInPlanning());
        } else {
          TokenClassMeans te = TokenEntropy.meansByClass(batch.entropies(), layout, planning);
          out.tokenEntropy(te);
          out.put(StepMetrics.TOKEN_ENTROPY, te.all());
        }
      }
      if (batch.hasLogProbs()) {
        PerplexityByClass pp = Perplexity.byClass(batch.logProbs(), layout, planning);
        out.perplexity(pp);
        out.put(StepMetrics.PERPLEXITY, pp.all());
        if (split) {
          out.put(StepMetrics.PERPLEXITY_PLANNING, pp.planning());
          out.put(StepMetrics.PERPLEXITY_EXECUTION, pp.execution());
        }
      }
    }
    return out.build();
  }

  @Override
  public String toString() {
    return "BatchMetrics{" + semantic + ", " + conditional + ", k=" + Arrays.toString(ks)
        + ", forkQ=" + forkQ + "}";
  }

  /** Options of {@link BatchMetrics}. */
  public static final class Builder {
    private SemanticEntropy semantic = SemanticEntropy.defaults();
    private ConditionalGramEntropy conditional = ConditionalGramEntropy.defaults();
    private int[] ks = {1};
    private double forkQ = ForkOverlap.DEFAULT_Q;

    private Builder() {}

    /** How semantic entropy is computed; default {@link SemanticEntropy#defaults()}. */
    public Builder semanticEntropy(SemanticEntropy semantic) {
      this.semantic = Checks.notNull(semantic, "semantic");
      return this;
    }

    /** How conditional entropy is computed; default {@link ConditionalGramEntropy#defaults()}. */
    public Builder conditionalEntropy(ConditionalGramEntropy conditional) {
      this.conditional = Checks.notNull(conditional, "conditional");
      return this;
    }

    /**
     * The k values of pass@k and mean@k, each {@code >= 1}, distinct; default {@code {1}}. Every
     * group of a batch must have at least {@code max(k)} rollouts.
     */
    public Builder passAtK(int... ks) {
      Checks.notNull(ks, "ks");
      for (int i = 0; i < ks.length; i++) {
        if (ks[i] < 1) {
          throw Checks.badElement("ks", i, ks[i], "must be >= 1");
        }
        for (int j = 0; j < i; j++) {
          if (ks[j] == ks[i]) {
            throw Checks.badElement("ks", i, ks[i], "repeats ks[" + j + "]");
          }
        }
      }
      this.ks = ks.clone();
      return this;
    }

    /** The fork-token quantile fraction, in (0, 1); default 0.2. */
    public Builder forkQuantile(double q) {
      this.forkQ = Checks.openUnit(q, "q");
      return this;
    }

    /** The immutable configuration. */
    public BatchMetrics build() {
      return new BatchMetrics(this);
    }
  }
}
