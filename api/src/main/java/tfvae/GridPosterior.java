package tfvae;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The exact posterior p(z | observed pixels) of a 2-D latent, tabulated on a regular grid placed around its mass,
 * and the log evidence log p(observed pixels) from the same grid by quadrature. An honest value: it copies its
 * arrays in and out (each accessor call makes a fresh copy, so call it once outside a loop), and compares and
 * prints by content.
 *
 * <p>Axis order: the tables are row-major by z2, like an image: {@code logDensity[j][i]} is the value at
 * (xs[i], ys[j]), so a row is one y and holds xs.length values. The charts ({@code tfvae.charts.Contours} and
 * {@code ContourPlot}) take the same order.
 *
 * @param xs grid coordinates along z1, increasing and evenly spaced
 * @param ys grid coordinates along z2, increasing and evenly spaced
 * @param logDensity log p(z | observed) at (xs[i], ys[j]) as {@code logDensity[j][i]} (normalised on the grid):
 *     ys.length rows of xs.length values
 * @param logEvidence log p(observed pixels) = log of the integral of p(z, observed) over z, in nats
 * @param error |difference| between this estimate and the one from a grid of twice the spacing, in nats
 * @param tolerance the error the grid was refined for; see {@link #converged()}
 * @param logQ log q(z) of a fitted approximation on the same grid ({@code [j][i]}, shaped as {@code logDensity}), or
 *     null when none was given
 */
public record GridPosterior(double[] xs, double[] ys, double[][] logDensity, double logEvidence, double error,
    double tolerance, double @Nullable [][] logQ) {

  /**
   * Copies the arrays, so later changes to the caller's arrays do not reach this value.
   *
   * @param xs grid coordinates along z1
   * @param ys grid coordinates along z2
   * @param logDensity log p(z | observed), {@code [j][i]} at (xs[i], ys[j])
   * @param logEvidence log p(observed pixels), in nats
   * @param error the estimate's error against the grid of twice the spacing, in nats
   * @param tolerance the error the grid was refined for
   * @param logQ log q(z), shaped as {@code logDensity}, or null
   * @throws InvalidConfigException if an array is null (but {@code logQ}), either axis has fewer than 2 points, or
   *     {@code logDensity} or {@code logQ} is not ys.length rows of xs.length values
   */
  public GridPosterior {
    if (xs == null || ys == null || logDensity == null) throw new InvalidConfigException("xs, ys and logDensity must not be null");
    if (xs.length < 2 || ys.length < 2)
      throw new InvalidConfigException("the grid needs at least 2 points per axis, got " + xs.length + " x " + ys.length);
    checkShape("logDensity", logDensity, xs.length, ys.length);
    if (logQ != null) checkShape("logQ", logQ, xs.length, ys.length);
    xs = xs.clone();
    ys = ys.clone();
    logDensity = copy(logDensity);
    logQ = logQ == null ? null : copy(logQ);
  }

  /** @return a copy of the grid coordinates along z1 */
  @Override public double[] xs() { return xs.clone(); }

  /** @return a copy of the grid coordinates along z2 */
  @Override public double[] ys() { return ys.clone(); }

  /** @return a copy of log p(z | observed), {@code [j][i]} at (xs[i], ys[j]) */
  @Override public double[][] logDensity() { return copy(logDensity); }

  /** @return a copy of log q(z), {@code [j][i]} at (xs[i], ys[j]), or null when no q was given */
  @Override public double @Nullable [][] logQ() { return logQ == null ? null : copy(logQ); }

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

  @Override public boolean equals(Object o) {
    return o instanceof GridPosterior g && Arrays.equals(xs, g.xs) && Arrays.equals(ys, g.ys)
        && Arrays.deepEquals(logDensity, g.logDensity) && Double.compare(logEvidence, g.logEvidence) == 0
        && Double.compare(error, g.error) == 0 && Double.compare(tolerance, g.tolerance) == 0
        && Arrays.deepEquals(logQ, g.logQ);
  }

  @Override public int hashCode() {
    return Objects.hash(Arrays.hashCode(xs), Arrays.hashCode(ys), Arrays.deepHashCode(logDensity), logEvidence, error, tolerance,
        Arrays.deepHashCode(logQ));
  }

  /**
   * @return the grid's size and spacing and the estimate, e.g.
   *     {@code GridPosterior[201 x 201 grid, spacing 0.0125 x 0.0150, logEvidence -81.2345, error 2.1e-04 (tolerance 1.0e-03, converged), with q]}
   */
  @Override public String toString() {
    return String.format(Locale.ROOT, "GridPosterior[%d x %d grid, spacing %.4g x %.4g, logEvidence %.4f, error %.1e (tolerance %.1e, %s)%s]",
        xs.length, ys.length, dx(), dy(), logEvidence, error, tolerance, converged() ? "converged" : "not converged",
        logQ == null ? "" : ", with q");
  }

  private static void checkShape(String name, double[][] table, int nx, int ny) {
    if (table.length != ny) throw new InvalidConfigException(name + " has " + table.length + " rows but ys has " + ny + " points");
    for (int j = 0; j < ny; j++)
      if (table[j] == null || table[j].length != nx)
        throw new InvalidConfigException(name + "[" + j + "] has " + (table[j] == null ? "no" : table[j].length)
            + " values but xs has " + nx + " points");
  }

  private static double[][] copy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
    return out;
  }
}
