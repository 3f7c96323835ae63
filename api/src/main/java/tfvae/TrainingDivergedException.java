package tfvae;

/**
 * The training loss became NaN or infinite. Training stopped at once; nothing is saved from the run, so an
 * earlier checkpoint is left untouched.
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
  public TrainingDivergedException(int epoch, long step, double loss) {
    super("training diverged: the loss became " + loss + " in epoch " + epoch + " at step " + step
        + "; lower the learning rate or the init scale (nothing was saved from this run; an earlier checkpoint is untouched)");
    this.epoch = epoch;
    this.step = step;
  }

  /** @return the 1-based epoch in which the loss diverged */
  public int epoch() { return epoch; }

  /** @return the 0-based global step whose loss was not finite */
  public long step() { return step; }
}
