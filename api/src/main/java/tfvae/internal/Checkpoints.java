package tfvae.internal;

import java.nio.file.Path;

/** Names of the files around a checkpoint. Internal: not part of the public API. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * @param checkpoint a checkpoint path
   * @return where a run that did not start from {@code checkpoint} writes its per-epoch checkpoints until it has
   *     finished: {@code <checkpoint>.partial}, beside it
   */
  public static Path partial(Path checkpoint) { return checkpoint.resolveSibling(checkpoint.getFileName() + ".partial"); }
}
