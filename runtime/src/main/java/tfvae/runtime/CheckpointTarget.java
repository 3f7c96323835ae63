package tfvae.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tfvae.CheckpointPolicy;

/**
 * Where a training run writes its per-epoch checkpoints, and what is on disk when it stops early. The rule: a run
 * never replaces a checkpoint it did not start from before its last epoch is done.
 */
final class CheckpointTarget {
  private CheckpointTarget() {}

  /**
   * @param target the checkpoint the run must leave behind when it finishes
   * @param from the checkpoint the run was loaded from, or null for a fresh run
   * @return {@code from} when it is the target or its partial file; the target when there is no file there yet;
   *     otherwise the partial file beside the target
   */
  static Path perEpoch(Path target, @Nullable Path from) {
    Path partial = CheckpointPolicy.partial(target);
    if (from != null && (same(from, target) || same(from, partial))) return from;
    return Files.exists(target) ? partial : target;
  }

  /**
   * @return what a run that stopped early left on disk, for its error message: which file holds which of its epochs,
   *     and that the target it did not start from is unchanged
   */
  static String onDisk(@Nullable Path target, @Nullable Path from, @Nullable Path writeTo, int savedEpoch) {
    if (target == null || writeTo == null) return "nothing was saved from this run";
    boolean startedThere = from != null && same(from, writeTo);
    String written = savedEpoch > 0 ? writeTo + " holds this run's epoch " + savedEpoch + ", the last one saved"
        : startedThere ? writeTo + " still holds the epochs this run started from"
        : "this run saved no checkpoint";
    return same(writeTo, target) ? written : written + "; " + target + ", which this run did not start from, is unchanged";
  }

  /** Deletes a partial file once the finished run is saved to its target. */
  static void delete(Path partial) {
    try {
      Files.deleteIfExists(partial);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + partial + " (" + e.getMessage() + ")", e);
    }
  }

  private static boolean same(Path a, Path b) { return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()); }
}
