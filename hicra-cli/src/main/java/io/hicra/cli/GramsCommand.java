package io.hicra.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hicra grams}: prints the gram set in use, by category, with counts. */
@Command(
    name = "grams",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Prints the Strategic Gram set in use, by category, with counts.")
final class GramsCommand implements Callable<Integer> {
  @Option(names = "--grams", paramLabel = "FILE.tsv", description = "Gram set (default: hicra's).")
  Path grams;

  @Override
  public Integer call() {
    System.err.println("hicra grams: hicra-grams is not available yet");
    return Main.DATA_ERROR;
  }
}
