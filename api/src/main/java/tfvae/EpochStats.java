package tfvae;

/**
 * What one training epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param steps global Adam steps taken so far
 * @param trainElbo mean single-sample ELBO of the epoch's minibatches, in nats per image
 * @param testElbo ELBO over the whole test set after the epoch, in nats per image; NaN when not evaluated
 * @param seconds wall time of the epoch's Adam steps
 * @param evalSeconds wall time of the epoch's test-set evaluation (0 when not evaluated)
 * @param stepsPerSecond Adam steps per second in this epoch
 */
public record EpochStats(int epoch, long steps, double trainElbo, double testElbo, double seconds, double evalSeconds,
    double stepsPerSecond) {
  /** @return whether {@link #testElbo()} was evaluated in this epoch */
  public boolean hasTestElbo() { return !Double.isNaN(testElbo); }
}
