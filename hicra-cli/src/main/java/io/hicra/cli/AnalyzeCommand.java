package io.hicra.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hicra.core.AdvantageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hicra analyze}: planning masks, advantages, per-step dynamics and a report. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Reads a rollout log (JSONL schema v1, optionally gzipped; see docs/rollout-schema.md) and"
          + " writes advantages.jsonl, metrics.csv, metrics.json, report.html and errors.jsonl.",
      "With no LOG, analyses the sample log shipped with hicra."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line analysed",
      "1:data errors: some lines rejected (outputs still written for the others; with --strict,"
          + " the first one stops the run), unreadable input, or no rollouts",
      "2:usage errors"
    })
final class AnalyzeCommand implements Callable<Integer> {
  /** The shipped sample log. */
  static final String SAMPLE_RESOURCE = "/io/hicra/cli/sample-rollouts.jsonl.gz";
  /** Rejected lines echoed to stderr; all of them go to errors.jsonl. */
  static final int STDERR_ERROR_LIMIT = 100;

  enum StdScope {
    group,
    batch,
    none
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "LOG",
      description = "Rollout log (.jsonl or .jsonl.gz; '-' for stdin). Default: the built-in sample.")
  Path log;

  @Option(
      names = "--grams",
      paramLabel = "FILE.tsv",
      description = "Strategic Gram set (TSV: phrase<TAB>category). Default: hicra's default set.")
  Path grams;

  @Option(
      names = "--alpha",
      defaultValue = "0.2",
      description = "HICRA planning amplification α in [0, 1] (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--std",
      defaultValue = "group",
      paramLabel = "group|batch|none",
      description =
          "Std scaling of the GRPO advantage: over the group, over the step's batch, or none"
              + " (Dr. GRPO) (default: ${DEFAULT-VALUE}).")
  StdScope std;

  @Option(
      names = "--unbiased-std",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Sample std (n − 1, torch.std, as verl and TRL); --no-unbiased-std for the population"
              + " std (n) (default: on).")
  boolean unbiasedStd;

  @Option(
      names = "--epsilon",
      defaultValue = "1e-6",
      description = "ε added to the std (default: ${DEFAULT-VALUE}).")
  double epsilon;

  @Option(
      names = "--out",
      defaultValue = "hicra-out",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--strict", description = "Stop at the first rejected line (exit 1).")
  boolean strict;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--progress",
      negatable = true,
      description = "Progress bar on stderr (default: only when stderr is a terminal).")
  Boolean progress;

  @Override
  @SuppressWarnings("try") // resources are closed early on purpose, before their commit
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintStream stderr = System.err;
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--alpha must be in [0, 1], got " + alpha);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--epsilon must be finite and >= 0, got " + epsilon);
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads must be >= 1, got " + threads);
    }
    AdvantageConfig config =
        AdvantageConfig.builder()
            .stdScope(
                std == StdScope.group
                    ? AdvantageConfig.StdScope.GROUP
                    : std == StdScope.batch
                        ? AdvantageConfig.StdScope.BATCH
                        : AdvantageConfig.StdScope.NONE)
            .stdEstimator(
                unbiasedStd
                    ? AdvantageConfig.StdEstimator.SAMPLE
                    : AdvantageConfig.StdEstimator.POPULATION)
            .epsilon(epsilon)
            .build();

    PlanningDetector detector;
    try {
      detector = Detectors.load(grams);
    } catch (NoSuchFileException e) {
      stderr.println("hicra: gram set not found: " + e.getFile());
      return Main.DATA_ERROR;
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("hicra: cannot read the gram set: " + e.getMessage());
      return Main.DATA_ERROR;
    }

    String inputName;
    LineSource source;
    try {
      if (log == null) {
        InputStream in = AnalyzeCommand.class.getResourceAsStream(SAMPLE_RESOURCE);
        if (in == null) {
          stderr.println("hicra: the sample log is missing from the jar: " + SAMPLE_RESOURCE);
          return Main.DATA_ERROR;
        }
        inputName = "the built-in sample log";
        source = LineSource.open(in, -1);
      } else if (log.toString().equals("-")) {
        inputName = "stdin";
        source = LineSource.open(System.in, -1);
      } else {
        inputName = log.toString();
        source = LineSource.open(log);
      }
    } catch (NoSuchFileException e) {
      stderr.println("hicra: no such file: " + e.getFile());
      return Main.DATA_ERROR;
    } catch (IOException e) {
      stderr.println("hicra: cannot read " + log + ": " + e);
      return Main.DATA_ERROR;
    }
    if (log == null) {
      stderr.println("hicra: no LOG given, analysing the built-in sample log");
    }

    Files.createDirectories(out);
    boolean showProgress = progress != null ? progress : Progress.stderrIsTerminal();
    try (LineSource src = source;
        Progress bar = new Progress(stderr, showProgress, src.size(), src::bytesRead);
        AtomicOutput advantagesOut = new AtomicOutput(out.resolve("advantages.jsonl"));
        AtomicOutput errorsOut = new AtomicOutput(out.resolve("errors.jsonl"));
        JsonGenerator errorsJson =
            Json.FACTORY.createGenerator(errorsOut.stream(), JsonEncoding.UTF8)) {
      errorsJson.setRootValueSeparator(null);
      long[] echoed = {0};
      Analyzer.ErrorSink sink =
          e -> {
            errorsJson.writeStartObject();
            errorsJson.writeNumberField("line", e.line());
            errorsJson.writeStringField("reason", e.reason());
            errorsJson.writeEndObject();
            errorsJson.writeRaw('\n');
            if (echoed[0]++ < STDERR_ERROR_LIMIT) {
              bar.message(inputName + ": line " + e.line() + ": " + e.reason());
            } else if (echoed[0] == STDERR_ERROR_LIMIT + 1) {
              bar.message(
                  "hicra: more than " + STDERR_ERROR_LIMIT
                      + " rejected lines; the rest are listed in errors.jsonl only");
            }
          };
      Analyzer analyzer =
          new Analyzer(new Analyzer.Options(alpha, config, strict, threads), detector, sink, bar);
      Analyzer.Summary summary;
      try {
        summary = analyzer.run(src, advantagesOut.stream());
      } catch (Analyzer.StrictFailure f) {
        errorsJson.close();
        errorsOut.commit();
        bar.close();
        stderr.println(
            "hicra: --strict: stopped at the first rejected line; no other output written ("
                + out.resolve("errors.jsonl") + ")");
        return Main.DATA_ERROR;
      }
      bar.close();
      errorsJson.close();

      MetricsTable table = new MetricsTable(analyzer.steps());
      byte[] csv = table.csv();
      byte[] json = table.json();
      byte[] html =
          ReportWriter.html(
              table, analyzer.steps(), analyzer.example(), inputName, alpha, detector);
      try (AtomicOutput csvOut = new AtomicOutput(out.resolve("metrics.csv"));
          AtomicOutput jsonOut = new AtomicOutput(out.resolve("metrics.json"));
          AtomicOutput htmlOut = new AtomicOutput(out.resolve("report.html"))) {
        csvOut.stream().write(csv);
        jsonOut.stream().write(json);
        htmlOut.stream().write(html);
        advantagesOut.commit();
        errorsOut.commit();
        csvOut.commit();
        jsonOut.commit();
        htmlOut.commit();
      }

      stdout.println(summaryText(summary, inputName));
      stdout.println("wrote " + out.resolve("advantages.jsonl") + ", metrics.csv, metrics.json,"
          + " report.html, errors.jsonl");
      stdout.flush();
      if (summary.rejected() > 0 || summary.analysed() == 0) {
        if (summary.analysed() == 0) {
          stderr.println("hicra: no rollouts analysed");
        }
        return Main.DATA_ERROR;
      }
      return 0;
    }
  }

  static String summaryText(Analyzer.Summary s, String inputName) {
    return String.format(
        Locale.ROOT,
        "%s: %d lines read = %d rollouts analysed + %d lines rejected; %d steps, %d groups"
            + " (%d of one rollout, advantage 0), %d tokens (%d planning)",
        inputName,
        s.linesRead(),
        s.analysed(),
        s.rejected(),
        s.steps(),
        s.groups(),
        s.singletonGroups(),
        s.tokens(),
        s.planningTokens());
  }

}
