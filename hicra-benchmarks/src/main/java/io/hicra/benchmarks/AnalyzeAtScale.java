package io.hicra.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import io.hicra.cli.SampleLogGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link AnalyzeBenchmark}'s two code paths at the issue's size, timed by hand: a repeatable
 * measurement of {@code hicra analyze} against a plain Jackson parse of a log too big for a JMH
 * trial (100,000 rollouts x 2,000 tokens: 1.14 GB in, 2.66 GB of {@code advantages.jsonl} out).
 *
 * <p>The log is generated once with {@link SampleLogGenerator#writeSized} (seed 7, as the JMH
 * benchmark) into {@code --log} if that file is missing, and kept for later runs. Then {@code
 * --rounds} rounds each time {@link AnalyzeBenchmark#parseOnly(JsonFactory, Path)} and {@link
 * AnalyzeBenchmark#analyzeInto(Path, Path, String...)} one after the other in this JVM, the previous
 * output deleted (untimed) before each analyze, so every analyze writes into an empty directory.
 * For each run it prints the wall time, MB/s and rollouts/s, the process's user and system CPU
 * (from {@code /proc/self/stat}), GC pauses (the collectors' MXBeans) and the CPU of each thread
 * that ran (from {@code /proc/self/task/}, sampled every 20 ms so that threads which end during
 * the run are counted up to their last sample), and per round the ratio analyze / parseOnly of
 * throughputs (= parse wall / analyze wall). At the end: the best and the median ratio. Each
 * run also reports the CPU other processes used meanwhile ({@code /proc/stat}): on this shared
 * machine, with the scheduler's autogroups, a {@code nice}d build in another session still gets
 * an equal share of the cores, and a round with other processes busy is not comparable.
 *
 * <p>Run it under the benchmark lock, with the collector {@code bin/hicra} uses and the memory
 * bound of the benchmark:
 *
 * <pre>
 * flock /tmp/hicra-bench.lock java -XX:+UseParallelGC -Xmn256m -Xms1g -Xmx1g \
 *     -cp hicra-benchmarks/target/benchmarks.jar \
 *     io.hicra.benchmarks.AnalyzeAtScale [--log /tmp/hicra-analyze-100k.jsonl] [--rounds 3] \
 *     [--out /tmp/hicra-analyze-100k-out] [--rollouts 100000] [--tokens 2000] [--threads N] \
 *     [--compare-with OTHER_CLASSPATH] [--only parse|analyze] [--fresh-jvms N] [--generate-only]
 * </pre>
 *
 * <ul>
 *   <li>{@code --threads} is passed to {@code hicra analyze} (default: one worker per processor).
 *   <li>{@code --compare-with CLASSPATH}, e.g. a copy of an earlier build's {@code
 *       benchmarks.jar}: that build's {@code hicra analyze} runs too, in a class loader of its
 *       own, in every round next to this build's (the two take turns at going first), into the
 *       same empty directory: an A/B in one JVM under the same conditions, its ratios printed
 *       apart.
 *   <li>{@code --only parse} or {@code --only analyze}: only that run in each round.
 *   <li>{@code --fresh-jvms N}: instead of rounds in this JVM, N rounds of one fresh child JVM
 *       that only parses and one that only analyzes (same JVM options and class path), as a user
 *       runs {@code hicra analyze}: each pays its own class loading and JIT compilation.
 *   <li>{@code --generate-only} writes the log and stops: do it first, outside the lock and
 *       under {@code nice} (about a minute).
 * </ul>
 *
 * Linux only ({@code /proc}).
 */
public final class AnalyzeAtScale {
  private AnalyzeAtScale() {}

  /** Clock ticks per second of {@code /proc} CPU times (USER_HZ, 100 on Linux). */
  private static final double HZ = 100;

  public static void main(String[] args) throws Exception {
    Path log = Paths.get("/tmp/hicra-analyze-100k.jsonl");
    Path out = Paths.get("/tmp/hicra-analyze-100k-out");
    int rollouts = 100_000;
    int tokens = 2_000;
    int rounds = 3;
    boolean generateOnly = false;
    String compareWith = null;
    String only = null;
    int freshJvms = 0;
    List<String> options = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--log" -> log = Paths.get(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        case "--rollouts" -> rollouts = Integer.parseInt(args[++i]);
        case "--tokens" -> tokens = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--generate-only" -> generateOnly = true;
        case "--compare-with" -> compareWith = args[++i];
        case "--only" -> {
          only = args[++i];
          if (!only.equals("parse") && !only.equals("analyze")) {
            throw new IllegalArgumentException("--only takes parse or analyze, not " + only);
          }
        }
        case "--fresh-jvms" -> freshJvms = Integer.parseInt(args[++i]);
        case "--threads" -> {
          options.add("--threads");
          options.add(args[++i]);
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!Files.exists(log)) {
      long t0 = System.nanoTime();
      Path tmp = log.resolveSibling(log.getFileName() + ".generating");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        SampleLogGenerator.writeSized(o, rollouts, tokens, 7);
      }
      Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING);
      System.out.printf(Locale.ROOT, "# generated %s in %.1f s%n", log, (System.nanoTime() - t0) / 1e9);
    }
    long bytes = Files.size(log);
    System.out.printf(Locale.ROOT, "# log %s: %.2f GB (%d rollouts x %d tokens assumed); heap max %d MiB%n",
        log, bytes / 1e9, rollouts, tokens, Runtime.getRuntime().maxMemory() >> 20);
    if (generateOnly) {
      return;
    }
    if (freshJvms > 0) {
      freshJvmRounds(freshJvms, log, out, rollouts, tokens, options);
      return;
    }
    JsonFactory factory = new JsonFactory();
    Path input = log;
    String[] analyzeOptions = options.toArray(new String[0]);
    List<Double> ratios = new ArrayList<>();
    List<Double> altRatios = new ArrayList<>();
    java.lang.reflect.Method other = null;
    if (compareWith != null) {
      // The other build's classes (its own hicra, Jackson, picocli) in a loader of their own.
      java.net.URL[] urls = java.util.Arrays.stream(compareWith.split(java.io.File.pathSeparator))
          .map(e -> {
            try {
              return Paths.get(e).toUri().toURL();
            } catch (java.net.MalformedURLException x) {
              throw new IllegalArgumentException(e, x);
            }
          })
          .toArray(java.net.URL[]::new);
      ClassLoader loader = new java.net.URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
      other = Class.forName("io.hicra.cli.Main", true, loader)
          .getMethod("run", java.io.PrintWriter.class, String[].class);
    }
    java.lang.reflect.Method otherRun = other;
    for (int round = 1; round <= rounds; round++) {
      if ("analyze".equals(only)) {
        AnalyzeBenchmark.deleteTree(out);
        Path target = out;
        Run.measure(() -> AnalyzeBenchmark.analyzeInto(input, target, analyzeOptions))
            .print("round " + round + " analyze", bytes, rollouts);
        continue;
      }
      Run parse = Run.measure(() -> AnalyzeBenchmark.parseOnly(factory, input));
      parse.print("round " + round + " parseOnly", bytes, rollouts);
      if ("parse".equals(only)) {
        continue;
      }
      Path target = out;
      String label = "round " + round;
      Body mine = () -> AnalyzeBenchmark.analyzeInto(input, target, analyzeOptions);
      Body theirs = otherRun == null ? null : () -> {
        Object code = otherRun.invoke(null, new java.io.PrintWriter(new java.io.StringWriter()),
            analyzeArgs(input, target, analyzeOptions));
        if (!Integer.valueOf(0).equals(code)) {
          throw new IllegalStateException("the other build's analyze exited with " + code);
        }
        return code;
      };
      // With a build to compare with, the two take turns at going first.
      boolean theirsFirst = theirs != null && round % 2 == 0;
      for (int turn = 0; turn < (theirs == null ? 1 : 2); turn++) {
        boolean isTheirs = theirsFirst == (turn == 0);
        AnalyzeBenchmark.deleteTree(out);
        Run analyze = Run.measure(isTheirs ? theirs : mine);
        String name = isTheirs ? "analyze (" + compareWith + ")" : "analyze";
        analyze.print(label + " " + name, bytes, rollouts);
        double ratio = parse.wallSeconds / analyze.wallSeconds;
        (isTheirs ? altRatios : ratios).add(ratio);
        System.out.printf(Locale.ROOT, "%s ratio %s/parseOnly = %.3f%n", label, name, ratio);
      }
      System.out.println();
    }
    AnalyzeBenchmark.deleteTree(out);
    if (only != null) {
      return;
    }
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    System.out.printf(Locale.ROOT, "ratios %s; best %.3f, median %.3f (target 0.5)%n",
        ratios, sorted.get(sorted.size() - 1), sorted.get(sorted.size() / 2));
    if (!altRatios.isEmpty()) {
      List<Double> alt = new ArrayList<>(altRatios);
      alt.sort(null);
      System.out.printf(Locale.ROOT, "ratios of %s %s; best %.3f, median %.3f%n", compareWith,
          altRatios, alt.get(alt.size() - 1), alt.get(alt.size() / 2));
    }
  }

  /**
   * {@code --fresh-jvms N}: N rounds of two child JVMs each, one that only parses and one that only
   * analyzes (they take turns at going first), each started as a user starts {@code hicra
   * analyze}: a new JVM with this one's options and class path, so that every run pays its own
   * class loading and JIT compilation. The log is read through before each child (untimed).
   * Prints each child's report and the ratio of the two wall times per round, then the best and
   * the median.
   */
  static void freshJvmRounds(
      int n, Path log, Path out, int rollouts, int tokens, List<String> options)
      throws IOException, InterruptedException {
    List<String> base = new ArrayList<>();
    base.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    base.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    base.add("-cp");
    base.add(System.getProperty("java.class.path"));
    base.add(AnalyzeAtScale.class.getName());
    base.addAll(List.of("--log", log.toString(), "--out", out.toString(), "--rollouts",
        Integer.toString(rollouts), "--tokens", Integer.toString(tokens), "--rounds", "1"));
    base.addAll(options);
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= n; round++) {
      double parse = 0;
      double analyze = 0;
      for (int turn = 0; turn < 2; turn++) {
        boolean parseNow = (turn == 0) == (round % 2 == 1);
        List<String> cmd = new ArrayList<>(base);
        cmd.add("--only");
        cmd.add(parseNow ? "parse" : "analyze");
        readThrough(log);
        double wall = childWall(cmd, "fresh JVM " + round + (parseNow ? " parse" : " analyze"));
        if (parseNow) {
          parse = wall;
        } else {
          analyze = wall;
        }
      }
      ratios.add(parse / analyze);
      System.out.printf(Locale.ROOT, "fresh JVM round %d ratio analyze/parseOnly = %.3f%n%n", round,
          parse / analyze);
    }
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    System.out.printf(Locale.ROOT, "fresh-JVM ratios %s; best %.3f, median %.3f (target 0.5)%n",
        ratios, sorted.get(sorted.size() - 1), sorted.get(sorted.size() / 2));
  }

  /**
   * Reads {@code file} once, untimed, so that each child starts with the log in the page cache
   * (this machine's kernel reclaims cold file pages: a log left alone for a minute is partly
   * read from disk again).
   */
  static void readThrough(Path file) throws IOException {
    byte[] buf = new byte[1 << 20];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      while (in.read(buf) >= 0) {
        // Only the reading matters.
      }
    }
  }

  /** Runs one child, echoes its report under {@code label}, returns the wall seconds it printed. */
  static double childWall(List<String> cmd, String label) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    double wall = Double.NaN;
    try (java.io.BufferedReader r = new java.io.BufferedReader(
        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("# ")) {
          continue;
        }
        boolean report = line.startsWith("round 1 ");
        System.out.println(report ? label + line.substring("round 1".length()) : line);
        int at = line.indexOf(": wall ");
        if (line.startsWith("round 1 ") && at > 0) {
          wall = Double.parseDouble(line.substring(at + 7, line.indexOf(' ', at + 7)));
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || Double.isNaN(wall)) {
      throw new IllegalStateException(label + ": child JVM exited with " + code + ", wall " + wall);
    }
    return wall;
  }

  /** The arguments {@link AnalyzeBenchmark#analyzeInto(Path, Path, String...)} passes. */
  static Object analyzeArgs(Path log, Path target, String[] options) {
    String[] args = new String[5 + options.length];
    args[0] = "analyze";
    args[1] = log.toString();
    args[2] = "--out";
    args[3] = target.toString();
    args[4] = "--no-progress";
    System.arraycopy(options, 0, args, 5, options.length);
    return args;
  }

  interface Body {
    Object run() throws Exception;
  }

  /** One timed run: wall, process CPU, GC and per-thread CPU deltas. */
  static final class Run {
    double wallSeconds;
    double userSeconds;
    double sysSeconds;
    long gcCount;
    long gcMillis;
    /** CPU seconds that other processes used on the machine during the run. */
    double othersSeconds;
    /** Thread name (pool numbering folded, C1 / C2 kept) -> {user, sys} seconds. */
    final Map<String, double[]> threads = new TreeMap<>();

    static Run measure(Body body) throws Exception {
      Run r = new Run();
      long[] cpu0 = processCpu();
      long busy0 = machineBusy();
      long gc0 = gcCount();
      long gcMs0 = gcMillis();
      Map<Integer, ThreadCpu> start = threadCpu();
      Map<Integer, ThreadCpu> last = new HashMap<>(start);
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          Map<Integer, ThreadCpu> now = threadCpu();
          synchronized (last) {
            last.putAll(now);
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-sampler");
      sampler.setDaemon(true);
      long t0 = System.nanoTime();
      sampler.start();
      body.run();
      long t1 = System.nanoTime();
      sampler.interrupt();
      sampler.join();
      long[] cpu1 = processCpu();
      long busy1 = machineBusy();
      synchronized (last) {
        last.putAll(threadCpu());
      }
      r.wallSeconds = (t1 - t0) / 1e9;
      r.userSeconds = (cpu1[0] - cpu0[0]) / HZ;
      r.sysSeconds = (cpu1[1] - cpu0[1]) / HZ;
      r.othersSeconds = Math.max(0, (busy1 - busy0) / HZ - r.userSeconds - r.sysSeconds);
      r.gcCount = gcCount() - gc0;
      r.gcMillis = gcMillis() - gcMs0;
      for (Map.Entry<Integer, ThreadCpu> e : last.entrySet()) {
        ThreadCpu now = e.getValue();
        if (now.name.equals("bench-sampler")) {
          continue;
        }
        ThreadCpu before = start.get(e.getKey());
        long du = now.user - (before == null ? 0 : before.user);
        long ds = now.sys - (before == null ? 0 : before.sys);
        if (du + ds == 0) {
          continue;
        }
        String name = now.name.replaceAll("(?<!^C)[0-9]+", "#");
        double[] sum = r.threads.computeIfAbsent(name, k -> new double[3]);
        sum[0] += du / HZ;
        sum[1] += ds / HZ;
        sum[2]++;
      }
      return r;
    }

    void print(String label, long bytes, int rollouts) {
      System.out.printf(Locale.ROOT,
          "%s: wall %.2f s (%.0f MB/s, %.0f rollouts/s); process CPU user %.2f s + sys %.2f s"
              + " = %.2f s (%.2f cores); GC %d pauses, %d ms; other processes %.2f cores%n",
          label, wallSeconds, bytes / 1e6 / wallSeconds, rollouts / wallSeconds, userSeconds,
          sysSeconds, userSeconds + sysSeconds, (userSeconds + sysSeconds) / wallSeconds, gcCount,
          gcMillis, othersSeconds / wallSeconds);
      StringBuilder b = new StringBuilder("    threads (user+sys s):");
      threads.entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
          .filter(e -> e.getValue()[0] + e.getValue()[1] >= 0.02)
          .forEach(e -> b.append(String.format(Locale.ROOT, " %s%s %.2f+%.2f;", e.getKey(),
              e.getValue()[2] > 1 ? " x" + (int) e.getValue()[2] : "", e.getValue()[0], e.getValue()[1])));
      System.out.println(b);
    }
  }

  record ThreadCpu(String name, long user, long sys) {}

  /** utime and stime of this process, in clock ticks. */
  static long[] processCpu() throws IOException {
    ThreadCpu t = parseStat(Files.readString(Paths.get("/proc/self/stat"), StandardCharsets.ISO_8859_1));
    return new long[] {t.user, t.sys};
  }

  /**
   * Busy clock ticks of the whole machine ({@code /proc/stat}: user, nice, system, irq, softirq,
   * steal), so that a run disturbed by other processes shows as such.
   */
  static long machineBusy() throws IOException {
    String cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
  }

  /** utime and stime of each live thread of this process, by thread id. */
  static Map<Integer, ThreadCpu> threadCpu() {
    Map<Integer, ThreadCpu> m = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          m.put(Integer.parseInt(t.getFileName().toString()),
              parseStat(Files.readString(t.resolve("stat"), StandardCharsets.ISO_8859_1)));
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read: its last sample stands.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/task", e);
    }
    return m;
  }

  /** Fields 2 (comm, in parentheses), 14 (utime) and 15 (stime) of a {@code stat} line. */
  static ThreadCpu parseStat(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String name = stat.substring(open + 1, close);
    String[] f = stat.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state), so field k is f[k - 3].
    return new ThreadCpu(name, Long.parseLong(f[11]), Long.parseLong(f[12]));
  }

  static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
    }
    return n;
  }

  static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionTime());
    }
    return n;
  }
}
