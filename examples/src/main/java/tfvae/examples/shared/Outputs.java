package tfvae.examples.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/** The programs' output files: a writable directory checked first, each report written whole or not at all. */
public final class Outputs {
  private Outputs() {}

  /**
   * Creates the directory and checks that a file can be written in it, before any work.
   *
   * @param dir the output directory
   * @throws UncheckedIOException naming the directory and saying to pass a writable --out
   */
  public static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UncheckedIOException("output directory " + dir + " cannot be written (" + tfvae.WriteException.reason(e)
          + "); pass a writable --out", e);
    }
  }

  /**
   * A temporary file beside the target ({@code .<name>.<pid>-<nanos>.tmp}), then a rename: readers see the old file or
   * the whole new one, and a failed write leaves the target as it was.
   *
   * @param target the file to create or replace
   * @param text its whole content, written as UTF-8
   * @throws UncheckedIOException naming the file if it cannot be written
   */
  public static void writeAtomically(Path target, String text) {
    Path abs = target.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.createDirectories(abs.getParent());
      Files.write(tmp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage() + "; check that the directory exists and is writable", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the target is whole either way
      }
    }
  }

  /**
   * The file a run that has not reached its last epoch writes its checkpoints to ({@code <checkpoint>.partial}, see
   * {@link tfvae.CheckpointPolicy}).
   *
   * @param checkpoint the run's target checkpoint
   * @return the partial file beside it
   */
  public static Path partial(Path checkpoint) { return checkpoint.resolveSibling(checkpoint.getFileName() + ".partial"); }

  /**
   * @param v a number
   * @return it, or null when it is NaN or infinite (JSON has neither)
   */
  public static @Nullable Double finite(double v) { return Double.isFinite(v) ? v : null; }

  /**
   * Deletes a directory and everything in it; a failure is only a warning on standard error.
   *
   * @param dir the directory
   * @param program the program's name, for the warning
   */
  public static void deleteTree(Path dir, String program) {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      System.err.println(program + ": warning: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
