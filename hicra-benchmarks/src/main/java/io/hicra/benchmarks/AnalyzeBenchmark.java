package io.hicra.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hicra.cli.Main;
import io.hicra.cli.SampleLogGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code hicra analyze} end to end (read, parse, align grams, GRPO and HICRA advantages, metrics,
 * write all outputs) on a generated JSONL log next to a plain single-threaded Jackson streaming
 * parse of the same file. One operation = the whole log, so the ratio of the two throughputs is
 * the ratio of their rollouts/s (and MB/s).
 *
 * <p>The log ({@link SampleLogGenerator#writeSized}) has {@code rollouts} rollouts of exactly
 * {@code tokensPerRollout} tokens given as {@code tokens} (subword pieces of maths reasoning
 * traces, no {@code text}), groups of 8, steps of 512 rollouts; about 11 bytes per token. It is
 * generated once per trial in a temporary directory and deleted after.
 *
 * <p>{@code parseOnly} reads every JSON token of the file with the same Jackson version and
 * touches every value ({@code getTextLength()} of each string, {@code getDoubleValue()} of each
 * number), which is the least any consumer of the data does. {@code analyze} runs with its
 * default of one worker per processor inside a 1 GiB heap, the stated memory bound, and writes
 * into an empty output directory (the previous operation's output is deleted before each
 * operation, untimed); {@code analyzeReplacingOutput} writes over the previous operation's files,
 * as a second run into the same directory does.
 *
 * <p>Warm-up: 15 x 2 s (both benchmarks, kept by {@code RunBenchmarks}). One {@code analyze}
 * operation runs much code once per operation (command line, per-step metrics, report), which C2
 * is still compiling after the common 3 x 2 s: JMH's {@code -prof comp} measured 0.2-0.7 s of
 * compilation per 2 s iteration there, against 0.04-0.33 s after 15 iterations.
 *
 * <p>JVM: the collector and young generation {@code bin/hicra} runs with ({@code
 * -XX:+UseParallelGC -Xmn256m}), in a 1 GiB heap; both benchmarks run under them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmn256m", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 15, time = 2)
public class AnalyzeBenchmark {
  /** 2,000 in the smoke run (a 2,000-token log of ~22 MB); the size is 100,000. */
  @Param({"2000"})
  int rollouts;

  @Param({"2000"})
  int tokensPerRollout;

  Path dir;
  Path log;
  Path out;
  long bytes;
  final JsonFactory factory = new JsonFactory();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("hicra-analyze-bench");
    log = dir.resolve("rollouts.jsonl");
    out = dir.resolve("out");
    try (OutputStream o = Files.newOutputStream(log)) {
      SampleLogGenerator.writeSized(o, rollouts, tokensPerRollout, 7);
    }
    bytes = Files.size(log);
    System.out.printf("%n# log: %d rollouts x %d tokens, %.1f MB%n", rollouts, tokensPerRollout, bytes / 1e6);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    deleteTree(dir);
  }

  /**
   * Removes the previous operation's output before each operation, outside the measurement, so
   * that {@code analyze} writes into an empty directory as a first run does. Replacing an earlier
   * run's files costs more: the kernel frees the old file's page cache inside the rename that
   * replaces it (about 20 ms for the 56 MB {@code advantages.jsonl} here); {@code
   * analyzeReplacingOutput} measures that case.
   */
  @Setup(Level.Invocation)
  public void clearOutput() throws IOException {
    deleteTree(out);
  }

  /** Deletes {@code root} and everything below it, if it exists. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** The whole analyze command on the log, into an empty output directory. */
  @Benchmark
  @RatioTo(baseline = "parseOnly", target = 0.5)
  public int analyze() {
    return analyzeInto(out);
  }

  /** The same, replacing the files the previous operation wrote. */
  @Benchmark
  @RatioTo(baseline = "parseOnly")
  public int analyzeReplacingOutput() {
    return analyzeInto(dir.resolve("replaced"));
  }

  private int analyzeInto(Path target) {
    return analyzeInto(log, target);
  }

  /**
   * {@code hicra analyze LOG --out TARGET --no-progress [OPTIONS]} through {@link Main#run}
   * (with no options, its defaults); the summary's length (so that the call cannot be optimised
   * away).
   */
  static int analyzeInto(Path log, Path target, String... options) {
    StringWriter summary = new StringWriter();
    String[] args = new String[5 + options.length];
    args[0] = "analyze";
    args[1] = log.toString();
    args[2] = "--out";
    args[3] = target.toString();
    args[4] = "--no-progress";
    System.arraycopy(options, 0, args, 5, options.length);
    int code = Main.run(new PrintWriter(summary), args);
    if (code != 0) {
      throw new IllegalStateException("analyze exited with " + code + ": " + summary);
    }
    return summary.getBuffer().length();
  }

  /** Baseline: a single-threaded Jackson streaming pass over the same file. */
  @Benchmark
  public double parseOnly() throws IOException {
    return parseOnly(factory, log);
  }

  /**
   * Every JSON token of {@code log} read by Jackson's streaming parser on the calling thread:
   * the sum of the lengths of all strings and the values of all numbers.
   */
  static double parseOnly(JsonFactory factory, Path log) throws IOException {
    double sum = 0;
    try (JsonParser p = factory.createParser(log.toFile())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          sum += p.getTextLength();
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
          sum += p.getDoubleValue();
        }
      }
    }
    return sum;
  }
}
