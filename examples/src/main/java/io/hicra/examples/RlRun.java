package io.hicra.examples;

import io.hicra.core.AdvantageConfig;
import io.hicra.core.BatchLayout;
import io.hicra.core.GroupAdvantages;
import io.hicra.core.Groups;
import io.hicra.core.TokenCredit;
import io.hicra.core.TokenMask;
import io.hicra.examples.HierarchicalTask.Problem;
import io.hicra.grams.GramMatch;
import io.hicra.grams.OffsetUnit;
import io.hicra.grams.StrategicGramSet;
import io.hicra.grams.TokenAligner;
import io.hicra.metrics.BatchMetrics;
import io.hicra.metrics.DynamicsTracker;
import io.hicra.metrics.RisingTurn;
import io.hicra.metrics.RolloutBatch;
import io.hicra.metrics.StepMetrics;
import io.hicra.nd4j.PolicyLoss;
import io.hicra.nd4j.PolicyLossConfig;
import io.hicra.nd4j.PolicyLossInputs;
import io.hicra.nd4j.PolicyLossResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One end-to-end RL run on {@link HierarchicalTask}: a supervised warm-up that makes a "base
 * model", then GRPO-style training with the chosen credit assignment, evaluating on held-out
 * problems as it goes. Each step uses the library the way a trainer would: decode rollouts to
 * text, find planning tokens with a Strategic Gram set, group advantages and token credit from
 * hicra-core, then the policy-gradient update.
 */
public final class RlRun {
  /** Resource holding the task's Strategic Gram lexicon (TSV). */
  static final String LEXICON = "task-lexicon.tsv";

  /**
   * Warmed-up base models of this JVM, by everything that determines them: runs that differ only
   * in the algorithm or RL settings start from the same base model without repeating the warm-up.
   */
  private static final Map<WarmKey, Policy> BASE_MODELS = new HashMap<>();

  private record WarmKey(long seed, long taskSeed, int families, int hidden, int warmupSteps,
      int warmupBatch, double warmupLearningRate) {}

  private RlRun() {}

  /** The Strategic Gram set of the run: the library's default lexicon plus the task lexicon. */
  public static StrategicGramSet gramSet() {
    try (InputStream in = RlRun.class.getResourceAsStream(LEXICON)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + LEXICON);
      }
      Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
      StrategicGramSet task = StrategicGramSet.read(r, LEXICON);
      return StrategicGramSet.builder()
          .addAll(StrategicGramSet.defaultSet())
          .addAll(task)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LEXICON, e);
    }
  }

  /** Runs {@code config}, printing one progress line per evaluation to {@code log} (may be null). */
  public static RunResult run(RunConfig config, PrintStream log) {
    return run(config, log, null);
  }

  /**
   * Like {@link #run(RunConfig, PrintStream)}, also writing every sampled training rollout to
   * {@code rollouts} (may be null) as a JSONL rollout log that {@code hicra analyze} reads.
   */
  public static RunResult run(RunConfig config, PrintStream log, Appendable rollouts) {
    RolloutLog rolloutLog = rollouts == null ? null : new RolloutLog(rollouts);
    long t0 = System.nanoTime();
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    HierarchicalTask task = new HierarchicalTask(config.families(), config.taskSeed());
    Vocabulary vocab = task.vocabulary();
    TokenAligner aligner = TokenAligner.of(gramSet());
    SplittableRandom root = new SplittableRandom(config.seed());
    Policy policy = new Policy(vocab.size(), vocab.id(Vocabulary.BOS), config.hidden(), root.nextLong());
    SplittableRandom warmRnd = root.split();
    SplittableRandom dataRnd = root.split();
    SplittableRandom sampleRnd = root.split();

    WarmKey key = new WarmKey(config.seed(), config.taskSeed(), config.families(), config.hidden(),
        config.warmupSteps(), config.warmupBatch(), config.warmupLearningRate());
    synchronized (BASE_MODELS) {
      Policy base = BASE_MODELS.get(key);
      if (base == null) {
        warmUp(config, task, policy, warmRnd);
        base = new Policy(vocab.size(), vocab.id(Vocabulary.BOS), config.hidden(), 0L);
        base.copyParametersFrom(policy);
        BASE_MODELS.put(key, base);
      }
      policy.copyParametersFrom(base);
    }
    long tWarm = System.nanoTime();

    List<Problem> evalSet = task.evalSet(config.evalProblems(), config.taskSeed() + 1);
    TokenCredit credit = config.algorithm() == Algorithm.HICRA
        ? TokenCredit.hicra(config.alpha())
        : TokenCredit.uniform();
    boolean entropyBonus = config.algorithm() == Algorithm.ENTROPY;
    PolicyLoss loss = PolicyLoss.of(PolicyLossConfig.builder()
        .aggregation(PolicyLossConfig.Aggregation.TOKEN_MEAN)
        .entropyCoefficient(entropyBonus ? config.entropyCoefficient() : 0.0)
        .build());
    DynamicsTracker tracker = DynamicsTracker.builder()
        .metrics(BatchMetrics.builder().passAtK(1, config.groupSize()).build())
        .build();

    List<Map<String, Double>> rows = new ArrayList<>();
    List<Map<String, Double>> evals = new ArrayList<>();
    long planningSeen = 0;
    int g = config.groupSize();
    int[] groupSizes = new int[config.problemsPerStep()];
    Arrays.fill(groupSizes, g);
    Groups groups = Groups.contiguous(groupSizes);

    for (int step = 0; step <= config.steps(); step++) {
      if (step % config.evalEvery() == 0 || step == config.steps()) {
        Map<String, Double> ev = evaluate(policy, task, aligner, evalSet, config, sampleRnd.split());
        ev.put("step", (double) step);
        evals.add(reorder(ev));
        if (log != null) {
          log.printf("%s seed %d step %4d  held-out pass@1 %.3f  strategy %.3f  execution %.3f%n",
              config.algorithm().id(), config.seed(), step, ev.get("heldout_pass1"),
              ev.get("heldout_strategy_ok"), ev.get("heldout_execution_ok"));
        }
      }
      if (step == config.steps()) {
        break;
      }
      List<Problem> batch = new ArrayList<>();
      for (int p = 0; p < config.problemsPerStep(); p++) {
        Problem prob = task.sampleTrain(dataRnd);
        for (int k = 0; k < g; k++) {
          batch.add(prob);
        }
      }
      Rollouts ro = Rollouts.sample(policy, task, batch, config.temperature(), sampleRnd);
      BatchLayout layout = ro.layout;
      int n = layout.tokens();
      double[] rewards = new double[ro.size()];
      int strategyOk = 0;
      int executionOk = 0;
      for (int i = 0; i < ro.size(); i++) {
        Problem p = ro.problems.get(i);
        rewards[i] = task.reward(p, ro.tokens, layout.start(i), layout.end(i));
        int s = task.statedStrategy(ro.tokens, layout.start(i), layout.end(i));
        if (s == task.workingStrategy(p.family())) {
          strategyOk++;
        }
        if (task.executedCorrectly(p, ro.tokens, layout.start(i), layout.end(i))) {
          executionOk++;
        }
      }
      TokenMask planning = TokenMask.empty(n);
      List<String> texts = new ArrayList<>();
      List<List<GramMatch>> matches = new ArrayList<>();
      markPlanning(ro, vocab, aligner, planning, texts, matches);
      if (rolloutLog != null) {
        int[] spans = new int[2 * HierarchicalTask.MAX_RESPONSE];
        for (int i = 0; i < ro.size(); i++) {
          String text = vocab.decode(ro.tokens, layout.start(i), layout.end(i), spans);
          rolloutLog.write(step, i / g, i, rewards[i], text, spans, ro.logp, ro.entropy,
              layout.start(i), layout.length(i));
        }
      }
      planningSeen += planning.cardinality();

      double[] seqAdv = GroupAdvantages.compute(rewards, groups, AdvantageConfig.defaults());
      float[] tokAdv = credit.assign(seqAdv, layout, planning, ro.entropy);

      // One on-policy update per batch: recompute log-probs (and logits for the entropy bonus)
      // under the current parameters, take the clipped loss's gradients from hicra-nd4j and
      // back-propagate them through the policy.
      float[] x = ro.features(policy);
      float[] logits = policy.logits(x, n);
      float[] logpNew = takenLogProbs(logits, ro.tokens, vocab.size());
      PolicyLossInputs in = PolicyLossInputs.ragged(layout, Nd4j.createFromArray(logpNew),
          Nd4j.createFromArray(ro.logp), Nd4j.createFromArray(tokAdv));
      if (entropyBonus) {
        in = in.withLogits(Nd4j.create(logits, new long[] {n, vocab.size()}, DataType.FLOAT));
      }
      PolicyLossResult res = loss.compute(in);
      float[] upstream = res.gradLogpNew().castTo(DataType.FLOAT).data().asFloat();
      float[] gradLogits = res.gradLogits() == null
          ? null
          : res.gradLogits().castTo(DataType.FLOAT).data().asFloat();
      double gradNorm = policy.step(x, ro.tokens, upstream, gradLogits, n,
          config.learningRate(), 1.0);

      boolean[] correct = new boolean[rewards.length];
      for (int i = 0; i < rewards.length; i++) {
        correct[i] = rewards[i] > 0;
      }
      RolloutBatch mb = RolloutBatch.builder(ro.size())
          .texts(texts)
          .matches(matches)
          .rewards(rewards)
          .correct(correct)
          .groups(groups)
          .tokens(layout, ro.logp, ro.entropy, planning)
          .build();
      StepMetrics m = tracker.record(step, mb);
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("step", (double) step);
      m.values().forEach(row::putIfAbsent);
      row.put("strategy_ok", strategyOk / (double) ro.size());
      row.put("execution_ok", executionOk / (double) ro.size());
      row.put("loss", res.loss());
      row.put("grad_norm", gradNorm);
      rows.add(row);
    }
    long t1 = System.nanoTime();
    RisingTurn turn = tracker.semanticEntropyTurn();
    return new RunResult(config, rows, evals, tracker.toCsv(), turn.found() ? turn.step() : -1,
        planningSeen, (tWarm - t0) / 1e9, (t1 - tWarm) / 1e9);
  }

  private static Map<String, Double> reorder(Map<String, Double> ev) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("step", ev.get("step"));
    ev.forEach((k, v) -> {
      if (!k.equals("step")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Supervised warm-up on demonstrations: mean token cross-entropy, Adam. */
  static void warmUp(RunConfig c, HierarchicalTask task, Policy policy, SplittableRandom rnd) {
    for (int w = 0; w < c.warmupSteps(); w++) {
      int[][] prompts = new int[c.warmupBatch()][];
      int[][] demos = new int[c.warmupBatch()][];
      int n = 0;
      for (int i = 0; i < demos.length; i++) {
        Problem p = task.sampleTrain(rnd);
        prompts[i] = task.prompt(p);
        demos[i] = task.demonstration(p, rnd);
        n += demos[i].length;
      }
      float[] x = new float[n * policy.features()];
      int[] taken = new int[n];
      float[] up = new float[n];
      int row = 0;
      for (int i = 0; i < demos.length; i++) {
        for (int j = 0; j < demos[i].length; j++) {
          policy.featureRow(prompts[i], demos[i], 0, j, x, row);
          taken[row] = demos[i][j];
          up[row] = -1f / n;
          row++;
        }
      }
      policy.step(x, taken, up, null, n, c.warmupLearningRate(), 1.0);
      if (Boolean.getBoolean("hicra.debug") && w % 50 == 0) {
        System.err.printf("warm-up %d %d ms%n", w, System.currentTimeMillis());
      }
    }
  }

  /**
   * Decodes every rollout to text, marks its planning tokens (tokens overlapping a gram match)
   * and collects its leftmost-longest gram matches for the semantic-entropy metrics.
   */
  private static void markPlanning(Rollouts ro, Vocabulary vocab, TokenAligner aligner,
      TokenMask planning, List<String> texts, List<List<GramMatch>> matches) {
    int[] spans = new int[2 * HierarchicalTask.MAX_RESPONSE];
    for (int i = 0; i < ro.size(); i++) {
      int len = ro.layout.length(i);
      String text = vocab.decode(ro.tokens, ro.layout.start(i), ro.layout.end(i), spans);
      int[] starts = new int[len];
      int[] ends = new int[len];
      for (int t = 0; t < len; t++) {
        starts[t] = spans[2 * t];
        ends[t] = spans[2 * t + 1];
      }
      aligner.markOffsets(text, starts, ends, OffsetUnit.UTF16, planning, ro.layout, i);
      if (texts != null) {
        texts.add(text);
        matches.add(aligner.matcher().findLongest(text));
      }
    }
  }

  /** log-softmax of each row of {@code logits} at {@code tokens[row]}. */
  static float[] takenLogProbs(float[] logits, int[] tokens, int v) {
    float[] out = new float[tokens.length];
    for (int r = 0; r < tokens.length; r++) {
      int off = r * v;
      double mx = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < v; k++) {
        mx = Math.max(mx, logits[off + k]);
      }
      double z = 0;
      for (int k = 0; k < v; k++) {
        z += Math.exp(logits[off + k] - mx);
      }
      out[r] = (float) (logits[off + tokens[r]] - mx - Math.log(z));
    }
    return out;
  }

  /** Held-out pass@1 (mean over samples), pass@k, and the environment's two diagnostics. */
  static Map<String, Double> evaluate(Policy policy, HierarchicalTask task, TokenAligner aligner,
      List<Problem> evalSet, RunConfig c, SplittableRandom rnd) {
    int k = c.evalSamples();
    List<Problem> batch = new ArrayList<>();
    for (Problem p : evalSet) {
      for (int s = 0; s < k; s++) {
        batch.add(p);
      }
    }
    Rollouts ro = Rollouts.sample(policy, task, batch, c.temperature(), rnd);
    double correct = 0;
    double anyCorrect = 0;
    double strategy = 0;
    double execution = 0;
    for (int q = 0; q < evalSet.size(); q++) {
      boolean any = false;
      for (int s = 0; s < k; s++) {
        int i = q * k + s;
        Problem p = ro.problems.get(i);
        int from = ro.layout.start(i);
        int to = ro.layout.end(i);
        double r = task.reward(p, ro.tokens, from, to);
        correct += r;
        any |= r > 0;
        if (task.statedStrategy(ro.tokens, from, to) == task.workingStrategy(p.family())) {
          strategy++;
        }
        if (task.executedCorrectly(p, ro.tokens, from, to)) {
          execution++;
        }
      }
      anyCorrect += any ? 1 : 0;
    }
    TokenMask planning = TokenMask.empty(ro.layout.tokens());
    markPlanning(ro, task.vocabulary(), aligner, planning, null, null);
    Map<String, Double> out = new LinkedHashMap<>();
    double total = batch.size();
    out.put("heldout_pass1", correct / total);
    out.put("heldout_pass" + k, anyCorrect / evalSet.size());
    out.put("heldout_strategy_ok", strategy / total);
    out.put("heldout_execution_ok", execution / total);
    out.put("heldout_planning_fraction", planning.cardinality() / (double) ro.layout.tokens());
    return out;
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }
}
