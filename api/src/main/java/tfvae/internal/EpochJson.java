package tfvae.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tfvae.EpochStats;

/**
 * One epoch of a training history as JSON, the one mapping of {@link EpochStats} that the checkpoint's
 * {@code meta.json} and {@code report.json} share: written with Gson's lower-case-with-underscores field names
 * ({@code train_elbo}, {@code eval_seconds}, ...), a missing test ELBO as null (JSON has no NaN). Internal: not part
 * of the public API.
 *
 * @param epoch the 1-based epoch
 * @param steps Adam's global step at its end
 * @param trainElbo the mean train ELBO of its minibatches
 * @param testElbo the test ELBO, or null when it was not evaluated
 * @param seconds the seconds of its Adam steps
 * @param evalSeconds the seconds of its test ELBO
 * @param stepsPerSecond its Adam steps per second
 * @param measures its probe's measures in their order, NaN as null; null (absent from the file) when there are none
 */
public record EpochJson(int epoch, long steps, double trainElbo, @Nullable Double testElbo, double seconds, double evalSeconds,
    double stepsPerSecond, @Nullable Map<String, @Nullable Double> measures) {
  /**
   * @param s the statistics of an epoch
   * @return their JSON form
   */
  public static EpochJson of(EpochStats s) {
    Map<String, @Nullable Double> m = null;
    if (!s.measures().isEmpty()) {
      m = new LinkedHashMap<>();
      for (Map.Entry<String, Double> e : s.measures().entrySet()) m.put(e.getKey(), e.getValue().isNaN() ? null : e.getValue());
    }
    return new EpochJson(s.epoch(), s.steps(), s.trainElbo(), s.hasTestElbo() ? s.testElbo() : null, s.seconds(), s.evalSeconds(),
        s.stepsPerSecond(), m);
  }

  /** @return the statistics back, a missing test ELBO and a null measure as NaN */
  public EpochStats toStats() {
    Map<String, Double> m = new LinkedHashMap<>();
    if (measures != null) measures.forEach((k, v) -> m.put(k, v == null ? Double.NaN : v));
    return new EpochStats(epoch, steps, trainElbo, testElbo == null ? Double.NaN : testElbo, seconds, evalSeconds, stepsPerSecond, m);
  }
}
