package tfvae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A run's output directory: checked writable before any work, and trees under it deleted. With {@link OutputLock} (one
 * run at a time) and {@link StagedOutputs} (a run's files replaced together), what a program needs to write its outputs.
 * The messages speak to a command line that takes the directory as {@code --out}.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

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
