package io.hicra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hicra} command. Exit codes: 0 success, 1 data errors (rejected input lines, an
 * unreadable input, no rollouts), 2 usage errors.
 */
@Command(
    name = "hicra",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Hierarchy-aware credit assignment (HICRA) for RL of language models.",
    subcommands = {
      AnalyzeCommand.class,
      MineCommand.class,
      GramsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:data errors (rejected lines, unreadable input)",
      "2:usage errors"
    })
public final class Main implements Runnable {
  /** Exit code for data errors. */
  public static final int DATA_ERROR = 1;
  /** Exit code for usage errors. */
  public static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * Runs the command line with its standard output (the summary) sent to {@code out}, and
   * returns its exit code. Data-error messages still go to {@code System.err}.
   */
  public static int run(java.io.PrintWriter out, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("hicra: " + e);
          return DATA_ERROR;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: analyze, mine or grams");
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"hicra " + (v == null ? "development" : v)};
    }
  }
}
