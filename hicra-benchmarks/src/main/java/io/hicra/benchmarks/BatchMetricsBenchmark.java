package io.hicra.benchmarks;

import io.hicra.core.BatchLayout;
import io.hicra.core.TokenMask;
import io.hicra.grams.GramMatch;
import io.hicra.grams.StrategicGram;
import io.hicra.grams.StrategicGramSet;
import io.hicra.metrics.ConditionalEntropyResult;
import io.hicra.metrics.ConditionalGramEntropy;
import io.hicra.metrics.ForkOverlap;
import io.hicra.metrics.ForkTokens;
import io.hicra.metrics.GramEntropy;
import io.hicra.metrics.Perplexity;
import io.hicra.metrics.PerplexityByClass;
import io.hicra.metrics.RolloutBatch;
import io.hicra.metrics.SemanticEntropy;
import io.hicra.metrics.TokenClassMeans;
import io.hicra.metrics.TokenEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-batch metrics of {@code hicra-metrics} over the batch of 512 rollouts x 16,384
 * tokens (8.4M tokens) with masks and gram matches given, next to a {@code float[]} copy of the
 * batch's tokens (the memory-bandwidth baseline, 8 bytes per token). One operation = one batch,
 * so every throughput ratio is a token-rate ratio; ns/token = 1e9 / (ops/s · 8,388,608).
 *
 * <p>Each rollout's text is a sequence of 16,384 "tokens": plain words from a small maths
 * vocabulary, with a phrase of {@link StrategicGramSet#defaultSet()} inserted with probability
 * 3% per position (about 12% of tokens become planning tokens, as in the core benchmark); the
 * gram matches and the planning mask are built alongside, so the benchmark measures the metrics,
 * not the matcher. Log-probabilities and entropies are random.
 *
 * <p>Targets are regression floors at about half the ratios measured on the shared 2-core
 * development machine (see the module README): the gram metrics work per match, not per token,
 * and the token reductions are scalar in Java 17, so a copy (vectorised) is faster than all but
 * semantic entropy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BatchMetricsBenchmark {
  private static final String[] WORDS = {"x", "=", "2", "+", "3", "then", "the", "sum", "is",
      "so", "we", "get", "4", "and", "(", ")", "*", "y", "of", "5", ",", "."};

  @Param({"512"})
  int rollouts;

  @Param({"16384"})
  int tokensPerRollout;

  BatchLayout layout;
  RolloutBatch batch;
  float[] logProbs;
  float[] entropies;
  TokenMask planning;
  float[] copy;
  SemanticEntropy semantic;
  ConditionalGramEntropy conditional;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    StrategicGramSet grams = StrategicGramSet.defaultSet();
    layout = BatchLayout.uniform(rollouts, tokensPerRollout);
    int n = layout.tokens();
    planning = TokenMask.empty(n);
    List<String> texts = new ArrayList<>(rollouts);
    List<List<GramMatch>> matches = new ArrayList<>(rollouts);
    for (int r = 0; r < rollouts; r++) {
      StringBuilder text = new StringBuilder(tokensPerRollout * 4);
      List<GramMatch> ms = new ArrayList<>();
      int t = 0;
      while (t < tokensPerRollout) {
        if (t > 0) {
          text.append(' ');
        }
        if (random.nextInt(100) < 3) {
          int id = (int) (Math.pow(random.nextDouble(), 2) * grams.size());
          StrategicGram g = grams.get(id);
          int words = g.phrase().split(" ").length;
          int len = Math.min(words, tokensPerRollout - t);
          int start = text.length();
          text.append(g.phrase());
          ms.add(new GramMatch(id, g, start, text.length()));
          planning.set(layout.start(r) + t, layout.start(r) + t + len);
          t += len;
        } else {
          text.append(WORDS[random.nextInt(WORDS.length)]);
          t++;
        }
      }
      texts.add(text.toString());
      matches.add(ms);
    }
    logProbs = new float[n];
    entropies = new float[n];
    for (int i = 0; i < n; i++) {
      logProbs[i] = (float) -random.nextDouble(0, 4);
      entropies[i] = (float) random.nextDouble(0, 3);
    }
    copy = new float[n];
    batch = RolloutBatch.builder(rollouts)
        .texts(texts)
        .matches(matches)
        .tokens(layout, logProbs, entropies, planning)
        .build();
    semantic = SemanticEntropy.defaults();
    conditional = ConditionalGramEntropy.defaults();
  }

  /** Semantic entropy: one pass over the match lists. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.5)
  public GramEntropy semanticEntropy() {
    return semantic.compute(batch);
  }

  /** Conditional entropy: the match lists plus up to 3 words of text after each match. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.02)
  public ConditionalEntropyResult conditionalEntropy() {
    return conditional.compute(batch);
  }

  /** Perplexity by class: one pass over the log-probabilities and the mask's set bits. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.2)
  public PerplexityByClass perplexityByClass() {
    return Perplexity.byClass(logProbs, layout, planning);
  }

  /** Mean token entropy by class from per-token entropies. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.2)
  public TokenClassMeans tokenEntropyByClass() {
    return TokenEntropy.meansByClass(entropies, layout, planning);
  }

  /** Fork-token overlap: two passes of radix selection plus the mask's set bits. */
  @Benchmark
  @RatioTo(baseline = "copy", target = 0.15)
  public ForkOverlap forkOverlap() {
    return ForkTokens.overlap(entropies, layout, planning, 0.2);
  }

  /** Memory-bandwidth baseline: a {@code float[]} copy of the batch's tokens (8 bytes each). */
  @Benchmark
  public float[] copy() {
    System.arraycopy(logProbs, 0, copy, 0, copy.length);
    return copy;
  }
}
