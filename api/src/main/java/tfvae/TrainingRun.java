package tfvae;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Vae#train(tfvae.data.DataSplit, TrainOptions, CheckpointPolicy)}: the model and how it was
 * obtained. Closing the run closes the model.
 *
 * @param model the model; the caller owns it
 * @param outcome whether it was trained, reused or resumed
 * @param firstEpoch the first epoch trained by this call (1 for a fresh run, N + 1 after resuming N epochs), or 0
 *     when nothing was trained
 * @param note why an existing checkpoint was not reused (for example "its learning rate is 0.001, not 0.06"), or
 *     null when none was there, it was reused or resumed, or the policy was {@link CheckpointPolicy#REPLACE}
 */
public record TrainingRun(TrainedVae model, Outcome outcome, int firstEpoch, @Nullable String note) implements AutoCloseable {
  /** How the model was obtained. */
  public enum Outcome {
    /** Trained from its initial parameters. */
    TRAINED,
    /** Loaded from a checkpoint of the same run, nothing trained. */
    REUSED,
    /** Continued from a checkpoint of an unfinished run (or loaded, when that run had already finished). */
    RESUMED
  }

  /** @return whether this call ran any Adam step */
  public boolean trained() { return firstEpoch > 0; }

  /** Closes the model. */
  @Override public void close() { model.close(); }
}
