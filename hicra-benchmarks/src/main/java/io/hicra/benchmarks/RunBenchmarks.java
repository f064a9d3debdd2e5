package io.hicra.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks selected by a regular expression together with the baselines they are
 * compared to, and writes {@code ratios.json}: one object per {@link RatioTo} row with the
 * benchmark, its baseline, both scores, the unit, the ratio and the target.
 *
 * <pre>
 * java -jar benchmarks.jar [--quick] [--out FILE] [--prof NAME]... [REGEX]
 * </pre>
 *
 * <p>{@code --quick} runs one fork of one 1 s warm-up and two 1 s measurements per benchmark (a
 * smoke run: noisy, seconds per benchmark); otherwise one fork of three 2 s warm-ups and five 2 s
 * measurements, except that a class annotated with {@link Warmup} keeps its own warm-up. Exit code 0 always when the run completes: targets are reported, not enforced,
 * because a shared 2-core machine is too noisy for a hard gate.
 */
public final class RunBenchmarks {
  private RunBenchmarks() {}

  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = false;
    Path out = Path.of("ratios.json");
    List<String> profilers = new ArrayList<>();
    String regex = ".*";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--prof":
          profilers.add(args[++i]);
          break;
        case "-h":
        case "--help":
          System.out.println("usage: benchmarks.jar [--quick] [--out FILE] [--prof NAME]... [REGEX]");
          return;
        default:
          if (args[i].startsWith("-")) {
            System.err.println("unknown option " + args[i]);
            System.exit(2);
          }
          regex = args[i];
      }
    }

    List<Row> rows = rowsMatching(Pattern.compile(regex));
    Set<String> methods = new LinkedHashSet<>();
    for (Row row : rows) {
      methods.add(row.benchmark);
      methods.add(row.baseline);
    }
    // Benchmarks that match but report no ratio still run.
    for (Class<?> c : BenchmarkRegistry.CLASSES) {
      for (Method m : c.getDeclaredMethods()) {
        String name = c.getName() + "." + m.getName();
        if (m.isAnnotationPresent(Benchmark.class) && Pattern.compile(regex).matcher(name).find()) {
          methods.add(name);
        }
      }
    }
    if (methods.isEmpty()) {
      System.err.println("no benchmark matches " + regex);
      System.exit(2);
    }

    // In a full run, a class that declares its own @Warmup keeps it (its operations need longer
    // to reach steady state); every other class gets the common settings below.
    List<String> common = new ArrayList<>();
    List<String> ownWarmup = new ArrayList<>();
    for (String m : methods) {
      boolean declares = !quick && declaringClass(m).isAnnotationPresent(Warmup.class);
      (declares ? ownWarmup : common).add(m);
    }
    List<RunResult> results = new ArrayList<>();
    if (!common.isEmpty()) {
      ChainedOptionsBuilder options = options(common, profilers);
      if (quick) {
        options
            .warmupIterations(1)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(2)
            .measurementTime(TimeValue.seconds(1));
      } else {
        options
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2));
      }
      results.addAll(new Runner(options.build()).run());
    }
    if (!ownWarmup.isEmpty()) {
      ChainedOptionsBuilder options = options(ownWarmup, profilers)
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(2));
      results.addAll(new Runner(options.build()).run());
    }

    Map<String, RunResult> byKey = new TreeMap<>();
    for (RunResult r : results) {
      byKey.put(key(r.getParams().getBenchmark(), paramsOf(r)), r);
    }
    List<String> json = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-62s %-22s %14s %14s %-8s %7s %7s%n",
        "benchmark", "baseline", "score", "baseline", "unit", "ratio", "target"));
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String params = paramsOf(r);
      for (Row row : rows) {
        if (!row.benchmark.equals(benchmark)) {
          continue;
        }
        RunResult base = byKey.get(key(row.baseline, params));
        if (base == null) {
          continue;
        }
        double score = r.getPrimaryResult().getScore();
        double baseScore = base.getPrimaryResult().getScore();
        double ratio = score / baseScore;
        String unit = r.getPrimaryResult().getScoreUnit();
        String name = shortName(benchmark) + params;
        json.add(String.format(Locale.ROOT,
            "  {\"benchmark\": \"%s\", \"baseline\": \"%s\", \"score\": %s, \"baselineScore\": %s,"
                + " \"unit\": \"%s\", \"ratio\": %s, \"target\": %s}",
            escape(name), escape(shortName(row.baseline)), num(score), num(baseScore),
            escape(unit), num(ratio), Double.isNaN(row.target) ? "null" : num(row.target)));
        table.append(String.format(Locale.ROOT, "%-62s %-22s %14.4g %14.4g %-8s %7.3f %7s%s%n",
            name, methodName(row.baseline), score, baseScore, unit, ratio,
            Double.isNaN(row.target) ? "-" : String.format(Locale.ROOT, "%.2f", row.target),
            !Double.isNaN(row.target) && ratio < row.target ? "  below target" : ""));
      }
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(tmp, "[\n" + String.join(",\n", json) + "\n]\n", StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    PrintStream o = System.out;
    o.println();
    o.println("Ratios (benchmark throughput / baseline throughput, same run, same params):");
    o.print(table);
    o.println("written to " + out.toAbsolutePath());
  }

  private static ChainedOptionsBuilder options(List<String> methods, List<String> profilers) {
    ChainedOptionsBuilder options = new OptionsBuilder().forks(1).shouldFailOnError(true);
    for (String m : methods) {
      options.include("^" + Pattern.quote(m) + "$");
    }
    for (String p : profilers) {
      options.addProfiler(p);
    }
    return options;
  }

  /** The class of a fully qualified benchmark method name ({@code pkg.Class.method}). */
  private static Class<?> declaringClass(String method) {
    String className = method.substring(0, method.lastIndexOf('.'));
    for (Class<?> c : BenchmarkRegistry.CLASSES) {
      if (c.getName().equals(className)) {
        return c;
      }
    }
    throw new IllegalStateException("not in BenchmarkRegistry: " + className);
  }

  private static List<Row> rowsMatching(Pattern regex) {
    List<Row> rows = new ArrayList<>();
    for (Class<?> c : BenchmarkRegistry.CLASSES) {
      for (Method m : c.getDeclaredMethods()) {
        String name = c.getName() + "." + m.getName();
        if (!regex.matcher(name).find()) {
          continue;
        }
        for (RatioTo ratio : m.getAnnotationsByType(RatioTo.class)) {
          rows.add(new Row(name, c.getName() + "." + ratio.baseline(), ratio.target()));
        }
      }
    }
    return rows;
  }

  private static String paramsOf(RunResult r) {
    StringBuilder sb = new StringBuilder();
    for (String k : r.getParams().getParamsKeys()) {
      sb.append(sb.length() == 0 ? "[" : ",").append(k).append('=').append(r.getParams().getParam(k));
    }
    return sb.length() == 0 ? "" : sb.append(']').toString();
  }

  private static String key(String benchmark, String params) {
    return benchmark + params;
  }

  private static String shortName(String fqName) {
    String simple = fqName.substring(fqName.lastIndexOf('.', fqName.lastIndexOf('.') - 1) + 1);
    return simple;
  }

  private static String methodName(String fqName) {
    return fqName.substring(fqName.lastIndexOf('.') + 1);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static final class Row {
    final String benchmark;
    final String baseline;
    final double target;

    Row(String benchmark, String baseline, double target) {
      this.benchmark = benchmark;
      this.baseline = baseline;
      this.target = target;
    }
  }
}
