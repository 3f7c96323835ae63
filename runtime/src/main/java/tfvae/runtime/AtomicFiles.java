package tfvae.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file completely or not at all: a temporary file beside the target, then an atomic rename. */
public final class AtomicFiles {
  /** Writes the content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /** @param out the stream, closed by the caller */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * @param target the file to create or replace
   * @param writer writes the whole content
   * @throws UncheckedIOException naming the file if it cannot be written; the target is then left as it was
   */
  public static void write(Path target, Writer writer) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // not createTempFile: its 0600 mode would stick to the target; CREATE_NEW gives the usual umask mode
      tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), 1 << 16)) {
        writer.write(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage()
          + "; check that the directory exists and is writable", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the target is untouched either way
        }
      }
    }
  }
}
