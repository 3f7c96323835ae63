package tfvae;

import java.util.Map;

/**
 * A measurement taken during training, on the model as it is after chosen epochs: training calls {@link #measure}
 * after each epoch for which {@link #due} is true, and the values go into that epoch's {@link EpochStats#measures()}
 * (so the history, the listener and the epoch's checkpoint keep them). A reused checkpoint gives them back without
 * measuring again: the probe's {@link #name()} is recorded with the run ({@link TrainingRecord#probe()}), and
 * {@link CheckpointPolicy#REUSE} reuses a checkpoint only when it was measured under the same name (or when no probe
 * is asked for).
 *
 * <p>For example the exact held-out log p(x) every 5 epochs, for early stopping:
 * <pre>{@code
 * EpochProbe heldOutEvery5 = new EpochProbe() {
 *   public String name() { return "held-out log p(x), 1000 images, tolerance 0.01"; }
 *   public boolean due(int epoch, int total) { return epoch % 5 == 0 || epoch == total; }
 *   public Map<String, Double> measure(TrainedVae model, EpochStats stats) {
 *     return Map.of("held_out_log_px", model.logEvidence(heldOut, Mask.all(model.spec().dataDim()), 0.01).mean());
 *   }
 * };
 * TrainOptions options = TrainOptions.builder().epochs(100).probe(heldOutEvery5).build();
 * }</pre>
 *
 * <p>The model passed to {@link #measure} is the one being trained: query it on the calling thread (the training
 * thread, which holds the model's write lock; its queries take the read lock, which that thread may take), and do not
 * keep it or close it: {@link TrainedVae#close()} from inside a probe throws {@link IllegalStateException}. A probe's
 * queries use their own seeds, so they do not change what training does.
 */
public interface EpochProbe {
  /** @return what this probe measures and with which settings; part of what the run was (compared on reuse and resume) */
  String name();

  /**
   * @param epoch the epoch that just finished, from 1
   * @param total the run's last epoch
   * @return whether to measure the model after this epoch
   */
  boolean due(int epoch, int total);

  /**
   * @param model the model as trained so far (its history already holds this epoch); query it, do not keep or close it
   * @param stats this epoch's statistics, before the measures
   * @return the measures by name (NaN allowed, null not)
   */
  Map<String, Double> measure(TrainedVae model, EpochStats stats);
}
