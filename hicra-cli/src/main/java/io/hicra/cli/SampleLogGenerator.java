package io.hicra.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic rollout log of schema v1 that behaves like RL training on maths problems as
 * the paper describes it: procedural errors (arithmetic slips) fall fast in the first steps,
 * execution tokens' entropy and perplexity drop with them, and only later does strategic diversity
 * rise (more and more varied planning phrases, longer answers, higher accuracy). Texts are
 * assembled from problem families (linear equations, sums of sequences, areas, remainders,
 * counting, percentages) with real arithmetic, and split into subword-like token pieces, each
 * with a log-probability and an entropy.
 *
 * <p>Deterministic for a given seed and size: the shipped sample
 * ({@code src/main/resources/io/hicra/cli/sample-rollouts.jsonl.gz}) is regenerated with
 *
 * <pre>
 * java -cp hicra-cli/target/hicra-cli-*-all.jar io.hicra.cli.SampleLogGenerator \
 *     hicra-cli/src/main/resources/io/hicra/cli/sample-rollouts.jsonl.gz
 * </pre>
 *
 * and a test checks that the shipped file equals a fresh generation. The benchmark uses {@link
 * #writeSized} for long rollouts of a fixed token count.
 */
public final class SampleLogGenerator {
  /** Steps, prompts per step, rollouts per prompt of the shipped sample. */
  public static final int STEPS = 12;

  public static final int PROMPTS = 8;
  public static final int GROUP = 6;
  public static final long SEED = 20250903L;

  /**
   * Strategic phrases, from the most common (used from the first step) to the rarest (appearing
   * as training goes on), with the kind of move they make.
   */
  private static final String[][] MOVES = {
    {"First, we need to", "open"},
    {"So the answer is", "close"},
    {"We can use the fact that", "deduce"},
    {"Let me check", "verify"},
    {"Wait, let me check", "verify"},
    {"Let's try a different approach", "backtrack"},
    {"But the problem says", "verify"},
    {"Consider the case where", "branch"},
    {"Alternatively, we could check that", "branch"},
    {"It follows that", "deduce"},
    {"Let me double-check", "verify"},
    {"On the other hand,", "branch"},
    {"This means that", "deduce"},
    {"Let's break this down. We need to", "open"},
    {"Hmm, that doesn't seem right. Let me redo it", "backtrack"},
    {"To verify,", "verify"},
    {"Another way to see this:", "branch"},
    {"Notice that", "deduce"},
  };

  private SampleLogGenerator() {}

  /**
   * Writes the shipped sample to {@code args[0]} (gzip if it ends in {@code .gz}); with {@code
   * --sized ROLLOUTS TOKENS OUT}, a benchmark-shaped log (see {@link #writeSized}).
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 4 && args[0].equals("--sized")) {
      try (OutputStream o = open(Path.of(args[3]))) {
        writeSized(o, Integer.parseInt(args[1]), Integer.parseInt(args[2]), SEED);
      }
      return;
    }
    if (args.length != 1) {
      System.err.println("usage: SampleLogGenerator OUT.jsonl[.gz] | --sized ROLLOUTS TOKENS OUT");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    try (OutputStream o = open(out)) {
      writeSample(o);
    }
  }

  private static OutputStream open(Path out) throws IOException {
    OutputStream o = Files.newOutputStream(out);
    return out.toString().endsWith(".gz") ? new GZIPOutputStream(o, 1 << 16) : o;
  }

  /** The shipped sample: {@value #STEPS} steps x {@value #PROMPTS} prompts x {@value #GROUP}. */
  public static void writeSample(OutputStream out) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      for (int step = 0; step < STEPS; step++) {
        double t = step / (double) (STEPS - 1);
        for (int p = 0; p < PROMPTS; p++) {
          Problem problem = Problem.random(random);
          String group = "s" + step + "-" + problem.tag;
          for (int k = 0; k < GROUP; k++) {
            Trace trace = trace(problem, t, random);
            writeLine(g, "s" + step + "-p" + p + "-r" + k, group, step, problem, trace, true, true);
          }
        }
      }
    }
  }

  /**
   * A log of {@code rollouts} rollouts of exactly {@code tokensPerRollout} tokens each, given as
   * {@code tokens} only (no {@code text}, no per-token scores), in groups of 8 and steps of 512
   * rollouts: the benchmark's input.
   */
  public static void writeSized(OutputStream out, int rollouts, int tokensPerRollout, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      Problem problem = null;
      for (int i = 0; i < rollouts; i++) {
        int step = i / 512;
        if (i % 8 == 0) {
          problem = Problem.random(random);
        }
        double t = Math.min(1.0, step / 10.0);
        Trace trace = trace(problem, t, random);
        while (trace.pieces.size() < tokensPerRollout) {
          Trace more = trace(problem, t, random);
          trace.append(" ", false, random);
          trace.appendAll(more);
        }
        trace.truncate(tokensPerRollout);
        writeLine(g, null, "g" + (i / 8), step, problem, trace, false, false);
      }
    }
  }

  private static void writeLine(
      JsonGenerator g,
      String id,
      String group,
      int step,
      Problem problem,
      Trace trace,
      boolean withText,
      boolean withScores)
      throws IOException {
    g.writeStartObject();
    if (id != null) {
      g.writeStringField("id", id);
    }
    g.writeStringField("group", group);
    g.writeNumberField("step", step);
    g.writeStringField("prompt", problem.prompt);
    if (withText) {
      g.writeStringField("text", trace.text());
    }
    g.writeArrayFieldStart("tokens");
    for (String piece : trace.pieces) {
      g.writeString(piece);
    }
    g.writeEndArray();
    if (withScores) {
      writeScores(g, trace);
    }
    g.writeNumberField("reward", trace.correct ? 1.0 : 0.0);
    g.writeBooleanField("correct", trace.correct);
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private static void writeScores(JsonGenerator g, Trace trace) throws IOException {
    g.writeArrayFieldStart("logprobs");
    for (int i = 0; i < trace.pieces.size(); i++) {
      g.writeRawValue(fmt(trace.logprobs.get(i)));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("entropies");
    for (int i = 0; i < trace.pieces.size(); i++) {
      g.writeRawValue(fmt(trace.entropies.get(i)));
    }
    g.writeEndArray();
  }

  private static String fmt(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    return s.equals("-0.000") ? "0.000" : s;
  }

  /**
   * One reasoning trace. {@code t} in [0, 1] is training progress: the slip probability falls as
   * {@code 0.4·exp(−6t)}, the number and variety of strategic moves rise after {@code t ≈ 0.4}.
   */
  private static Trace trace(Problem problem, double t, SplittableRandom random) {
    Trace tr = new Trace(t);
    double slip = 0.02 + 0.4 * Math.exp(-6 * t);
    double diversity = 1 / (1 + Math.exp(-10 * (t - 0.5)));
    int vocabulary = 3 + (int) Math.round(diversity * (MOVES.length - 3));
    int extraMoves = (int) Math.round(diversity * 3 + random.nextDouble() * (1 + 2 * diversity));
    boolean failedStrategy = random.nextDouble() < 0.12 + 0.35 * (1 - diversity);

    tr.plan(opening(random, vocabulary), random);
    tr.exec(" " + problem.restate + ".", random);
    boolean slipped = false;
    for (int s = 0; s < problem.steps.length; s++) {
      if (extraMoves > 0 && random.nextDouble() < 0.5) {
        String move = pick(random, vocabulary, "deduce", "branch", "verify");
        tr.exec(" ", random);
        tr.plan(move, random);
        extraMoves--;
      }
      String[] st = problem.steps[s];
      boolean err = random.nextDouble() < slip;
      String lead = tr.afterMove ? lower(st[0]) : st[0];
      tr.exec(" " + lead + " " + (err ? wrong(st[1], random) : st[1]) + ".", random);
      if (err) {
        if (random.nextDouble() < diversity) {
          // A later model notices the slip and backtracks.
          tr.exec(" ", random);
          tr.plan(pick(random, vocabulary, "backtrack", "verify"), random);
          String move = tr.lastMove;
          String sep = Character.isLetter(move.charAt(move.length() - 1)) ? ": " : " ";
          tr.exec(sep + lower(st[0]) + " " + st[1] + ".", random);
        } else {
          slipped = true;
        }
      }
    }
    while (extraMoves-- > 0) {
      tr.exec(" ", random);
      tr.plan(pick(random, vocabulary, "verify", "branch", "deduce"), random);
      tr.exec(" " + problem.checks[random.nextInt(problem.checks.length)] + ".", random);
    }
    tr.exec(" ", random);
    tr.plan("So the answer is", random);
    String answer = slipped || failedStrategy ? wrong(problem.answer, random) : problem.answer;
    tr.exec(" \\boxed{" + answer + "}.", random);
    tr.correct = answer.equals(problem.answer);
    return tr;
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String opening(SplittableRandom random, int vocabulary) {
    return pick(random, vocabulary, "open");
  }

  private static String pick(SplittableRandom random, int vocabulary, String... kinds) {
    List<String> options = new ArrayList<>();
    for (int i = 0; i < Math.min(vocabulary, MOVES.length); i++) {
      for (String k : kinds) {
        if (MOVES[i][1].equals(k)) {
          options.add(MOVES[i][0]);
        }
      }
    }
    if (options.isEmpty()) {
      for (String[] m : MOVES) {
        for (String k : kinds) {
          if (m[1].equals(k)) {
            return m[0];
          }
        }
      }
    }
    return options.get(random.nextInt(options.size()));
  }

  private static String wrong(String value, SplittableRandom random) {
    try {
      long v = Long.parseLong(value);
      long d = 1 + random.nextInt(9);
      return Long.toString(random.nextBoolean() ? v + d : v - d);
    } catch (NumberFormatException e) {
      return value + "1";
    }
  }

  /** A problem with its worked steps: text before the value, and the value. */
  private static final class Problem {
    String tag;
    String prompt;
    String restate;
    String[][] steps;
    String[] checks;
    String answer;

    static Problem random(SplittableRandom r) {
      Problem p = new Problem();
      switch (r.nextInt(6)) {
        case 0: {
          int a = 2 + r.nextInt(9);
          int x = 1 + r.nextInt(20);
          int b = 1 + r.nextInt(50);
          int c = a * x + b;
          p.tag = "lin" + a + "x" + b + "=" + c;
          p.prompt = "Solve for x: " + a + "x + " + b + " = " + c + ".";
          p.restate = "solve " + a + "x + " + b + " = " + c;
          p.steps = new String[][] {
            {"Subtract " + b + " from both sides to get " + a + "x =", Integer.toString(c - b)},
            {"Divide by " + a + " so x =", Integer.toString(x)},
          };
          p.checks = new String[] {
            "substituting back gives " + a + " * " + x + " + " + b + " = " + c,
            "x = " + x + " is a whole number, as expected",
            "the left side grows with x, so there is only one solution"};
          p.answer = Integer.toString(x);
          break;
        }
        case 1: {
          int n = 5 + r.nextInt(40);
          p.tag = "odd" + n;
          p.prompt = "What is the sum of the first " + n + " odd numbers?";
          p.restate = "find 1 + 3 + ... + " + (2 * n - 1);
          p.steps = new String[][] {
            {"The sum of the first n odd numbers is n^2, and n =", Integer.toString(n)},
            {"So the sum is " + n + "^2 =", Integer.toString(n * n)},
          };
          p.checks = new String[] {
            "for n = 3 the formula gives 1 + 3 + 5 = 9",
            "the last term is 2n - 1 = " + (2 * n - 1),
            "pairing the first and last terms gives " + (n / 2) + " pairs summing to " + (2 * n)};
          p.answer = Integer.toString(n * n);
          break;
        }
        case 2: {
          int w = 3 + r.nextInt(30);
          int h = 3 + r.nextInt(30);
          int cut = 1 + r.nextInt(Math.min(w, h) - 1);
          p.tag = "area" + w + "x" + h + "-" + cut;
          p.prompt = "A " + w + " by " + h + " rectangle has a " + cut + " by " + cut
              + " square removed from a corner. What area remains?";
          p.restate = "compute " + w + " * " + h + " minus " + cut + " * " + cut;
          p.steps = new String[][] {
            {"The rectangle has area " + w + " * " + h + " =", Integer.toString(w * h)},
            {"The square has area " + cut + " * " + cut + " =", Integer.toString(cut * cut)},
            {"The remaining area is " + (w * h) + " - " + (cut * cut) + " =",
              Integer.toString(w * h - cut * cut)},
          };
          p.checks = new String[] {
            "the removed part is smaller than the rectangle, as it must be",
            "the square fits since " + cut + " is at most " + Math.min(w, h),
            "the answer is positive"};
          p.answer = Integer.toString(w * h - cut * cut);
          break;
        }
        case 3: {
          int a = 100 + r.nextInt(900);
          int m = 3 + r.nextInt(9);
          p.tag = "mod" + a + "-" + m;
          p.prompt = "What is the remainder when " + a + " is divided by " + m + "?";
          p.restate = "find " + a + " mod " + m;
          int q = a / m;
          p.steps = new String[][] {
            {"We have " + m + " * " + q + " =", Integer.toString(m * q)},
            {"and " + a + " - " + (m * q) + " =", Integer.toString(a - m * q)},
          };
          p.checks = new String[] {
            "the remainder " + (a - m * q) + " is less than " + m,
            m + " * " + q + " + " + (a - m * q) + " = " + a,
            "the quotient is " + q};
          p.answer = Integer.toString(a - m * q);
          break;
        }
        case 4: {
          int n = 5 + r.nextInt(8);
          int c2 = n * (n - 1) / 2;
          p.tag = "pairs" + n;
          p.prompt = "In how many ways can we choose 2 of " + n + " students?";
          p.restate = "count the pairs among " + n + " students";
          p.steps = new String[][] {
            {"Ordered pairs number " + n + " * " + (n - 1) + " =", Integer.toString(n * (n - 1))},
            {"Each pair is counted twice, so C(" + n + ", 2) =", Integer.toString(c2)},
          };
          p.checks = new String[] {
            "for 3 students the same reasoning gives 3 pairs",
            "n(n - 1)/2 is always a whole number",
            "choosing who is left out gives C(" + n + ", " + (n - 2) + "), the same count"};
          p.answer = Integer.toString(c2);
          break;
        }
        default: {
          int price = 20 * (1 + r.nextInt(30));
          int pct = 5 * (1 + r.nextInt(9));
          int off = price * pct / 100;
          p.tag = "pct" + price + "-" + pct;
          p.prompt = "A jacket costs $" + price + " and is discounted by " + pct
              + "%. What is the new price?";
          p.restate = "take " + pct + "% off $" + price;
          p.steps = new String[][] {
            {"The discount is " + pct + "% of " + price + " =", Integer.toString(off)},
            {"The new price is " + price + " - " + off + " =", Integer.toString(price - off)},
          };
          p.checks = new String[] {
            "the new price is below the old one",
            "the discount " + off + " plus the new price " + (price - off) + " is " + price,
            (100 - pct) + "% of " + price + " is also " + (price - off)};
          p.answer = Integer.toString(price - off);
          break;
        }
      }
      return p;
    }
  }

  /** Token pieces with their log-probabilities and entropies. */
  private static final class Trace {
    final double t;
    final List<String> pieces = new ArrayList<>();
    final List<Double> logprobs = new ArrayList<>();
    final List<Double> entropies = new ArrayList<>();
    boolean correct;
    /** Whether the last text added was a strategic move (the next sentence continues it). */
    boolean afterMove;
    /** The last strategic move added. */
    String lastMove = "";

    Trace(double t) {
      this.t = t;
    }

    String text() {
      return String.join("", pieces);
    }

    void plan(String phrase, SplittableRandom random) {
      lastMove = phrase;
      for (String piece : split(phrase)) {
        append(piece, true, random);
      }
      afterMove = true;
    }

    void exec(String text, SplittableRandom random) {
      for (String piece : split(text)) {
        append(piece, false, random);
      }
      afterMove = afterMove && text.isBlank();
    }

    /**
     * Planning tokens keep a high entropy (≈1.5 nats falling to ≈1.2) and their perplexity falls
     * slowly; execution tokens' entropy falls fast (≈0.9 to ≈0.2 nats) and with it their
     * perplexity.
     */
    void append(String piece, boolean planning, SplittableRandom random) {
      double meanH = planning
          ? 1.2 + 0.35 * Math.exp(-2 * t)
          : 0.18 + 0.75 * Math.exp(-7 * t);
      double h = meanH * (0.4 + 1.2 * random.nextDouble());
      double lp = -(0.45 * h + 0.15 * h * random.nextDouble());
      pieces.add(piece);
      entropies.add(h);
      logprobs.add(lp);
    }

    void appendAll(Trace other) {
      pieces.addAll(other.pieces);
      logprobs.addAll(other.logprobs);
      entropies.addAll(other.entropies);
      correct = other.correct;
    }

    void truncate(int n) {
      while (pieces.size() > n) {
        int last = pieces.size() - 1;
        pieces.remove(last);
        logprobs.remove(last);
        entropies.remove(last);
      }
    }
  }

  /**
   * Splits text into subword-like pieces: a word with its leading space, long words in pieces of
   * at most five letters, digits in runs of at most three, each other symbol alone.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = i;
      if (text.charAt(i) == ' ' && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
        i++;
      }
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        int limit = i + 5 + (i > start ? 1 : 0);
        while (i < n && Character.isLetter(text.charAt(i)) && i < limit) {
          i++;
        }
      } else if (Character.isDigit(c)) {
        int limit = i + 3;
        while (i < n && Character.isDigit(text.charAt(i)) && i < limit) {
          i++;
        }
      } else {
        i++;
      }
      out.add(text.substring(start, i));
    }
    return out;
  }
}
