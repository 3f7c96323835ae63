package tfvae.examples.part4c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.Encoding;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.PredictiveMoments;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.examples.shared.Outputs;

/**
 * Questions (a) and (b) of part 4(c), measured on a trained model: does p(bottom | z) factorize (the model's joint
 * against per-pixel Bernoulli terms), and does p(bottom | top) (the exact predictive covariances of bottom pixels on
 * the exact posterior's grid, {@link PredictiveMoments}).
 */
final class Checks {
  /** Bottom-half pixels start here (14 rows of 28). */
  static final int TOP = 392;

  private Checks() {}

  // ---------------------------------------------------------------------------------------------------------- (a)

  /**
   * (a) at three latent points (the encoder's mean for x, the origin, and (1.5, -1)).
   *
   * @param maxLogError largest |model's log p(bottom | z) - sum of per-pixel Bernoulli log densities| in nats
   * @param maxJointError largest |P(k pixels = a | rest, z) - prod_d Bernoulli(a_d)| over the 2^k assignments a
   * @param logP the model's log p(bottom | z) at each point
   * @param pixels the k bottom pixels (image indices) of each point, those with means nearest 1/2
   * @param means their Bernoulli means
   */
  record Factorization(float[][] z, double[] logP, double[] sumOfPixels, double maxLogError, int[][] pixels,
      double[][] means, double maxJointError, double smallestProbability) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      List<Map<String, Object>> points = new ArrayList<>();
      for (int p = 0; p < z.length; p++) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("z", new double[] {z[p][0], z[p][1]});
        q.put("model_log_p_bottom_given_z", logP[p]);
        q.put("sum_of_pixel_log_densities", sumOfPixels[p]);
        q.put("k_pixels", pixels[p]);
        q.put("k_pixel_means", means[p]);
        points.add(q);
      }
      m.put("points", points);
      m.put("max_abs_log_error_nats", maxLogError);
      m.put("max_abs_joint_minus_product", maxJointError);
      m.put("smallest_joint_probability", smallestProbability);
      return m;
    }
  }

  /**
   * The model's log p(bottom | z) is log p(x, z) - log p(top, z) (two calls of {@code logJointObserved}, TensorFlow);
   * the sum is computed here in double from {@code decodeLogits}. Then, for the k bottom pixels with means nearest
   * 1/2, the model's joint over all 2^k values (the rest of x fixed) is normalised and compared with the product of
   * the pixels' Bernoulli probabilities.
   */
  static Factorization factorization(TrainedVae model, float[] x, int k) {
    Encoding enc = model.encode(Images.ofRows(new float[][] {x}, 28, x.length / 28));
    float[][] z = {enc.mean()[0], {0f, 0f}, {1.5f, -1f}};
    double[] full = model.logJointObserved(x, Mask.all(x.length), z), topOnly = model.logJointObserved(x, Mask.prefix(x.length, TOP), z);
    float[][] logits = model.decodeLogits(z);
    double[] logP = new double[z.length], sum = new double[z.length];
    int[][] pixels = new int[z.length][];
    double[][] means = new double[z.length][];
    double maxLog = 0, maxJoint = 0, smallest = 1;
    for (int p = 0; p < z.length; p++) {
      logP[p] = full[p] - topOnly[p];
      for (int d = TOP; d < x.length; d++) sum[p] += bernoulliLog(x[d], logits[p][d]);
      maxLog = Math.max(maxLog, Math.abs(logP[p] - sum[p]));
      // the k bottom pixels whose means are nearest 1/2 make the product least trivial
      final float[] l = logits[p];
      Integer[] order = new Integer[x.length - TOP];
      for (int d = 0; d < order.length; d++) order[d] = TOP + d;
      Arrays.sort(order, (u, v) -> Float.compare(Math.abs(l[u]), Math.abs(l[v])));
      pixels[p] = new int[k];
      means[p] = new double[k];
      for (int t = 0; t < k; t++) {
        pixels[p][t] = order[t];
        means[p][t] = sigmoid(l[order[t]]);
      }
      float[][] zs = new float[1][];
      zs[0] = z[p];
      double[] lj = new double[1 << k];
      for (int a = 0; a < 1 << k; a++) {
        float[] xa = x.clone();
        for (int t = 0; t < k; t++) xa[pixels[p][t]] = (a >> t & 1);
        lj[a] = model.logJointObserved(xa, Mask.all(xa.length), zs)[0];
      }
      double max = Arrays.stream(lj).max().orElseThrow(), norm = 0;
      for (double v : lj) norm += Math.exp(v - max);
      for (int a = 0; a < 1 << k; a++) {
        double joint = Math.exp(lj[a] - max) / norm, product = 1;
        for (int t = 0; t < k; t++) product *= (a >> t & 1) == 1 ? means[p][t] : 1 - means[p][t];
        maxJoint = Math.max(maxJoint, Math.abs(joint - product));
        smallest = Math.min(smallest, joint);
      }
    }
    return new Factorization(z, logP, sum, maxLog, pixels, means, maxJoint, smallest);
  }

  static double sigmoid(double l) { return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l)); }

  /** log Bernoulli(x; sigmoid(l)) = x l - softplus(l), stable for any l. */
  static double bernoulliLog(double x, double l) { return x * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)))); }
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
      double seconds) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("test_image", image);
      m.put("label", label);
      m.put("log_p_top", logEvidence);
      m.put("grid_error_log_p_top", gridError);
      m.put("grid_spacing", spacing);
      m.put("grid_points", gridPoints);
      m.put("points_used", usedPoints);
      m.put("dropped_weight", droppedMass);
      m.put("max_abs_dependence_all_pairs", maxDependence);
      m.put("max_abs_grid_error_all_pairs", maxError);
      m.put("median_abs_dependence_uncertain_pairs", Outputs.finite(medianDependence));
      m.put("pairs", pairs.stream().map(Pair::toMap).toList());
      m.put("seconds", seconds);
      return m;
    }
  }

  /** One pair of bottom pixels (image indices i, j): the predictive probabilities and the grid error of the dependence. */
  record Pair(String kind, int i, int j, double pi, double pj, double pij, double dependence, double coarseDependence,
      double refinedDependence) {
    /** The larger change of the dependence on the grid of twice and of half the spacing. */
    double error() {
      double e = Math.abs(dependence - coarseDependence);
      return Double.isNaN(refinedDependence) ? e : Math.max(e, Math.abs(dependence - refinedDependence));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("i", i);
      m.put("j", j);
      m.put("row_col_i", new int[] {i / 28, i % 28});
      m.put("row_col_j", new int[] {j / 28, j % 28});
      m.put("p_i", pi);
      m.put("p_j", pj);
      m.put("p_ij", pij);
      m.put("p_ij_minus_p_i_p_j", dependence);
      m.put("same_at_twice_the_spacing", coarseDependence);
      m.put("same_at_half_the_spacing", Double.isNaN(refinedDependence) ? null : refinedDependence);
      m.put("grid_error", error());
      return m;
    }
  }

  static Dependence dependence(TrainedVae model, float[] top, int image, int label) {
    long t0 = System.nanoTime();
    int dim = model.spec().dataDim();
    GridPosterior g = model.exactPosterior(Arrays.copyOf(top, dim), Mask.prefix(dim, top.length), null);
    double[] gx = g.xs(), gy = g.ys();
    double[][] logDensity = g.logDensity(); // copies: taken once, outside the loops
    int nx = gx.length, ny = gy.length, nb = model.spec().dataDim() - top.length;
    double[] logFine = new double[nx * ny], logCoarse = new double[nx * ny];
    for (int j = 0; j < ny; j++)
      for (int i = 0; i < nx; i++) {
        logFine[j * nx + i] = logDensity[j][i];
        logCoarse[j * nx + i] = i % 2 == 0 && j % 2 == 0 ? logDensity[j][i] : Double.NEGATIVE_INFINITY;
      }
    PredictiveMoments fine = PredictiveMoments.onGrid(model, top.length, gx, gy, logFine),
        coarse = PredictiveMoments.onGrid(model, top.length, gx, gy, logCoarse);
    // an independent third grid: half the spacing over the same box, weights from the model's log p(z, top)
    PredictiveMoments refined = null;
    if ((2L * nx - 1) * (2L * ny - 1) <= REFINED_MAX_POINTS) {
      double[] xs = linspace(gx[0], gx[nx - 1], 2 * nx - 1), ys = linspace(gy[0], gy[ny - 1], 2 * ny - 1);
      refined = PredictiveMoments.onGrid(model, top.length, xs, ys, logJointOnGrid(model, top, xs, ys));
    }
    double[] pf = fine.p();
    int bi = 0, bj = 1;
    double maxDep = -1, maxErr = 0;
    List<Double> uncertain = new ArrayList<>();
    for (int a = 0; a < nb; a++)
      for (int b = a + 1; b < nb; b++) {
        double dep = Math.abs(fine.cov()[a][b]);
        maxErr = Math.max(maxErr, Math.abs(fine.cov()[a][b] - coarse.cov()[a][b]));
        if (refined != null) maxErr = Math.max(maxErr, Math.abs(fine.cov()[a][b] - refined.cov()[a][b]));
        if (dep > maxDep) {
          maxDep = dep;
          bi = a;
          bj = b;
        }
        if (uncertain(pf[a]) && uncertain(pf[b])) uncertain.add(dep);
      }
    List<Pair> pairs = new ArrayList<>();
    pairs.add(pair("most dependent", bi, bj, top.length, fine, coarse, refined));
    int mid = 21 * 28 + 14 - top.length; // row 21, columns 14 and 15
    pairs.add(pair("adjacent, row 21, columns 14-15", mid, mid + 1, top.length, fine, coarse, refined));
    double median = Double.NaN;
    if (!uncertain.isEmpty()) {
      double[] sorted = uncertain.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      median = sorted[sorted.length / 2];
      outer:
      for (int a = 0; a < nb; a++)
        for (int b = a + 1; b < nb; b++)
          if (Math.abs(fine.cov()[a][b]) == median && uncertain(pf[a]) && uncertain(pf[b])) {
            pairs.add(pair("median among pixels with 0.05 < P < 0.95", a, b, top.length, fine, coarse, refined));
            break outer;
          }
    }
    return new Dependence(image, label, g.logEvidence(), g.error(), g.dx(), nx * ny, fine.used(), fine.dropped(), pairs, maxDep,
        maxErr, median, (System.nanoTime() - t0) / 1e9);
  }

  /** The refined grid is skipped above this many points (memory: 392 pixels x points). */
  static final long REFINED_MAX_POINTS = 250_000;

  private static boolean uncertain(double p) { return p > 0.05 && p < 0.95; }

  static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * i / (n - 1);
    return out;
  }

  /** log p(z, top) at the points (xs[i], ys[j]), index j * xs.length + i, from the model's {@code logJointObserved}. */
  static double[] logJointOnGrid(TrainedVae model, float[] top, double[] xs, double[] ys) {
    int n = xs.length * ys.length, dim = model.spec().dataDim();
    double[] out = new double[n];
    final int chunk = 20_000;
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      float[][] z = new float[to - from][];
      for (int p = from; p < to; p++) z[p - from] = new float[] {(float) xs[p % xs.length], (float) ys[p / xs.length]};
      System.arraycopy(model.logJointObserved(Arrays.copyOf(top, dim), Mask.prefix(dim, top.length), z), 0, out, from, to - from);
    }
    return out;
  }
  private static Pair pair(String kind, int a, int b, int offset, PredictiveMoments fine, PredictiveMoments coarse,
      PredictiveMoments refined) {
    double[] p = fine.p();
    return new Pair(kind, offset + a, offset + b, p[a], p[b], fine.cov()[a][b] + p[a] * p[b], fine.cov()[a][b],
        coarse.cov()[a][b], refined == null ? Double.NaN : refined.cov()[a][b]);
  }
}
