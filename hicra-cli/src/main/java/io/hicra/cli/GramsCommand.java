package io.hicra.cli;

import io.hicra.grams.GramCategory;
import io.hicra.grams.StrategicGram;
import io.hicra.grams.StrategicGramSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hicra grams}: prints the gram set in use, by category, with counts. */
@Command(
    name = "grams",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Prints the Strategic Gram set in use, by category, with counts.")
final class GramsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--grams",
      paramLabel = "FILE.tsv",
      description = "Gram set (TSV: phrase<TAB>category). Default: hicra's default set.")
  Path grams;

  @Override
  public Integer call() {
    StrategicGramSet set;
    try {
      set = Detectors.gramSet(grams);
    } catch (NoSuchFileException e) {
      System.err.println("hicra: gram set not found: " + e.getFile());
      return Main.DATA_ERROR;
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("hicra: cannot read the gram set: " + e.getMessage());
      return Main.DATA_ERROR;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println((grams == null ? "default gram set" : grams.toString()) + ": " + set.size() + " grams");
    for (Map.Entry<GramCategory, Integer> e : set.countByCategory().entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      out.println();
      out.println(e.getKey().name() + " (" + e.getValue() + ")");
      for (StrategicGram g : set.grams()) {
        if (g.category() == e.getKey()) {
          out.println("  " + g.phrase());
        }
      }
    }
    if (set.duplicatesMerged() > 0) {
      out.println();
      out.println(set.duplicatesMerged() + " duplicate phrase(s) merged:");
      for (String w : set.mergeWarnings()) {
        out.println("  " + w);
      }
    }
    out.flush();
    return 0;
  }
}
