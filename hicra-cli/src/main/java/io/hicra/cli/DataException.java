package io.hicra.cli;

/** A rejected input line: its 1-based number and the reason, for stderr and errors.jsonl. */
final class DataException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String reason;

  DataException(long line, String reason) {
    super("line " + line + ": " + reason);
    this.line = line;
    this.reason = reason;
  }

  long line() {
    return line;
  }

  String reason() {
    return reason;
  }
}
