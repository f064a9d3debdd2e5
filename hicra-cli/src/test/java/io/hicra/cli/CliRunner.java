package io.hicra.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the command in-process and captures its exit code, stdout and stderr. */
final class CliRunner {
  record Result(int code, String out, String err) {}

  private CliRunner() {}

  static synchronized Result run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter picoErr = new StringWriter();
    int code;
    try (PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      System.setErr(err);
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(picoErr, true));
      code = cl.execute(args);
    } finally {
      System.setErr(oldErr);
    }
    return new Result(code, out.toString(), picoErr + errBytes.toString(StandardCharsets.UTF_8));
  }
}
