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
}
