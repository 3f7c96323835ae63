package tfvae;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param measures what the run's {@link EpochProbe} measured after this epoch, by name, in its order (NaN allowed);
 *     unmodifiable, empty when it measured nothing
 */
public record EpochStats(int epoch, long steps, double trainElbo, double testElbo, double seconds, double evalSeconds,
    double stepsPerSecond, Map<String, Double> measures) {
  /**
   * Copies the measures, keeping their order.
   *
   * @param epoch 1-based epoch number
   * @param steps global Adam steps taken so far
   * @param trainElbo mean single-sample ELBO of the epoch's minibatches
   * @param testElbo test ELBO, NaN when not evaluated
   * @param seconds wall time of the epoch's Adam steps
   * @param evalSeconds wall time of the test-set evaluation
   * @param stepsPerSecond Adam steps per second
   * @param measures the probe's measures by name (NaN allowed)
   * @throws NullPointerException if {@code measures}, one of its names or one of its values is null
   */
  public EpochStats {
    Map<String, Double> copy = new LinkedHashMap<>();
    java.util.Objects.requireNonNull(measures, "measures").forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k, "a measure's name"),
        java.util.Objects.requireNonNull(v, () -> "measure " + k + " is null; use NaN for a value not measured")));
    measures = Collections.unmodifiableMap(copy);
  }

  /**
   * Statistics without measures.
   *
   * @param epoch 1-based epoch number
   * @param steps global Adam steps taken so far
   * @param trainElbo mean single-sample ELBO of the epoch's minibatches
   * @param testElbo test ELBO, NaN when not evaluated
   * @param seconds wall time of the epoch's Adam steps
   * @param evalSeconds wall time of the test-set evaluation
   * @param stepsPerSecond Adam steps per second
   */
  public EpochStats(int epoch, long steps, double trainElbo, double testElbo, double seconds, double evalSeconds, double stepsPerSecond) {
    this(epoch, steps, trainElbo, testElbo, seconds, evalSeconds, stepsPerSecond, Map.of());
  }

  /**
   * @param m the measures
   * @return these statistics with {@code m} as their measures
   */
  public EpochStats withMeasures(Map<String, Double> m) {
    return new EpochStats(epoch, steps, trainElbo, testElbo, seconds, evalSeconds, stepsPerSecond, m);
  }

  /** @return whether {@link #testElbo()} was evaluated in this epoch */
  public boolean hasTestElbo() { return !Double.isNaN(testElbo); }
}
