package io.hicra.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
    this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      // createTempFile makes the file private; outputs get the usual rw-r--r--.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: keep the default permissions.
    }
    PENDING.add(temp);
    this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
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
