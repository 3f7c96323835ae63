package tfvae;

import java.nio.file.Path;

/**
 * What {@link Vae#train(tfvae.data.DataSplit, TrainOptions, CheckpointPolicy)} does with the checkpoint file of
 * {@link TrainOptions#checkpoint()} when one is there already.
 */
public enum CheckpointPolicy {
  /**
   * Train afresh. The existing file stays untouched until the new run has finished: its per-epoch checkpoints go to
   * a file beside it ({@code <checkpoint>.partial}), which replaces it only after the last epoch.
   */
  REPLACE,
  /**
   * Load the checkpoint when it holds exactly the run asked for (the same architecture and seed, epoch count, and
   * {@link TrainingRecord}: batch size, learning rate, batch order, training and test images) and, when the options
   * have an {@link EpochProbe}, was measured under that probe's name (without one, any measures are extra); otherwise
   * train afresh as {@link #REPLACE} does, and say why in {@link TrainingRun#note()}.
   */
  REUSE,
  /**
   * Continue the run in {@code <checkpoint>.partial} (a run that was stopped before its last epoch) or in the
   * checkpoint itself, whichever holds the run asked for with at most the requested epochs, bit for bit as if it had
   * never stopped (measured under the same {@link EpochProbe} name, or both without one); train afresh when neither
   * file exists. A file that holds another run is an error
   * ({@link CheckpointException} naming the first field that differs), never a silent fresh start.
   */
  RESUME;

  /**
   * @param checkpoint a checkpoint path
   * @return where a run that did not start from {@code checkpoint} writes its per-epoch checkpoints until it has
   *     finished: {@code <checkpoint>.partial}, beside it
   */
  public static Path partial(Path checkpoint) { return checkpoint.resolveSibling(checkpoint.getFileName() + ".partial"); }
}
