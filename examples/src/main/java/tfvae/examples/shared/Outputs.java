package tfvae.examples.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The programs' output files: a writable directory checked first, the partial checkpoint's name. Reports are written
 * whole or not at all by {@link tfvae.io.AtomicFiles}.
 */
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
