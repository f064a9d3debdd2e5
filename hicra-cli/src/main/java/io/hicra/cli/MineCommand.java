package io.hicra.cli;

import io.hicra.grams.GramMiner;
import io.hicra.grams.MiningResult;
import io.hicra.grams.NgramCounter;
import io.hicra.grams.StrategicGramSet;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hicra mine}: hicra-grams' gram-mining pipeline ({@link GramMiner}) over the texts of the
 * successful rollouts of a corpus. Lines are read and validated as by {@code analyze}; rejected
 * lines are reported on stderr and counted.
 */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Mines a Strategic Gram set from the successful rollouts (correct = true, or reward > 0) of"
          + " a corpus: n-gram extraction, document-frequency band, near-duplicate clustering and"
          + " annotation (hicra-grams GramMiner; the default annotator keeps candidates that match"
          + " the seed lexicon).",
      "CORPUS is a rollout log (.jsonl or .jsonl.gz) or a directory of them."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:data errors (rejected lines, unreadable input)", "2:usage errors"})
final class MineCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CORPUS", description = "A rollout log or a directory of them.")
  Path corpus;

  @Option(names = "--out", required = true, paramLabel = "grams.tsv", description = "Output TSV lexicon.")
  Path out;

  @Option(names = "--min-n", defaultValue = "2", description = "Shortest n-gram, in words (default: ${DEFAULT-VALUE}).")
  int minN;

  @Option(names = "--max-n", defaultValue = "5", description = "Longest n-gram, in words (default: ${DEFAULT-VALUE}).")
  int maxN;

  @Option(
      names = "--min-documents",
      defaultValue = "3",
      description = "Lowest document frequency kept (default: ${DEFAULT-VALUE}).")
  long minDocuments;

  @Option(
      names = "--max-fraction",
      defaultValue = "0.5",
      description = "Highest document frequency kept, as a fraction of the documents (default: ${DEFAULT-VALUE}).")
  double maxFraction;

  @Option(
      names = "--all-rollouts",
      description = "Mine every rollout, not only the successful ones.")
  boolean allRollouts;

  @Override
  public Integer call() throws IOException {
    GramMiner miner;
    try {
      miner =
          GramMiner.builder()
              .ngramRange(minN, maxN)
              .minDocuments(minDocuments)
              .documentFraction(0, maxFraction)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(corpus)) {
      try (Stream<Path> s = Files.list(corpus)) {
        s.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz"))
            .sorted()
            .forEach(files::add);
      }
      if (files.isEmpty()) {
        System.err.println("hicra: no .jsonl or .jsonl.gz files in " + corpus);
        return Main.DATA_ERROR;
      }
    } else {
      files.add(corpus);
    }
    NgramCounter counter = miner.newCounter();
    RolloutParser parser = new RolloutParser();
    long read = 0;
    long used = 0;
    long skipped = 0;
    long rejected = 0;
    for (Path f : files) {
      try (LineSource src = LineSource.open(f)) {
        byte[] line;
        while ((line = src.next()) != null) {
          read++;
          try {
            Rollout r = parser.parse(line, 0, line.length, src.lineNumber());
            if (allRollouts || r.correct) {
              counter.accept(r.text);
              used++;
            } else {
              skipped++;
            }
          } catch (DataException e) {
            rejected++;
            if (rejected <= AnalyzeCommand.STDERR_ERROR_LIMIT) {
              System.err.println(f + ": line " + e.line() + ": " + e.reason());
            }
          }
        }
      } catch (NoSuchFileException e) {
        System.err.println("hicra: no such file: " + e.getFile());
        return Main.DATA_ERROR;
      }
    }
    MiningResult result = miner.finish(counter);
    StrategicGramSet grams = result.grams();
    try (AtomicOutput o = new AtomicOutput(out)) {
      Writer w = new OutputStreamWriter(o.stream(), StandardCharsets.UTF_8);
      grams.write(w);
      w.flush();
      o.commit();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "%d lines read = %d rollouts mined + %d not successful + %d lines rejected; %d candidates"
            + " in %d clusters; %d grams written to %s%n",
        read, used, skipped, rejected, result.candidates().size(), result.clusterCount(),
        grams.size(), out);
    stdout.flush();
    return rejected > 0 ? Main.DATA_ERROR : 0;
  }
}
