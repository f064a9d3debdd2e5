package io.hicra.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output file written under a temporary name in the same directory and renamed onto its final
 * name only by {@link #commit()}, so that an interrupted run never leaves a half-written file
 * under the final name. {@link #close()} without a commit deletes the temporary file, and so
 * does a shutdown hook when the JVM is stopped (Ctrl-C) before either.
 */
final class AtomicOutput implements AutoCloseable {
  /** Temporary files not yet committed or discarded; deleted by a shutdown hook on Ctrl-C. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  /**
   * Guards the creation of a temporary file together with its registration in {@link #PENDING}
   * against the shutdown hook: the other threads keep running while the hook does, so without it
   * a file created just before or while the hook ran would be left behind.
   */
  private static final Object CREATION = new Object();

  private static boolean shuttingDown;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (CREATION) {
        shuttingDown = true;
      }
      for (Path p : PENDING) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Best effort at exit: the name (".NAME.*.tmp") already says it is incomplete.
        }
      }
    }, "hicra-cleanup"));
  }

  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private boolean done;

  AtomicOutput(Path target) throws IOException {
    this.target = target;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Created, opened and registered in one step: once the hook has run, no file is created, and
    // one it deletes is never re-created (the stream is opened without CREATE before that).
    synchronized (CREATION) {
      if (shuttingDown) {
        throw new IOException("the JVM is shutting down: not creating a file for " + target);
      }
      this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      PENDING.add(temp);
      try {
        try {
          // createTempFile makes the file private; outputs get the usual rw-r--r--.
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: keep the default permissions.
        }
        this.out = new BufferedOutputStream(
            Files.newOutputStream(temp, StandardOpenOption.WRITE), 1 << 16);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        PENDING.remove(temp);
        throw e;
      }
    }
  }

  /** Writes {@code content} to {@code target} atomically. */
  static void write(Path target, byte[] content) throws IOException {
    try (AtomicOutput o = new AtomicOutput(target)) {
      o.stream().write(content);
      o.commit();
    }
  }

  OutputStream stream() {
    return out;
  }

  Path target() {
    return target;
  }

  /** Flushes, closes and renames the temporary file onto the target. */
  void commit() throws IOException {
    out.close();
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    PENDING.remove(temp);
    done = true;
  }

  /** Discards the temporary file unless committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        out.close();
      } finally {
        Files.deleteIfExists(temp);
        PENDING.remove(temp);
      }
    }
  }
}
