package tfvae;

import org.jspecify.annotations.Nullable;
import tfvae.internal.Check;

/**
 * Stochastic variational inference settings: Adam on the negative ELBO of a diagonal Gaussian q(z) with
 * {@code samples} reparameterized draws per iteration, noise seeded by {seed, iteration}.
 *
 * @param samples K, draws of z ~ q per iteration; in [1, 1000000]; default 1000 (the assignment used 10000)
 * @param iterations Adam steps; in [1, 1000000]; default 1000
 * @param learningRate Adam's step size; in (0, 1]; default 0.01
 * @param seed noise seed; default 0
 * @param progress log the ELBO every 10 % of the iterations as an INFO record of the {@link System.Logger} named
 *     {@code tfvae.progress}; default false
 * @param listener called at every iteration with q's parameters (e.g. to draw q's path); default null (none)
 */
public record SviOptions(int samples, int iterations, double learningRate, long seed, boolean progress,
    @Nullable Listener listener) {
  /** Watches the fit: {@link #iteration} is called on the fitting thread, in order, {@code iterations + 1} times. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after step {@code iteration} (0-based) with the parameters that step started from and the ELBO
     * estimate of its {@code samples} draws (iteration 0: q = the prior), and once more with {@code iteration =
     * iterations}, the fitted q and its final ELBO estimate, the one {@link PosteriorFit#elbo()} reports.
     *
     * @param iteration 0 to {@code iterations}
     * @param mean q's mean, a copy
     * @param logStd q's log standard deviations, a copy
     * @param elbo the ELBO estimate at these parameters, in nats
     */
    void iteration(int iteration, float[] mean, float[] logStd, double elbo);
  }

  /**
   * Options without a listener.
   *
   * @param samples K, draws per iteration
   * @param iterations Adam steps
   * @param learningRate Adam's step size
   * @param seed noise seed
   * @param progress whether to print progress
   */
  public SviOptions(int samples, int iterations, double learningRate, long seed, boolean progress) {
    this(samples, iterations, learningRate, seed, progress, null);
  }

  /**
   * Checks every component.
   *
   * @param samples K, draws per iteration
   * @param iterations Adam steps
   * @param learningRate Adam's step size
   * @param seed noise seed
   * @param progress whether to print progress
   * @param listener called at every iteration, or null
   */
  public SviOptions {
    Check.range("samples", samples, 1, 1_000_000);
    Check.range("iterations", iterations, 1, 1_000_000);
    Check.positive("learningRate", learningRate, 1.0);
  }

  /** @return K = 1000 samples, 1000 iterations, Adam 0.01, seed 0, no progress */
  public static SviOptions defaults() { return builder().build(); }

  /** @return a builder with the defaults */
  public static Builder builder() { return new Builder(); }

  /** Mutable builder; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private int samples = 1000;
    private int iterations = 1000;
    private double learningRate = 0.01;
    private long seed;
    private boolean progress;
    private @Nullable Listener listener;

    private Builder() {}

    /**
     * @param k draws per iteration, in [1, 1000000]; default 1000
     * @return this builder
     */
    public Builder samples(int k) { this.samples = Check.range("samples", k, 1, 1_000_000); return this; }

    /**
     * @param n Adam steps, in [1, 1000000]; default 1000
     * @return this builder
     */
    public Builder iterations(int n) { this.iterations = Check.range("iterations", n, 1, 1_000_000); return this; }

    /**
     * @param rate Adam step size, in (0, 1]; default 0.01
     * @return this builder
     */
    public Builder learningRate(double rate) { this.learningRate = Check.positive("learningRate", rate, 1.0); return this; }

    /**
     * @param seed noise seed; default 0
     * @return this builder
     */
    public Builder seed(long seed) { this.seed = seed; return this; }

    /**
     * @param show log the ELBO every 10 % of the iterations on the {@code tfvae.progress} logger; default false
     * @return this builder
     */
    public Builder progress(boolean show) { this.progress = show; return this; }

    /**
     * @param watcher called at every iteration (see {@link Listener}), or null for none; default null
     * @return this builder
     */
    public Builder listener(@Nullable Listener watcher) { this.listener = watcher; return this; }

    /** @return the immutable options */
    public SviOptions build() { return new SviOptions(samples, iterations, learningRate, seed, progress, listener); }
  }
}
