package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.SviOptions;

/**
 * Records q's path during {@code TrainedVae.fitPosterior}: pass it as the options' listener, then draw it with
 * {@link VaeFigures#sviAnimation}. Keeps every {@code every}-th iteration (0, every, 2 every, ...) and the last call,
 * which is the fitted q. Not thread-safe; one fit per recorder.
 *
 * <pre>{@code
 * var path = SviPath.every(10);
 * var q = model.fitPosterior(x, Mask.topHalf(28, 28), SviOptions.builder().listener(path).build());
 * }</pre>
 */
public final class SviPath implements SviOptions.Listener {
  /**
   * One recorded iteration.
   *
   * @param iteration the iteration, 0 (q = the prior) to the number of iterations (the fit)
   * @param mean q's mean
   * @param logStd q's log standard deviations
   * @param elbo the ELBO estimate at these parameters, in nats
   */
  public record Step(int iteration, float[] mean, float[] logStd, double elbo) {
    /** Copies the arrays. */
    public Step {
      mean = mean.clone();
      logStd = logStd.clone();
    }

    @Override public float[] mean() { return mean.clone(); }

    @Override public float[] logStd() { return logStd.clone(); }
  }

  private final int every;
  private final List<Step> kept = new ArrayList<>();
  private @Nullable Step last;

  private SviPath(int every) { this.every = every; }

  /**
   * @param every keep one iteration in this many, at least 1
   * @return an empty recorder
   */
  public static SviPath every(int every) { return new SviPath(Check.positive("every", every)); }

  @Override public void iteration(int iteration, float[] mean, float[] logStd, double elbo) {
    if (last != null && iteration <= last.iteration())
      throw new IllegalStateException("an SviPath records one fit; this one is at iteration " + last.iteration() + ", got " + iteration);
    last = new Step(iteration, mean, logStd, elbo);
    if (iteration % every == 0) kept.add(last);
  }

  /** @return the kept iterations in order, ending with the last one recorded (the fit, once it has finished) */
  public List<Step> steps() {
    List<Step> out = new ArrayList<>(kept);
    if (last != null && (out.isEmpty() || out.get(out.size() - 1) != last)) out.add(last);
    return List.copyOf(out);
  }
}
