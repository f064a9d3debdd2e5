package io.hicra.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic reasoning task with two levels: pick a strategy, then execute it.
 *
 * <p>A problem reads {@code solve k07 with 3 8 1}: a <i>family</i> ({@code k00}..) and three
 * operand digits. A solution first states a strategy with one of six phrases ("let's compute it
 * directly", "let's try working backwards", ...) and then writes three procedural steps, e.g.
 * {@code let's try working backwards step 1 step 8 step 9 <eos>}. Each strategy fixes which
 * operands the first two steps read and a digit offset added to them; the third step is the sum
 * of the first two, modulo 10. Exactly one strategy works for each family (a seeded assignment),
 * and the reward is 1 only if the phrase is that strategy and all three steps are right under it.
 *
 * <p>Problems are all {@code families × 1000} operand triples; a seeded hash holds out one in
 * five as the evaluation split. The generator also writes <i>demonstrations</i> for the
 * supervised warm-up that stands in for a pretrained base model: their strategy is drawn from a
 * prior that prefers "let's compute it directly" (right for one family in six) regardless of the
 * family, and their steps are right for the strategy they state. Immutable.
 */
public final class HierarchicalTask {
  /** The strategy phrases, in strategy-id order. */
  static final String[] STRATEGIES = {
    "let's compute it directly",
    "let's try working backwards",
    "consider the case where",
    "we can use the fact that",
    "let's break it into parts",
    "let's try a different approach",
  };

  /**
   * The demonstrations' strategy prior when they do not use the family's working strategy: the
   * base model's habit, blind to the family.
   */
  static final double[] DEMO_PRIOR = {0.5, 0.1, 0.1, 0.1, 0.1, 0.1};

  /** Fraction of demonstrations that state the family's working strategy. */
  static final double DEMO_INFORMED = 0.2;

  private static final int[][] ORDER = {{0, 1}, {2, 1}, {0, 2}, {1, 0}, {1, 2}, {2, 0}};
  private static final int[] OFFSET = {0, 0, 1, 2, 3, 5};

  /** Problem tokens: {@code solve}, family, {@code with}, three operands. */
  static final int PROMPT_LENGTH = 6;

  /** Longest response the decoder writes (a strategy phrase, three steps, {@code <eos>}). */
  static final int MAX_RESPONSE = 14;

  /** One problem: a family and three operand digits. */
  public record Problem(int family, int a, int b, int c) {
    int operand(int i) {
      return i == 0 ? a : i == 1 ? b : c;
    }
  }

  private final int families;
  private final int[] working;
  private final Vocabulary vocab;
  private final int[][] phraseTokens;
  private final List<Problem> train;
  private final List<Problem> heldOut;
  private final int stepId;
  private final int eosId;
  private final int digit0;

  /**
   * @param families number of problem families, 6..100
   * @param taskSeed fixes which strategy works for each family and the held-out split
   */
  public HierarchicalTask(int families, long taskSeed) {
    if (families < STRATEGIES.length || families > 100) {
      throw new IllegalArgumentException("families must be in [6, 100], got " + families);
    }
    this.families = families;
    SplittableRandom rnd = new SplittableRandom(taskSeed);
    List<Integer> assign = new ArrayList<>();
    for (int f = 0; f < families; f++) {
      assign.add(1 + f % (STRATEGIES.length - 1));
    }
    Collections.shuffle(assign, new java.util.Random(rnd.nextLong()));
    this.working = assign.stream().mapToInt(Integer::intValue).toArray();

    List<String> words = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.BOS, Vocabulary.EOS,
        "solve", "with", "step"));
    for (int d = 0; d < 10; d++) {
      words.add(Integer.toString(d));
    }
    for (int f = 0; f < families; f++) {
      words.add(familyWord(f));
    }
    for (String phrase : STRATEGIES) {
      for (String w : phrase.split(" ")) {
        if (!words.contains(w)) {
          words.add(w);
        }
      }
    }
    this.vocab = new Vocabulary(words);
    this.phraseTokens = new int[STRATEGIES.length][];
    for (int s = 0; s < STRATEGIES.length; s++) {
      phraseTokens[s] = vocab.encode(STRATEGIES[s]);
    }
    this.stepId = vocab.id("step");
    this.eosId = vocab.id(Vocabulary.EOS);
    this.digit0 = vocab.id("0");

    long splitSalt = rnd.nextLong();
    List<Problem> tr = new ArrayList<>();
    List<Problem> ho = new ArrayList<>();
    for (int f = 0; f < families; f++) {
      for (int x = 0; x < 1000; x++) {
        Problem p = new Problem(f, x / 100, x / 10 % 10, x % 10);
        long h = mix(splitSalt ^ (f * 1000L + x));
        (Long.remainderUnsigned(h, 5) == 0 ? ho : tr).add(p);
      }
    }
    this.train = Collections.unmodifiableList(tr);
    this.heldOut = Collections.unmodifiableList(ho);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static String familyWord(int f) {
    return f < 10 ? "k0" + f : "k" + f;
  }

  Vocabulary vocabulary() {
    return vocab;
  }

  int families() {
    return families;
  }

  List<Problem> trainProblems() {
    return train;
  }

  List<Problem> heldOutProblems() {
    return heldOut;
  }

  /** A uniformly drawn training problem. */
  Problem sampleTrain(SplittableRandom rnd) {
    return train.get(rnd.nextInt(train.size()));
  }

  /** {@code count} held-out problems, the same for a given seed, spread evenly over families. */
  List<Problem> evalSet(int count, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<List<Problem>> byFamily = new ArrayList<>();
    for (int f = 0; f < families; f++) {
      byFamily.add(new ArrayList<>());
    }
    for (Problem p : heldOut) {
      byFamily.get(p.family()).add(p);
    }
    List<Problem> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Problem> pool = byFamily.get(i % families);
      out.add(pool.get(rnd.nextInt(pool.size())));
    }
    return out;
  }

  /** The prompt tokens, {@link #PROMPT_LENGTH} of them. */
  int[] prompt(Problem p) {
    return new int[] {vocab.id("solve"), vocab.id(familyWord(p.family())), vocab.id("with"),
        digit0 + p.a(), digit0 + p.b(), digit0 + p.c()};
  }

  /** The full solution under strategy {@code s}, ending with {@code <eos>}. */
  int[] solution(Problem p, int s) {
    int[] phrase = phraseTokens[s];
    int[] out = new int[phrase.length + 7];
    System.arraycopy(phrase, 0, out, 0, phrase.length);
    int d1 = (p.operand(ORDER[s][0]) + OFFSET[s]) % 10;
    int d2 = (p.operand(ORDER[s][1]) + OFFSET[s]) % 10;
    int d3 = (d1 + d2) % 10;
    int k = phrase.length;
    out[k] = stepId;
    out[k + 1] = digit0 + d1;
    out[k + 2] = stepId;
    out[k + 3] = digit0 + d2;
    out[k + 4] = stepId;
    out[k + 5] = digit0 + d3;
    out[k + 6] = eosId;
    return out;
  }

  /**
   * A demonstration for the warm-up: with probability {@link #DEMO_INFORMED} the family's working
   * strategy, otherwise one drawn from {@link #DEMO_PRIOR}; the steps are right for the strategy
   * stated.
   */
  int[] demonstration(Problem p, SplittableRandom rnd) {
    if (rnd.nextDouble() < DEMO_INFORMED) {
      return solution(p, working[p.family()]);
    }
    double u = rnd.nextDouble();
    int s = 0;
    double acc = DEMO_PRIOR[0];
    while (u >= acc && s < DEMO_PRIOR.length - 1) {
      s++;
      acc += DEMO_PRIOR[s];
    }
    return solution(p, s);
  }

  int workingStrategy(int family) {
    return working[family];
  }

  /** 1 if {@code response[from, to)} is the working strategy's full solution, else 0. */
  double reward(Problem p, int[] response, int from, int to) {
    return matches(solution(p, working[p.family()]), response, from, to) ? 1.0 : 0.0;
  }

  /**
   * Which strategy phrase {@code response[from, to)} opens with, or -1. A diagnostic of the
   * environment for the report; planning tokens are found by hicra-grams from the text.
   */
  int statedStrategy(int[] response, int from, int to) {
    for (int s = 0; s < STRATEGIES.length; s++) {
      int[] ph = phraseTokens[s];
      if (to - from >= ph.length && matches(ph, response, from, from + ph.length)) {
        return s;
      }
    }
    return -1;
  }

  /** Whether the steps after the stated strategy's phrase are right under that strategy. */
  boolean executedCorrectly(Problem p, int[] response, int from, int to) {
    int s = statedStrategy(response, from, to);
    return s >= 0 && matches(solution(p, s), response, from, to);
  }

  private static boolean matches(int[] expected, int[] response, int from, int to) {
    if (to - from != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (response[from + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  int eosId() {
    return eosId;
  }
}
