package tfvae;

/**
 * log p(x) of a set of images by quadrature over a 2-D latent grid.
 *
 * @param logP log p(x) of each image, in nats
 * @param errors |difference| from the estimate on a grid of twice the spacing, per image, in nats
 * @param spacing the final grid spacing, chosen by halving until the largest error is under the tolerance
 * @param points grid points of the final grid
 */
public record Evidence(double[] logP, double[] errors, double spacing, int points) {
  /** @return the mean of {@link #logP()} */
  public double mean() {
    double s = 0;
    for (double v : logP) s += v / logP.length;
    return s;
  }

  /** @return the largest error estimate */
  public double maxError() {
    double m = 0;
    for (double v : errors) m = Math.max(m, v);
    return m;
  }
}
