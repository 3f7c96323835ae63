package tfvae.examples.shared;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The programs' output names and values: the partial checkpoint's name, JSON's finite numbers. The directory itself is
 * {@link tfvae.io.OutputDirectory}'s; reports are written whole or not at all by {@link tfvae.io.AtomicFiles}.
 */
public final class Outputs {
  private Outputs() {}

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
}
