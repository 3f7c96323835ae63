package tfvae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;

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
   * Deletes a directory and everything in it. A failure does not throw (this runs in {@code finally} blocks, where the
   * run's own error is the one to report): it is passed to {@code warn}.
   *
   * @param dir the directory
   * @param warn receives one line when something could not be deleted, e.g. {@code "could not delete DIR: REASON"}
   */
  public static void deleteTree(Path dir, Consumer<String> warn) {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      warn.accept("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
