package io.hicra.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, redrawn five times a second: rollouts done, rollouts/s and,
 * when the input size is known, a bar and the ETA. Disabled (prints nothing) when stderr is not
 * a terminal; messages go through {@link #message} so that they do not interleave with the bar.
 */
final class Progress implements AutoCloseable {
  private final PrintStream err;
  private final boolean enabled;
  private final long size;
  private final LongSupplier bytes;
  private final AtomicLong rollouts = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final Thread ticker;
  private volatile boolean stopped;
  private boolean drawn;

  Progress(PrintStream err, boolean enabled, long size, LongSupplier bytes) {
    this.err = err;
    this.enabled = enabled;
    this.size = size;
    this.bytes = bytes;
    if (enabled) {
      ticker = new Thread(this::tick, "hicra-progress");
      ticker.setDaemon(true);
      ticker.start();
    } else {
      ticker = null;
    }
  }

  /**
   * Whether stderr is a terminal: {@code -Dhicra.tty=true|false} (set by {@code bin/hicra} from
   * {@code [ -t 2 ]}) wins; otherwise a console on both standard streams, and never under CI.
   */
  static boolean stderrIsTerminal() {
    String forced = System.getProperty("hicra.tty");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    return System.console() != null && System.getenv("CI") == null;
  }

  void addRollouts(long n) {
    rollouts.addAndGet(n);
  }

  synchronized void message(String line) {
    clear();
    err.println(line);
  }

  private void tick() {
    while (!stopped) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      draw();
    }
  }

  private synchronized void draw() {
    if (stopped) {
      return;
    }
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    long done = rollouts.get();
    StringBuilder sb = new StringBuilder("\r");
    if (size > 0) {
      double f = Math.min(1.0, bytes.getAsLong() / (double) size);
      int width = 30;
      int full = (int) Math.round(f * width);
      sb.append('[').append("#".repeat(full)).append(" ".repeat(width - full)).append("] ");
      sb.append(String.format(Locale.ROOT, "%3.0f%% ", 100 * f));
      sb.append(String.format(Locale.ROOT, "%,d rollouts %,.0f/s", done, done / secs));
      if (f > 0.01) {
        long eta = Math.round(secs / f - secs);
        sb.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
      }
    } else {
      sb.append(String.format(Locale.ROOT, "%,d rollouts %,.0f/s", done, done / secs));
    }
    sb.append("\033[K");
    err.print(sb);
    err.flush();
    drawn = true;
  }

  private void clear() {
    if (drawn) {
      err.print("\r\033[K");
      drawn = false;
    }
  }

  @Override
  public synchronized void close() {
    stopped = true;
    if (ticker != null) {
      ticker.interrupt();
    }
    if (enabled) {
      clear();
      err.flush();
    }
  }
}
