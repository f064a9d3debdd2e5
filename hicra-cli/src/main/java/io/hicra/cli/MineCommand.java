package io.hicra.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hicra mine}: the gram-mining pipeline of hicra-grams over successful rollouts. */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Mines a Strategic Gram set from the successful rollouts of a corpus.")
final class MineCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CORPUS", description = "A rollout log (.jsonl[.gz]) or a directory of them.")
  Path corpus;

  @Option(names = "--out", required = true, paramLabel = "grams.tsv", description = "Output TSV.")
  Path out;

  @Override
  public Integer call() {
    System.err.println("hicra mine: hicra-grams is not available yet");
    return Main.DATA_ERROR;
  }
}
