package io.hicra.cli;

import io.hicra.core.AdvantageConfig;
import io.hicra.core.BatchLayout;
import io.hicra.core.GroupAdvantages;
import io.hicra.core.Groups;
import io.hicra.core.HicraAdvantage;
import io.hicra.core.TokenMask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The analyze pipeline: read lines, parse and match grams in parallel, batch rollouts by step,
 * compute GRPO and HICRA advantages per step, write {@code advantages.jsonl} in input order, and
 * collect one {@link StepStats} per step for the metrics and the report.
 *
 * <pre>
 *   reader thread ──chunks of lines──► pool (parse, validate, match grams) ──futures, in order──►
 *   main thread (step batches, advantages) ──chunks of rollouts──► pool (serialise; and the
 *   step's statistics and metrics) ──futures, in order──► writer thread ──► advantages.jsonl
 * </pre>
 *
 * <p>Input chunks and output buffers are handed back after use and recycled, so that the
 * steady state allocates neither.
 *
 * <p>Memory bound: the rollouts of the step being assembled (all of one step must be in memory
 * to normalise its groups), plus at most {@code 8·threads + 8} chunks of raw lines in flight
 * (a chunk is at most {@value #CHUNK_BYTES} bytes or {@value #CHUNK_LINES} lines, or one line if
 * longer), plus at most {@value #OUT_CHUNKS_IN_FLIGHT} serialised output chunks of about {@value
 * #OUT_CHUNK_TOKENS} tokens each (enough for a step of 512 rollouts of 4,000 tokens, so that the
 * main thread need not wait for the writer before starting the next step). The input as a whole
 * is never held.
 */
final class Analyzer {
  /** Chunks and output buffers stay below half a G1 region of a 1 GiB heap (not humongous). */
  static final int CHUNK_BYTES = 1 << 18;
  static final int CHUNK_LINES = 4096;
  static final int OUT_CHUNK_TOKENS = 1 << 14;
  static final int OUT_CHUNKS_IN_FLIGHT = 128;

  /** Options of one run. */
  record Options(double alpha, AdvantageConfig advantages, boolean strict, int threads) {}

  /** What a run read and produced. */
  record Summary(
      long linesRead,
      long analysed,
      long rejected,
      int steps,
      long groups,
      long singletonGroups,
      long tokens,
      long planningTokens) {}

  /** {@code --strict} and a rejected line. */
  static final class StrictFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StrictFailure(DataException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Receives every rejected line in line order. */
  interface ErrorSink {
    void reject(DataException e) throws IOException;
  }

  private static final Object[] END = new Object[0];

  private final Options options;
  private final PlanningDetector detector;
  private final ErrorSink errors;
  private final Progress progress;

  private final List<Future<StepStats>> stepFutures = new ArrayList<>();
  private final List<StepStats> steps = new ArrayList<>();
  /** Input chunks and output buffers handed back after use, for the next chunk. */
  private final Queue<LineSource.Chunk> freeChunks = new ConcurrentLinkedQueue<>();
  private final Queue<Bytes> freeBuffers = new ConcurrentLinkedQueue<>();
  private final Set<Long> finishedSteps = new HashSet<>();
  private Rollout example;
  private long linesRead;
  private long analysed;
  private long rejected;
  private long groups;
  private long singletonGroups;
  private long tokens;
  private long planningTokens;

  Analyzer(Options options, PlanningDetector detector, ErrorSink errors, Progress progress) {
    this.options = options;
    this.detector = detector;
    this.errors = errors;
    this.progress = progress;
  }

  /** Per-step statistics, in the order steps appeared. */
  List<StepStats> steps() {
    return steps;
  }

  /** The rollout shown in the report: the last step's correct rollout with the most grams. */
  Rollout example() {
    return example;
  }

  /**
   * Runs the pipeline over {@code source}, writing advantages to {@code advantagesOut}.
   *
   * @throws StrictFailure in strict mode, at the first rejected line
   */
  Summary run(LineSource source, OutputStream advantagesOut)
      throws IOException, StrictFailure, InterruptedException {
    int threads = Math.max(1, options.threads());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "hicra-worker");
              t.setDaemon(true);
              return t;
            });
    BlockingQueue<Future<Object[]>> parsed = new ArrayBlockingQueue<>(8 * threads + 8);
    BlockingQueue<Future<Bytes>> written = new ArrayBlockingQueue<>(OUT_CHUNKS_IN_FLIGHT);
    CompletableFuture<Void> readerDone = new CompletableFuture<>();
    CompletableFuture<Void> writerDone = new CompletableFuture<>();
    ThreadLocal<RolloutParser> parsers = ThreadLocal.withInitial(RolloutParser::new);

    Thread reader =
        new Thread(
            () -> {
              try {
                readLoop(source, pool, parsed, parsers);
                readerDone.complete(null);
              } catch (InterruptedException e) {
                readerDone.complete(null);
              } catch (IOException | RuntimeException e) {
                readerDone.completeExceptionally(e);
                parsed.offer(CompletableFuture.failedFuture(e));
              }
            },
            "hicra-reader");
    Thread writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  Future<Bytes> f = written.take();
                  Bytes bytes = f.get();
                  if (bytes == null) {
                    break;
                  }
                  bytes.writeTo(advantagesOut);
                  freeBuffers.offer(bytes.clear());
                }
                writerDone.complete(null);
              } catch (InterruptedException e) {
                writerDone.complete(null);
              } catch (IOException | ExecutionException | RuntimeException e) {
                writerDone.completeExceptionally(e);
              }
            },
            "hicra-writer");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();

    boolean ok = false;
    try {
      List<Rollout> batch = new ArrayList<>();
      while (true) {
        Object[] items;
        try {
          items = parsed.take().get();
        } catch (ExecutionException e) {
          throw asIo(e.getCause());
        }
        if (items == END) {
          break;
        }
        for (Object item : items) {
          linesRead++;
          if (item instanceof DataException) {
            reject((DataException) item);
            continue;
          }
          Rollout r = (Rollout) item;
          if (!batch.isEmpty() && batch.get(0).step != r.step) {
            finishStep(batch, pool, written, writerDone);
            batch = new ArrayList<>();
          }
          if (batch.isEmpty() && finishedSteps.contains(r.step)) {
            reject(
                new DataException(
                    r.line,
                    "step " + r.step + " appears again after other steps; the lines of one step"
                        + " must be contiguous"));
            continue;
          }
          batch.add(r);
        }
      }
      if (!batch.isEmpty()) {
        finishStep(batch, pool, written, writerDone);
      }
      putChecked(written, CompletableFuture.completedFuture(null), writerDone);
      for (Future<StepStats> f : stepFutures) {
        StepStats stats;
        try {
          stats = f.get();
        } catch (ExecutionException e) {
          throw asIo(e.getCause());
        }
        steps.add(stats);
        singletonGroups += stats.singletonGroups;
        planningTokens += stats.planningTokens;
      }
      writer.join();
      join(writerDone);
      join(readerDone);
      ok = true;
    } finally {
      if (!ok) {
        reader.interrupt();
        writer.interrupt();
      }
      pool.shutdownNow();
    }
    return new Summary(
        linesRead,
        analysed,
        rejected,
        steps.size(),
        groups,
        singletonGroups,
        tokens,
        planningTokens);
  }

  private void reject(DataException e) throws IOException, StrictFailure {
    rejected++;
    errors.reject(e);
    if (options.strict()) {
      throw new StrictFailure(e);
    }
  }

  private void readLoop(
      LineSource source,
      ExecutorService pool,
      BlockingQueue<Future<Object[]>> parsed,
      ThreadLocal<RolloutParser> parsers)
      throws IOException, InterruptedException {
    LineSource.Chunk chunk = newChunk();
    chunk.firstLine = 1;
    while (source.nextInto(chunk)) {
      if (chunk.lines == 1) {
        chunk.firstLine = source.lineNumber();
      }
      if (chunk.size() >= CHUNK_BYTES || chunk.lines >= CHUNK_LINES) {
        submitParse(chunk, pool, parsed, parsers);
        chunk = newChunk();
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    if (chunk.lines > 0) {
      submitParse(chunk, pool, parsed, parsers);
    }
    parsed.put(CompletableFuture.completedFuture(END));
  }

  /** An empty chunk: a recycled one when a worker has handed one back. */
  private LineSource.Chunk newChunk() {
    LineSource.Chunk c = freeChunks.poll();
    return c != null ? c.clear() : new LineSource.Chunk(CHUNK_BYTES + (CHUNK_BYTES >> 3));
  }

  private void submitParse(
      LineSource.Chunk chunk,
      ExecutorService pool,
      BlockingQueue<Future<Object[]>> parsed,
      ThreadLocal<RolloutParser> parsers)
      throws InterruptedException {
    parsed.put(pool.submit(() -> parseChunk(chunk, parsers.get())));
  }

  private Object[] parseChunk(LineSource.Chunk chunk, RolloutParser parser) {
    Object[] out = new Object[chunk.lines];
    for (int i = 0; i < out.length; i++) {
      int from = chunk.start[i];
      long number = chunk.firstLine + i;
      try {
        Rollout r = parser.parse(chunk.bytes, from, chunk.start[i + 1] - from, number);
        detector.detect(r);
        if (r.givenPlanning != null) {
          r.planning = r.givenPlanning;
        }
        r.planningCount = r.planning.cardinality();
        out[i] = r;
      } catch (DataException e) {
        out[i] = e;
      } catch (RuntimeException e) {
        out[i] = new DataException(number, "could not analyse the rollout: " + e.getMessage());
      }
    }
    progress.addRollouts(out.length);
    // Every rollout holds copies of what it needs: the chunk can be reused.
    freeChunks.offer(chunk);
    return out;
  }

  private void finishStep(
      List<Rollout> batch,
      ExecutorService pool,
      BlockingQueue<Future<Bytes>> written,
      CompletableFuture<Void> writerDone)
      throws IOException, InterruptedException {
    int n = batch.size();
    long step = batch.get(0).step;
    finishedSteps.add(step);
    List<String> keys = new ArrayList<>(n);
    double[] rewards = new double[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      Rollout r = batch.get(i);
      keys.add((r.groupIsNumber ? "i:" : "s:") + r.group);
      rewards[i] = r.reward;
      lengths[i] = r.tokens;
    }
    Groups g = Groups.ofKeys(keys);
    double[] adv = GroupAdvantages.compute(rewards, g, options.advantages());
    BatchLayout layout = BatchLayout.ofLengths(lengths);
    TokenMask mask = TokenMask.empty(layout.tokens());
    for (int i = 0; i < n; i++) {
      Rollout r = batch.get(i);
      r.advantage = adv[i];
      int base = layout.start(i);
      copyRuns(r.planning, mask, base);
    }
    // No flat per-token array: each line is written from its rollout's mask and the two values
    // HicraAdvantage gives its tokens (serialise).
    double alpha = options.alpha();

    analysed += n;
    groups += g.count();
    tokens += layout.tokens();
    Rollout best = StepStats.pickExample(batch);
    if (best != null) {
      example = best;
    }
    // The step's statistics and metrics run on the pool, next to its serialisation, rather
    // than holding up the hand-over of the next step; they only read the rollouts.
    stepFutures.add(pool.submit(() -> new StepStats(step, batch, g, layout, mask)));

    int from = 0;
    while (from < n) {
      int to = from;
      long chunkTokens = 0;
      while (to < n && (to == from || chunkTokens < OUT_CHUNK_TOKENS)) {
        chunkTokens += batch.get(to).tokens;
        to++;
      }
      int f = from;
      int e = to;
      putChecked(
          written,
          pool.submit(() -> serialise(newBuffer(), batch, f, e, alpha)),
          writerDone);
      from = to;
    }
  }

  /**
   * Sets in {@code to} the bits of {@code from}, shifted by {@code offset}: one {@link
   * TokenMask#set(int, int)} per run of set bits within a word (planning tokens come in runs, a
   * gram's tokens), instead of one call per bit.
   */
  static void copyRuns(TokenMask from, TokenMask to, int offset) {
    for (int w = 0, words = from.wordCount(); w < words; w++) {
      long bits = from.word(w);
      while (bits != 0) {
        int start = Long.numberOfTrailingZeros(bits);
        int end = start + Long.numberOfTrailingZeros(~(bits >>> start));
        to.set(offset + (w << 6) + start, offset + (w << 6) + end);
        bits = end >= 64 ? 0 : bits & (-1L << end);
      }
    }
  }

  /** An empty output buffer: a recycled one when the writer has handed one back. */
  private Bytes newBuffer() {
    Bytes b = freeBuffers.poll();
    return b != null ? b : new Bytes(OUT_CHUNK_TOKENS * 16);
  }

  private static void putChecked(
      BlockingQueue<Future<Bytes>> queue, Future<Bytes> f, CompletableFuture<Void> writerDone)
      throws IOException, InterruptedException {
    while (!queue.offer(f, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (writerDone.isDone()) {
        join(writerDone);
        throw new IOException("writer stopped");
      }
    }
  }

  private static void join(CompletableFuture<Void> f) throws IOException, InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw asIo(e.getCause());
    }
  }

  private static IOException asIo(Throwable t) {
    if (t instanceof IOException) {
      return (IOException) t;
    }
    if (t instanceof UncheckedIOException) {
      return ((UncheckedIOException) t).getCause();
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new IOException(t);
  }

  /**
   * Appends a rollout's {@code n} token advantages as comma-separated JSON numbers
   * (Float.toString, which reads back to the same float): {@code planningValue} on the set bits of
   * {@code planning}, {@code plain} elsewhere, the values {@link HicraAdvantage#computeInto} would
   * write. Each value's text is encoded once and repeated to the longest run met so far, and each
   * run of equal values (a run of set or clear bits, found a 64-bit word at a time) is one copy
   * out of that repetition.
   */
  static void tokenAdvantages(
      Bytes b, TokenMask planning, int n, float plain, float planningValue) {
    if (n == 0) {
      return;
    }
    Repeated plainUnit = new Repeated(separated(plain));
    if (Float.floatToRawIntBits(planningValue) == Float.floatToRawIntBits(plain)) {
      // Units are ",<number>"; the array's first element goes without its comma.
      plainUnit.appendTo(b, n, true);
      return;
    }
    Repeated planningUnit = null;
    int t = 0;
    while (t < n) {
      int set = planning.nextSetBit(t);
      int end = set < 0 || set > n ? n : set;
      if (end > t) {
        plainUnit.appendTo(b, end - t, t == 0);
        t = end;
      }
      if (t == n) {
        break;
      }
      end = Math.min(planning.nextClearBit(t), n);
      if (planningUnit == null) {
        planningUnit = new Repeated(separated(planningValue));
      }
      planningUnit.appendTo(b, end - t, t == 0);
      t = end;
    }
  }

  /** A unit of bytes and a run of copies of it, grown on demand. */
  static final class Repeated {
    private final byte[] unit;
    private byte[] copies;
    private int count;

    Repeated(byte[] unit) {
      this.unit = unit;
      this.copies = unit;
      this.count = 1;
    }

    /**
     * Appends {@code n >= 1} copies of the unit to {@code b}, the first without its first byte
     * when {@code dropFirstByte}: one copy out of the run, which first grows (doubling copies of
     * itself) to at least {@code n} units if it is shorter.
     */
    void appendTo(Bytes b, int n, boolean dropFirstByte) {
      int len = unit.length;
      if (n > count) {
        long bytes = (long) Math.max(n, 2 * count) * len;
        if (bytes > Integer.MAX_VALUE - 16) {
          throw new OutOfMemoryError("output chunk too large");
        }
        byte[] grown = Arrays.copyOf(copies, (int) bytes);
        for (int have = count * len; have < grown.length; ) {
          int c = Math.min(have, grown.length - have);
          System.arraycopy(grown, 0, grown, have, c);
          have += c;
        }
        copies = grown;
        count = grown.length / len;
      }
      int skip = dropFirstByte ? 1 : 0;
      b.put(copies, skip, n * len - skip);
    }
  }

  private static byte[] separated(float v) {
    return Bytes.asciiBytes("," + Float.toString(v));
  }

  /**
   * One line of advantages.jsonl per rollout of {@code batch[from, to)}, written by hand into a
   * byte buffer: a rollout's token advantages take only two values (plain and planning), whose
   * decimal forms are encoded once and copied per token.
   */
  static Bytes serialise(Bytes b, List<Rollout> batch, int from, int to, double alpha) {
    b.clear();
    GramHeads heads = new GramHeads();
    for (int i = from; i < to; i++) {
      line(b, batch.get(i), alpha, heads);
    }
    return b;
  }

  /**
   * Rollout {@code r}'s line, its token advantages HICRA's with {@code alpha}. A method of its
   * own, called once per rollout, so that the JIT compiles it once as a method rather than {@link
   * #serialise} by on-stack replacement and then again as a method.
   */
  private static void line(Bytes b, Rollout r, double alpha, GramHeads heads) {
    b.ascii("{\"id\":");
    if (r.id == null) {
      b.ascii(Long.toString(r.line));
    } else if (r.idIsNumber) {
      b.ascii(r.id);
    } else {
      b.quoted(r.id);
    }
    b.ascii(",\"group\":");
    if (r.groupIsNumber) {
      b.ascii(r.group);
    } else {
      b.quoted(r.group);
    }
    b.ascii(",\"step\":").ascii(Long.toString(r.step));
    b.ascii(",\"advantage\":").ascii(Double.toString(r.advantage));
    b.ascii(",\"token_advantages\":[");
    float plain = (float) r.advantage;
    float planning = (float) HicraAdvantage.tokenAdvantage(r.advantage, true, alpha);
    tokenAdvantages(b, r.planning, r.tokens, plain, planning);
    b.ascii("],\"planning_tokens\":[");
    b.indicesOf(r.planning);
    b.ascii("],\"grams\":[");
    if (r.grams != null) {
      for (int m = 0; m < r.grams.length; m++) {
        Rollout.GramSpan g = r.grams[m];
        if (m > 0) {
          b.put((byte) ',');
        }
        b.put(heads.of(g)).integer(g.start());
        b.ascii(",\"end\":").integer(g.end()).put((byte) '}');
      }
    }
    b.ascii("]}\n");
  }

  /** The constant part of each gram's JSON, by gram id, encoded once per output chunk. */
  private static final class GramHeads {
    private byte[][] heads = new byte[64][];

    byte[] of(Rollout.GramSpan g) {
      int id = g.gramId();
      if (id >= heads.length) {
        heads = Arrays.copyOf(heads, Math.max(id + 1, 2 * heads.length));
      }
      byte[] head = heads[id];
      if (head == null) {
        head = new Bytes(64).ascii("{\"phrase\":").quoted(g.phrase())
            .ascii(",\"category\":").quoted(g.category()).ascii(",\"start\":").toByteArray();
        heads[id] = head;
      }
      return head;
    }
  }
}
