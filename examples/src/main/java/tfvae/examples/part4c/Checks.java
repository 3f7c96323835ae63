package tfvae.examples.part4c;

import java.util.ArrayList;
import java.util.List;
import tfvae.Encoding;
import tfvae.Factorization;
import tfvae.GridPosterior;
import tfvae.PredictiveDependence;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * Questions (a) and (b) of part 4(c), measured on a trained model: does p(bottom | z) factorize (the model's joint
 * against per-pixel Bernoulli terms, {@link Factorization}), and does p(bottom | top) (the exact predictive covariances
 * of bottom pixels on the exact posterior's grid, {@link PredictiveDependence}).
 */
final class Checks {
  /** Bottom-half pixels start here (14 rows of 28). */
  static final int TOP = 392;

  private Checks() {}

  // ---------------------------------------------------------------------------------------------------------- (a)

  /**
   * (a) at three latent points (the encoder's mean for x, the origin, and (1.5, -1)), on the 4 bottom pixels whose
   * means are nearest 1/2 at each ({@link Factorization#check}).
   */
  static Factorization factorization(TrainedVae model, float[] x, int k) {
    Encoding enc = model.encode(Images.ofRows(new float[][] {x}, 28, x.length / 28));
    return Factorization.check(model, x, TOP, new float[][] {enc.mean()[0], {0f, 0f}, {1.5f, -1f}}, k);
  }

  // ---------------------------------------------------------------------------------------------------------- (b)

  /**
   * (b) for one top half: the exact predictive P(x_i = 1 | top) = sum_g w_g s_i(z_g) and
   * P(x_i = 1, x_j = 1 | top) = sum_g w_g s_i(z_g) s_j(z_g) over the exact posterior's grid, for every pair of bottom
   * pixels; the dependence is their difference from P(x_i) P(x_j), i.e. the posterior covariance of s_i and s_j. The
   * same sums on the grid of twice the spacing (every second point), and on a grid of half the spacing over the same box
   * weighted by the model's log p(z, top), give the error estimate.
   *
   * @param pairs the reported pairs: the most dependent one, an adjacent pair in the middle of the bottom half, and the
   *     pair of median dependence among pixels with 0.05 &lt; P &lt; 0.95
   * @param maxDependence largest |P_ij - P_i P_j| over all pairs of bottom pixels
   * @param maxError largest change of P_ij - P_i P_j on the grids of twice and half the spacing, over all pairs
   * @param gridPoints points of the exact posterior's grid, and {@code usedPoints} those with weight above 1e-14
   */
  record Dependence(int image, int label, double logEvidence, double gridError, double spacing, int gridPoints,
      int usedPoints, double droppedMass, List<Pair> pairs, double maxDependence, double maxError, double medianDependence,
      double seconds) {}

  /**
   * One pair of bottom pixels (image indices i, j): the predictive probabilities and the grid error of the dependence.
   *
   * @param error the larger change of the dependence on the grid of twice and of half the spacing
   */
  record Pair(String kind, int i, int j, double pi, double pj, double pij, double dependence, double coarseDependence,
      double refinedDependence, double error) {}

  /** (b) for one top half ({@link PredictiveDependence}), with the three reported pairs. */
  static Dependence dependence(TrainedVae model, float[] top, int image, int label) {
    long t0 = System.nanoTime();
    PredictiveDependence d = PredictiveDependence.measure(model, top);
    GridPosterior g = d.posterior();
    List<Pair> pairs = new ArrayList<>();
    pairs.add(pair("most dependent", d.mostDependent(), d));
    int mid = 21 * 28 + 14; // row 21, columns 14 and 15
    pairs.add(pair("adjacent, row 21, columns 14-15", new int[] {mid, mid + 1}, d));
    if (d.medianPair() != null) pairs.add(pair("median among pixels with 0.05 < P < 0.95", d.medianPair(), d));
    return new Dependence(image, label, g.logEvidence(), g.error(), g.dx(), g.xs().length * g.ys().length, d.moments().used(),
        d.moments().dropped(), pairs, d.maxDependence(), d.maxError(), d.medianDependence(), (System.nanoTime() - t0) / 1e9);
  }

  private static Pair pair(String kind, int[] ij, PredictiveDependence d) {
    int i = ij[0], j = ij[1];
    double pi = d.p(i), pj = d.p(j), dep = d.dependence(i, j);
    double coarse = d.coarseDependence(i, j), refined = d.refinedDependence(i, j);
    double error = Double.isNaN(refined) ? Math.abs(dep - coarse) : Math.max(Math.abs(dep - coarse), Math.abs(dep - refined));
    return new Pair(kind, i, j, pi, pj, dep + pi * pj, dep, coarse, refined, error);
  }
}
