package tfvae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.internal.Check;

/**
 * How dependent the unobserved values of one example are given its observed ones, exactly for a 2-D latent: the
 * predictive covariance P(x_i = 1, x_j = 1 | observed) - P(x_i = 1 | observed) P(x_j = 1 | observed) of every pair,
 * by quadrature over the exact posterior p(z | observed) ({@link PredictiveMoments} on its grid). Under the model each
 * x_i is independent of the others given z, but not given the observed values alone: this measures by how much.
 *
 * <p>Its error estimate is the larger change of each covariance on two other grids: every second point of the
 * posterior's grid (twice the spacing), and a grid of half the spacing over the same box weighted by the model's
 * log p(z, observed) (left out above {@link #REFINED_MAX_POINTS} points).
 *
 * <pre>{@code
 * PredictiveDependence d = PredictiveDependence.measure(model, Arrays.copyOf(image, 392));   // the top half observed
 * int[] ij = d.mostDependent();
 * System.out.printf("%.5f +- %.1e%n", d.dependence(ij[0], ij[1]), d.error(ij[0], ij[1]));
 * }</pre>
 */
public final class PredictiveDependence {
  /** The grid of half the spacing is skipped above this many points (memory: unobserved values x points). */
  public static final long REFINED_MAX_POINTS = 250_000;

  private final GridPosterior posterior;
  private final int observed;
  private final PredictiveMoments fine, coarse;
  private final @Nullable PredictiveMoments refined;
  private final int[] mostDependent;
  private final int @Nullable [] median;
  private final double maxDependence, maxError, medianDependence;

  private PredictiveDependence(GridPosterior posterior, int observed, PredictiveMoments fine, PredictiveMoments coarse,
      @Nullable PredictiveMoments refined) {
    this.posterior = posterior;
    this.observed = observed;
    this.fine = fine;
    this.coarse = coarse;
    this.refined = refined;
    double[] pf = fine.p();
    double[][] cf = fine.cov(), cc = coarse.cov(), cr = refined == null ? null : refined.cov();
    int nb = pf.length, bi = 0, bj = 1;
    double maxDep = -1, maxErr = 0;
    List<Double> uncertain = new ArrayList<>();
    for (int a = 0; a < nb; a++)
      for (int b = a + 1; b < nb; b++) {
        double dep = Math.abs(cf[a][b]);
        maxErr = Math.max(maxErr, Math.abs(cf[a][b] - cc[a][b]));
        if (cr != null) maxErr = Math.max(maxErr, Math.abs(cf[a][b] - cr[a][b]));
        if (dep > maxDep) {
          maxDep = dep;
          bi = a;
          bj = b;
        }
        if (uncertain(pf[a]) && uncertain(pf[b])) uncertain.add(dep);
      }
    this.mostDependent = new int[] {observed + bi, observed + bj};
    this.maxDependence = maxDep;
    this.maxError = maxErr;
    double med = Double.NaN;
    int[] at = null;
    if (!uncertain.isEmpty()) {
      double[] sorted = uncertain.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      med = sorted[sorted.length / 2];
      outer:
      for (int a = 0; a < nb; a++)
        for (int b = a + 1; b < nb; b++)
          if (Math.abs(cf[a][b]) == med && uncertain(pf[a]) && uncertain(pf[b])) {
            at = new int[] {observed + a, observed + b};
            break outer;
          }
    }
    this.medianDependence = med;
    this.median = at;
  }

  /**
   * @param model a trained model with a 2-D latent
   * @param observedValues the example's leading values, observed; the rest of its values are unobserved
   * @return the dependence of every pair of the unobserved values given the observed ones
   */
  public static PredictiveDependence measure(TrainedVae model, float[] observedValues) {
    int dim = model.spec().dataDim(), observed = observedValues.length;
    if (model.spec().latent() != 2)
      throw new InvalidConfigException("the predictive dependence integrates over a 2-D latent grid; this model's latent has "
          + model.spec().latent() + " dimensions");
    Check.range("observed values", observed, 1, dim - 2);
    float[] x = Arrays.copyOf(observedValues, dim);
    Mask mask = Mask.prefix(dim, observed);
    GridPosterior g = model.exactPosterior(x, mask, null);
    double[] gx = g.xs(), gy = g.ys();
    double[][] logDensity = g.logDensity(); // copies: taken once, outside the loops
    int nx = gx.length, ny = gy.length;
    double[] logFine = new double[nx * ny], logCoarse = new double[nx * ny];
    for (int j = 0; j < ny; j++)
      for (int i = 0; i < nx; i++) {
        logFine[j * nx + i] = logDensity[j][i];
        logCoarse[j * nx + i] = i % 2 == 0 && j % 2 == 0 ? logDensity[j][i] : Double.NEGATIVE_INFINITY;
      }
    PredictiveMoments fine = PredictiveMoments.onGrid(model, observed, gx, gy, logFine),
        coarse = PredictiveMoments.onGrid(model, observed, gx, gy, logCoarse), refined = null;
    if ((2L * nx - 1) * (2L * ny - 1) <= REFINED_MAX_POINTS) {
      double[] xs = linspace(gx[0], gx[nx - 1], 2 * nx - 1), ys = linspace(gy[0], gy[ny - 1], 2 * ny - 1);
      refined = PredictiveMoments.onGrid(model, observed, xs, ys, logJointOnGrid(model, x, mask, xs, ys));
    }
    return new PredictiveDependence(g, observed, fine, coarse, refined);
  }

  /** @return the exact posterior p(z | observed) whose grid the moments are taken on */
  public GridPosterior posterior() { return posterior; }

  /** @return the moments on the posterior's grid (index: value - {@link #observed()}) */
  public PredictiveMoments moments() { return fine; }

  /** @return how many leading values are observed */
  public int observed() { return observed; }

  /**
   * @param i an unobserved value's index in the example
   * @return P(x_i = 1 | observed)
   */
  public double p(int i) { return fine.p()[index(i)]; }

  /**
   * @param i an unobserved value's index in the example
   * @param j another one's
   * @return P(x_i = 1, x_j = 1 | observed) - P(x_i = 1 | observed) P(x_j = 1 | observed)
   */
  public double dependence(int i, int j) { return fine.cov()[index(i)][index(j)]; }

  /**
   * @param i an unobserved value's index in the example
   * @param j another one's
   * @return {@link #dependence} on every second point of the posterior's grid
   */
  public double coarseDependence(int i, int j) { return coarse.cov()[index(i)][index(j)]; }

  /**
   * @param i an unobserved value's index in the example
   * @param j another one's
   * @return {@link #dependence} on the grid of half the spacing, or NaN when it was left out
   */
  public double refinedDependence(int i, int j) { return refined == null ? Double.NaN : refined.cov()[index(i)][index(j)]; }

  /**
   * @param i an unobserved value's index in the example
   * @param j another one's
   * @return the larger change of {@link #dependence} on the grids of twice and of half the spacing
   */
  public double error(int i, int j) {
    double e = Math.abs(dependence(i, j) - coarseDependence(i, j)), r = refinedDependence(i, j);
    return Double.isNaN(r) ? e : Math.max(e, Math.abs(dependence(i, j) - r));
  }

  /** @return the pair (i, j), i &lt; j, with the largest |dependence|: the first such in row order */
  public int[] mostDependent() { return mostDependent.clone(); }

  /** @return the largest |dependence| over all pairs */
  public double maxDependence() { return maxDependence; }

  /** @return the largest {@link #error} over all pairs */
  public double maxError() { return maxError; }

  /** @return the median |dependence| over the pairs of uncertain values (both P in (0.05, 0.95)), NaN when there are none */
  public double medianDependence() { return medianDependence; }

  /** @return a pair of uncertain values whose |dependence| is the median, or null when there are none */
  public int @Nullable [] medianPair() { return median == null ? null : median.clone(); }

  /** @return whether the grid of half the spacing was used (it is left out above {@link #REFINED_MAX_POINTS} points) */
  public boolean refined() { return refined != null; }

  private int index(int i) {
    int d = i - observed;
    if (d < 0 || d >= fine.p().length)
      throw new InvalidConfigException("value " + i + " is not unobserved: pass an index in [" + observed + ", " + (observed
          + fine.p().length) + ")");
    return d;
  }

  private static boolean uncertain(double p) { return p > 0.05 && p < 0.95; }

  private static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * i / (n - 1);
    return out;
  }

  /** log p(z, observed) at the points (xs[i], ys[j]), index j * xs.length + i, from the model's {@code logJointObserved}. */
  private static double[] logJointOnGrid(TrainedVae model, float[] x, Mask mask, double[] xs, double[] ys) {
    int n = xs.length * ys.length;
    double[] out = new double[n];
    final int chunk = 20_000;
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      float[][] z = new float[to - from][];
      for (int p = from; p < to; p++) z[p - from] = new float[] {(float) xs[p % xs.length], (float) ys[p / xs.length]};
      System.arraycopy(model.logJointObserved(x, mask, z), 0, out, from, to - from);
    }
    return out;
  }
}
