package tfvae.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import tfvae.WriteException;
import tfvae.internal.IoReasons;

/**
 * The one way the library, the figures and the programs write a file: completely or not at all. The content goes to a
 * temporary file beside the target, then an atomic rename replaces the target, so a reader sees the old file or the
 * whole new one, and a failed write leaves the target as it was. The temporary is named
 * {@code .<target name>.<pid>-<nanos>.tmp}; a process killed while writing leaves it behind, and the next write of the
 * same target deletes such leftovers of processes that are gone. Readers open the target by name only, so a leftover
 * is never mistaken for the file.
 *
 * <pre>{@code
 * AtomicFiles.writeString(out.resolve("report.md"), markdown);
 * AtomicFiles.write(out.resolve("figure.png"), stream -> ImageIO.write(image, "png", stream));
 * }</pre>
 */
public final class AtomicFiles {
  /** Writes the content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /**
     * @param out the stream, closed by the caller
     * @throws IOException if writing fails; the target is then left as it was
     */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes a file through a stream, completely or not at all; its directory is created when missing.
   *
   * @param target the file to create or replace
   * @param writer writes the whole content
   * @throws WriteException naming the file and the reason if it cannot be written; the target is then left as it was
   */
  public static void write(Path target, Writer writer) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // not createTempFile: its 0600 mode would stick to the target; CREATE_NEW gives the usual umask mode
      deleteStaleTemporaries(abs);
      tmp = dir.resolve(tempPrefix(abs) + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + ".tmp");
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
      throw new WriteException("cannot write " + target + " (" + IoReasons.describe(e)
          + "); check that its directory can be created and written, and has free space", e);
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

  /**
   * Writes a text file, UTF-8, completely or not at all; its directory is created when missing.
   *
   * @param target the file to create or replace
   * @param text the whole content
   * @throws WriteException naming the file and the reason if it cannot be written; the target is then left as it was
   */
  public static void writeString(Path target, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /** @return the start of the name of every temporary file written for {@code target} */
  static String tempPrefix(Path target) { return "." + target.getFileName() + "."; }

  /**
   * Deletes the temporary files that writes of {@code target} by processes no longer running left behind (killed
   * mid-write). Those of live processes, this one included, are kept: they may be writes under way.
   *
   * @param target the file's absolute path
   */
  static void deleteStaleTemporaries(Path target) {
    String prefix = tempPrefix(target);
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
        p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
      for (Path p : files) {
        String tag = p.getFileName().toString().substring(prefix.length());
        int dash = tag.indexOf('-');
        long pid;
        try {
          pid = dash > 0 ? Long.parseLong(tag.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a leftover costs disk space, never correctness
    }
  }
}
