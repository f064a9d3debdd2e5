package io.hicra.cli;

import io.hicra.core.BatchLayout;
import io.hicra.core.Groups;
import io.hicra.core.TokenMask;
import io.hicra.grams.GramMatch;
import io.hicra.metrics.BatchMetrics;
import io.hicra.metrics.RolloutBatch;
import io.hicra.metrics.StepMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one training step's rollouts add up to, kept after the step's rollouts are released:
 * counts, per-group correctness (for pass@k), Strategic Gram frequencies and, when the log
 * carries them, token-level sums by planning / execution class. Metrics are derived from these
 * by {@link MetricsTable}.
 */
final class StepStats {
  final long step;
  final int rollouts;
  final int groups;
  final int singletonGroups;
  final int correct;
  final double rewardSum;
  final long tokens;
  final long planningTokens;
  final int[] groupSizes;
  final int[] groupCorrect;
  /** Matches per gram phrase, and the category of each phrase. */
  final Map<String, Integer> gramCounts = new TreeMap<>();
  final Map<String, String> gramCategory = new TreeMap<>();
  /** Gram ids in order of occurrence per rollout, for the conditional entropy. */
  final int[][] gramSequences;

  /** Rollouts carrying entropies / logprobs, and the token sums by class. */
  final int rolloutsWithEntropies;
  final int rolloutsWithLogprobs;
  final double[] entropySum = new double[2];
  final long[] entropyTokens = new long[2];
  final double[] logprobSum = new double[2];
  final long[] logprobTokens = new long[2];
  /** Metrics from hicra-metrics; NaN when the log does not carry what they need. */
  double semanticEntropy = Double.NaN;
  double conditionalEntropy = Double.NaN;
  double tokenEntropyPlanning = Double.NaN;
  double tokenEntropyExecution = Double.NaN;
  double perplexityPlanning = Double.NaN;
  double perplexityExecution = Double.NaN;
  double forkPlanningInTop = Double.NaN;
  double forkTopInPlanning = Double.NaN;

  static final int PLANNING = 0;
  static final int EXECUTION = 1;

  StepStats(long step, List<Rollout> batch, Groups g, BatchLayout layout, TokenMask mask) {
    this.step = step;
    this.rollouts = batch.size();
    this.groups = g.count();
    int singletons = 0;
    groupSizes = new int[groups];
    groupCorrect = new int[groups];
    for (int k = 0; k < groups; k++) {
      groupSizes[k] = g.size(k);
      if (g.size(k) == 1) {
        singletons++;
      }
    }
    this.singletonGroups = singletons;
    int c = 0;
    double rs = 0;
    long tk = 0;
    long pt = 0;
    int withEnt = 0;
    int withLp = 0;
    gramSequences = new int[batch.size()][];
    // Matches counted by gram id first, then added to the maps by phrase once per gram, in order
    // of first occurrence (which keeps the first category seen for a phrase).
    int[] countById = new int[64];
    Rollout.GramSpan[] spanById = new Rollout.GramSpan[64];
    int[] idsInOrder = new int[16];
    int distinctIds = 0;
    for (int i = 0; i < batch.size(); i++) {
      Rollout r = batch.get(i);
      if (r.correct) {
        c++;
        groupCorrect[g.groupOf(i)]++;
      }
      rs += r.reward;
      tk += r.tokens;
      pt += r.planningCount;
      int[] seq = new int[r.grams == null ? 0 : r.grams.length];
      for (int m = 0; m < seq.length; m++) {
        Rollout.GramSpan s = r.grams[m];
        int id = s.gramId();
        if (id >= countById.length) {
          int size = Math.max(id + 1, 2 * countById.length);
          countById = java.util.Arrays.copyOf(countById, size);
          spanById = java.util.Arrays.copyOf(spanById, size);
        }
        if (countById[id]++ == 0) {
          spanById[id] = s;
          if (distinctIds == idsInOrder.length) {
            idsInOrder = java.util.Arrays.copyOf(idsInOrder, 2 * distinctIds);
          }
          idsInOrder[distinctIds++] = id;
        }
        seq[m] = id;
      }
      gramSequences[i] = seq;
      if (r.entropies != null) {
        withEnt++;
        for (int t = 0; t < r.tokens; t++) {
          int cls = r.planning.get(t) ? PLANNING : EXECUTION;
          entropySum[cls] += r.entropies[t];
          entropyTokens[cls]++;
        }
      }
      if (r.logprobs != null) {
        withLp++;
        for (int t = 0; t < r.tokens; t++) {
          int cls = r.planning.get(t) ? PLANNING : EXECUTION;
          logprobSum[cls] += r.logprobs[t];
          logprobTokens[cls]++;
        }
      }
    }
    for (int k = 0; k < distinctIds; k++) {
      Rollout.GramSpan s = spanById[idsInOrder[k]];
      gramCounts.merge(s.phrase(), countById[idsInOrder[k]], Integer::sum);
      gramCategory.putIfAbsent(s.phrase(), s.category());
    }
    this.correct = c;
    this.rewardSum = rs;
    this.tokens = tk;
    this.planningTokens = pt;
    this.rolloutsWithEntropies = withEnt;
    this.rolloutsWithLogprobs = withLp;
    computeMetrics(batch, g, layout, mask);
  }

  /**
   * Semantic and conditional entropy, token entropy, perplexity and fork overlap by class from
   * hicra-metrics' {@link BatchMetrics}. Token-level metrics need every rollout of the step to
   * carry {@code entropies} (resp. {@code logprobs}).
   */
  private void computeMetrics(List<Rollout> batch, Groups g, BatchLayout layout, TokenMask mask) {
    int n = batch.size();
    List<String> texts = new ArrayList<>(n);
    List<List<GramMatch>> matches = new ArrayList<>(n);
    double[] rewards = new double[n];
    boolean[] correctFlags = new boolean[n];
    for (int i = 0; i < n; i++) {
      Rollout r = batch.get(i);
      texts.add(r.text);
      matches.add(r.matches == null ? List.of() : r.matches);
      rewards[i] = r.reward;
      correctFlags[i] = r.correct;
    }
    float[] lp = rolloutsWithLogprobs == n ? flat(batch, layout, true) : null;
    float[] ent = rolloutsWithEntropies == n ? flat(batch, layout, false) : null;
    RolloutBatch rb =
        RolloutBatch.builder(n)
            .texts(texts)
            .matches(matches)
            .rewards(rewards)
            .correct(correctFlags)
            .groups(g)
            .tokens(layout, lp, ent, mask)
            .build();
    StepMetrics m = METRICS.compute(step, rb);
    semanticEntropy = m.find(StepMetrics.SEMANTIC_ENTROPY).orElse(Double.NaN);
    conditionalEntropy = m.find(StepMetrics.CONDITIONAL_ENTROPY).orElse(Double.NaN);
    tokenEntropyPlanning = m.find(StepMetrics.TOKEN_ENTROPY_PLANNING).orElse(Double.NaN);
    tokenEntropyExecution = m.find(StepMetrics.TOKEN_ENTROPY_EXECUTION).orElse(Double.NaN);
    perplexityPlanning = m.find(StepMetrics.PERPLEXITY_PLANNING).orElse(Double.NaN);
    perplexityExecution = m.find(StepMetrics.PERPLEXITY_EXECUTION).orElse(Double.NaN);
    forkPlanningInTop = m.find(StepMetrics.FORK_PLANNING_IN_TOP).orElse(Double.NaN);
    forkTopInPlanning = m.find(StepMetrics.FORK_TOP_IN_PLANNING).orElse(Double.NaN);
  }

  private static final BatchMetrics METRICS = BatchMetrics.defaults();

  private static float[] flat(List<Rollout> batch, BatchLayout layout, boolean logprobs) {
    float[] out = new float[layout.tokens()];
    for (int i = 0; i < batch.size(); i++) {
      Rollout r = batch.get(i);
      System.arraycopy(logprobs ? r.logprobs : r.entropies, 0, out, layout.start(i), r.tokens);
    }
    return out;
  }

  /**
   * The step's correct rollout (preferably with a positive advantage, so that HICRA amplifies it)
   * with the most distinct grams, then the most planning tokens, then the first; null for an
   * empty batch.
   */
  static Rollout pickExample(List<Rollout> batch) {
    Rollout best = null;
    long bestScore = Long.MIN_VALUE;
    java.util.Set<String> phrases = new java.util.HashSet<>();
    for (Rollout r : batch) {
      phrases.clear();
      if (r.grams != null) {
        for (Rollout.GramSpan s : r.grams) {
          phrases.add(s.phrase());
        }
      }
      long distinct = phrases.size();
      long score = (r.correct ? 1L << 41 : 0) + (r.advantage > 0 ? 1L << 40 : 0) + (distinct << 20)
          + Math.min(r.planningCount, (1 << 20) - 1);
      if (score > bestScore) {
        best = r;
        bestScore = score;
      }
    }
    return best;
  }
}
