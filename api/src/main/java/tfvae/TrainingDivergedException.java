package tfvae;

/**
 * The training loss became NaN or infinite. Training stopped at once. The message says what is on disk: which file
 * holds the run's last saved epoch, and that a checkpoint the run did not start from is unchanged (a run never
 * replaces one before its last epoch).
 */
public class TrainingDivergedException extends VaeException {
  private static final long serialVersionUID = 1L;
  /** @serial the 1-based epoch in which the loss diverged */
  private final int epoch;
  /** @serial the 0-based global step whose loss was not finite */
  private final long step;

  /**
   * @param epoch the 1-based epoch in which the loss diverged
   * @param step the 0-based global optimisation step whose loss was not finite
   * @param loss the value seen
   */
  public TrainingDivergedException(int epoch, long step, double loss) { this(epoch, step, loss, "nothing was saved from this run"); }

  /**
   * @param epoch the 1-based epoch in which the loss diverged
   * @param step the 0-based global optimisation step whose loss was not finite
   * @param loss the value seen
   * @param onDisk what the run left on disk, e.g. "out/model.ckpt.partial holds this run's epoch 2"
   */
  public TrainingDivergedException(int epoch, long step, double loss, String onDisk) {
    super(step == 0
        ? "training diverged: the loss was " + loss + " at the first step, before any update (so the learning rate is not the"
            + " cause): the data's values or the initial parameters give a non-finite loss; scale the data (e.g. to mean 0 and"
            + " standard deviation 1) or lower the init scale (" + onDisk + ")"
        : "training diverged: the loss became " + loss + " in epoch " + epoch + " at step " + step
            + "; lower the learning rate or the init scale (" + onDisk + ")");
    this.epoch = epoch;
    this.step = step;
  }

  /** @return the 1-based epoch in which the loss diverged */
  public int epoch() { return epoch; }

  /** @return the 0-based global step whose loss was not finite */
  public long step() { return step; }
}
