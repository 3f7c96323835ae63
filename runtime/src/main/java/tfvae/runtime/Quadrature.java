package tfvae.runtime;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.PosteriorFit;

/**
 * Exact answers for a 2-D latent by quadrature: the integral of p(z, x) over z as a Riemann sum on a regular grid.
 * The grid is placed around the posterior mass found on a coarse grid over [-6, 6]^2 (widened when the mass
 * reaches its edge), then refined: its spacing is halved until the estimate moves by less than the
 * tolerance when every second point is dropped. For smooth, well-contained integrands this sum converges faster
 * than any power of the spacing, so the change from the doubled spacing bounds the error of the coarser estimate.
 * The refinement also stops at a smallest spacing and a largest grid; {@link Evidence#stoppedBy()} and
 * {@link GridPosterior#error()} tell a caller that the tolerance was then not met.
 */
final class Quadrature {
  static final double COARSE_LIMIT = 6.0;
  static final int COARSE_POINTS = 121;
  /** Points more than this many nats below an image's maximum carry less than e^-30 of its mass each. */
  static final double MASS_CUT = 30.0;
  static final double POSTERIOR_TOLERANCE = 1e-3;
  static final int MAX_POINTS_PER_AXIS = 801;
  static final double MIN_SPACING = 0.004;
  /** The largest grid of {@link #evidence}: 4 million points are 64 MB of coordinates and weights on the heap. */
  static final int MAX_EVIDENCE_POINTS = 4_000_000;
  static final int BOX_ROWS = 100;

  private Quadrature() {}

  /**
   * The bounding box {x0, x1, y0, y1} of the points within MASS_CUT of each image's maximum, over all images. If the
   * mass reaches the edge of the coarse grid, the grid is widened (up to [-48, 48]^2) and searched again.
   */
  static double[] massBox(GridKernels model, float[] obs, int n, int[] cols) {
    for (double limit = COARSE_LIMIT; ; limit *= 2) {
      double[] box = massBox(model, obs, n, cols, limit);
      boolean edge = box[0] <= -limit || box[1] >= limit || box[2] <= -limit || box[3] >= limit;
      if (!edge || limit >= 48) {
        double pad = 3 * 2 * limit / (COARSE_POINTS - 1);
        return new double[] {box[0] - pad, box[1] + pad, box[2] - pad, box[3] + pad};
      }
    }
  }

  private static double[] massBox(GridKernels model, float[] obs, int n, int[] cols, double limit) {
    int m = cols.length;
    double[] axis = linspace(-limit, limit, COARSE_POINTS);
    float[] z = grid(axis, axis);
    double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int from = 0; from < n; from += BOX_ROWS) { // 100 images x 14641 points: 12 MB of doubles at a time
      int to = Math.min(n, from + BOX_ROWS);
      double[][] lj = model.logJoint(Arrays.copyOfRange(obs, from * m, to * m), to - from, cols, z);
      for (double[] row : lj) {
        double max = Arrays.stream(row).max().orElseThrow();
        for (int k = 0; k < row.length; k++) {
          if (row[k] < max - MASS_CUT) continue;
          double x = axis[k % axis.length], y = axis[k / axis.length];
          box[0] = Math.min(box[0], x);
          box[1] = Math.max(box[1], x);
          box[2] = Math.min(box[2], y);
          box[3] = Math.max(box[3], y);
        }
      }
    }
    return box;
  }

  static GridPosterior posterior(GridKernels model, float[] obs, int[] cols, @Nullable PosteriorFit q) {
    double[] box = massBox(model, obs, 1, cols);
    if (q != null) { // the grid must also hold q's mass, or KL(q || p) would miss part of it
      float[] mean = q.mean(), logStd = q.logStd();
      box[0] = Math.min(box[0], mean[0] - 6 * Math.exp(logStd[0]));
      box[1] = Math.max(box[1], mean[0] + 6 * Math.exp(logStd[0]));
      box[2] = Math.min(box[2], mean[1] - 6 * Math.exp(logStd[1]));
      box[3] = Math.max(box[3], mean[1] + 6 * Math.exp(logStd[1]));
    }
    for (int n = 101; ; n = 2 * n - 1) {
      double[] xs = linspace(box[0], box[1], n), ys = linspace(box[2], box[3], n);
      float[] z = grid(xs, ys);
      double[] lj = model.logJoint(obs, 1, cols, z)[0];
      double area = (xs[1] - xs[0]) * (ys[1] - ys[0]);
      double fine = Double.NEGATIVE_INFINITY, coarse = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
          fine = GridKernels.logAddExp(fine, lj[j * n + i]);
          if (i % 2 == 0 && j % 2 == 0) coarse = GridKernels.logAddExp(coarse, lj[j * n + i]);
        }
      fine += Math.log(area);
      coarse += Math.log(4 * area);
      double error = Math.abs(fine - coarse);
      if (error < POSTERIOR_TOLERANCE || 2 * n - 1 > MAX_POINTS_PER_AXIS) {
        double[][] logDensity = new double[n][n];
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) logDensity[j][i] = lj[j * n + i] - fine;
        double[][] logQ = null;
        if (q != null) {
          double[] lq = model.logDensityOf(q.mean(), q.logStd(), z);
          logQ = new double[n][n];
          for (int j = 0; j < n; j++) System.arraycopy(lq, j * n, logQ[j], 0, n);
        }
        return new GridPosterior(xs, ys, logDensity, fine, error, POSTERIOR_TOLERANCE, logQ);
      }
    }
  }

  static Evidence evidence(GridKernels model, float[] obs, int n, int[] cols, double tolerance) {
    return evidence(model, obs, n, cols, tolerance, MIN_SPACING, MAX_EVIDENCE_POINTS);
  }

  /**
   * log p(x) per image: grids of spacing 0.05, 0.025, ... over the mass box, each compared with the sum over its
   * every second point (twice the spacing), until the largest change is under {@code tolerance}, or the next grid
   * would be finer than {@code minSpacing} or hold more than {@code maxPoints} points (then the result says it
   * stopped early; the first grid is always evaluated). The weights log h^2 and log 4h^2 are added in double, after
   * the sums.
   */
  static Evidence evidence(GridKernels model, float[] obs, int n, int[] cols, double tolerance, double minSpacing, int maxPoints) {
    double[] box = massBox(model, obs, n, cols);
    for (double h = 0.05; ; h /= 2) {
      int nx = axisPoints(box[0], box[1], h), ny = axisPoints(box[2], box[3], h);
      double[] xs = linspace(box[0], box[0] + (nx - 1) * h, nx), ys = linspace(box[2], box[2] + (ny - 1) * h, ny);
      float[] z = grid(xs, ys);
      float[] all = new float[nx * ny], everySecond = new float[nx * ny]; // log weights before the area term
      for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) everySecond[j * nx + i] = i % 2 == 0 && j % 2 == 0 ? 0f : Float.NEGATIVE_INFINITY;
      double[][] est = model.logSumJoint(obs, n, cols, z, all, everySecond);
      double[] logP = new double[n], errors = new double[n];
      double worst = 0, logArea = Math.log(h * h), logCoarseArea = Math.log(4 * h * h);
      for (int k = 0; k < n; k++) {
        logP[k] = est[0][k] + logArea;
        errors[k] = Math.abs(logP[k] - (est[1][k] + logCoarseArea));
        worst = Math.max(worst, errors[k]);
      }
      Evidence.Stop stop = worst < tolerance ? Evidence.Stop.TOLERANCE_MET
          : h / 2 < minSpacing ? Evidence.Stop.MIN_SPACING
          : (long) axisPoints(box[0], box[1], h / 2) * axisPoints(box[2], box[3], h / 2) > maxPoints ? Evidence.Stop.MAX_POINTS
          : null;
      if (stop != null) return new Evidence(logP, errors, h, nx * ny, tolerance, stop);
    }
  }

  /** Points along an axis from lo with spacing h up to at least hi, an odd number so that every second one is a grid. */
  private static int axisPoints(double lo, double hi, double h) { return odd((int) Math.ceil((hi - lo) / h) + 1); }

  private static int odd(int v) { return v % 2 == 1 ? v : v + 1; }

  static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * i / (n - 1);
    return out;
  }

  /** Row-major points (xs[i], ys[j]) at index j * xs.length + i. */
  static float[] grid(double[] xs, double[] ys) {
    float[] z = new float[2 * xs.length * ys.length];
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        z[2 * (j * xs.length + i)] = (float) xs[i];
        z[2 * (j * xs.length + i) + 1] = (float) ys[j];
      }
    return z;
  }
}
