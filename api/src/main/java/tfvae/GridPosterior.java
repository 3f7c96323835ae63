package tfvae;

import org.jspecify.annotations.Nullable;

/**
 * The exact posterior p(z | observed pixels) of a 2-D latent, tabulated on a regular grid placed around its mass,
 * and the log evidence log p(observed pixels) from the same grid by quadrature.
 *
 * @param xs grid coordinates along z1, increasing and evenly spaced
 * @param ys grid coordinates along z2, increasing and evenly spaced
 * @param logDensity log p(z | observed) at (xs[i], ys[j]) as {@code logDensity[j][i]} (normalised on the grid)
 * @param logEvidence log p(observed pixels) = log of the integral of p(z, observed) over z, in nats
 * @param error |difference| between this estimate and the one from a grid of twice the spacing, in nats
 * @param tolerance the error the grid was refined for; see {@link #converged()}
 * @param logQ log q(z) of a fitted approximation on the same grid ({@code [j][i]}), or null when none was given
 */
public record GridPosterior(double[] xs, double[] ys, double[][] logDensity, double logEvidence, double error,
    double tolerance, double @Nullable [][] logQ) {

  /**
   * @return whether the grid met its tolerance; false when refining stopped at the largest grid first (then
   *     {@link #error()} is the honest estimate, above {@link #tolerance()})
   */
  public boolean converged() { return error < tolerance; }

  /** @return grid spacing along z1 */
  public double dx() { return xs[1] - xs[0]; }

  /** @return grid spacing along z2 */
  public double dy() { return ys[1] - ys[0]; }

  /**
   * KL(q || p) = integral of q(z) (log q(z) - log p(z | observed)) dz, on the grid.
   *
   * @return the divergence in nats
   * @throws IllegalStateException if no fitted q was given
   */
  public double klFromQ() {
    if (logQ == null) throw new IllegalStateException("no fitted q was tabulated on this grid");
    double kl = 0, area = dx() * dy();
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        double lq = logQ[j][i];
        if (lq > -700) kl += Math.exp(lq) * (lq - logDensity[j][i]) * area;
      }
    return kl;
  }
}
