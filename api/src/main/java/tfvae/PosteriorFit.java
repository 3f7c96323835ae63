package tfvae;

/**
 * A diagonal Gaussian q(z) = N(mean, diag(exp(logStd))^2) fitted by stochastic variational inference.
 *
 * @param mean the mean, one value per latent dimension
 * @param logStd the log standard deviations
 * @param elboTrace the ELBO estimate of every iteration (K samples each), in nats
 * @param elbo the ELBO of the final q, estimated with 10000 fresh samples, in nats
 * @param seconds wall time of the optimisation
 */
public record PosteriorFit(float[] mean, float[] logStd, double[] elboTrace, double elbo, double seconds) {
  /**
   * Copies the arrays.
   *
   * @param mean the mean
   * @param logStd the log standard deviations
   * @param elboTrace the ELBO of every iteration
   * @param elbo the final ELBO
   * @param seconds wall time
   */
  public PosteriorFit {
    mean = mean.clone();
    logStd = logStd.clone();
    elboTrace = elboTrace.clone();
  }

  /** @return a copy of the mean */
  @Override public float[] mean() { return mean.clone(); }

  /** @return a copy of the log standard deviations */
  @Override public float[] logStd() { return logStd.clone(); }

  /** @return a copy of the per-iteration ELBO estimates */
  @Override public double[] elboTrace() { return elboTrace.clone(); }

  /** @return for example {@code PosteriorFit[mean [0.412, -1.207], logStd [-1.93, -2.05], ELBO -78.38 nats, 1000 iterations, 14.3 s]} */
  @Override public String toString() {
    return String.format(java.util.Locale.ROOT, "PosteriorFit[mean %s, logStd %s, ELBO %.2f nats, %d iterations, %.1f s]",
        java.util.Arrays.toString(mean), java.util.Arrays.toString(logStd), elbo, elboTrace.length, seconds);
  }
}
