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
  /** The largest grid of {@link #evidence}, a bound on its work (the grid is decoded a tile at a time). */
  static final int MAX_EVIDENCE_POINTS = 4_000_000;
  /** Points per side of the tiles of the evidence grid: each image is summed over the tiles that meet its mass box. */
  static final int TILE = 32;

  private Quadrature() {}

  /**
   * The bounding box {x0, x1, y0, y1} of the points within MASS_CUT of each image's maximum, over all images
   * ({@link #massBoxes}).
   */
  static double[] massBox(GridKernels model, float[] obs, int n, int[] cols) { return union(massBoxes(model, obs, n, cols)); }

  /**
   * Each image's mass box {x0, x1, y0, y1}: the bounding box of the coarse-grid points within MASS_CUT of its
   * maximum, padded by three coarse spacings. While the mass of any image reaches the edge of the coarse grid, the
   * grid is widened (up to [-48, 48]^2) and searched again.
   */
  static double[][] massBoxes(GridKernels model, float[] obs, int n, int[] cols) {
    for (double limit = COARSE_LIMIT; ; limit *= 2) {
      double[][] boxes = massBoxes(model, obs, n, cols, limit);
      double[] box = union(boxes);
      boolean edge = box[0] <= -limit || box[1] >= limit || box[2] <= -limit || box[3] >= limit;
      if (!edge || limit >= 48) {
        double pad = 3 * 2 * limit / (COARSE_POINTS - 1);
        for (double[] b : boxes) {
          b[0] -= pad;
          b[1] += pad;
          b[2] -= pad;
          b[3] += pad;
        }
        return boxes;
      }
    }
  }

  private static double[][] massBoxes(GridKernels model, float[] obs, int n, int[] cols, double limit) {
    double[] axis = linspace(-limit, limit, COARSE_POINTS);
    int[][] spans = model.massSpans(obs, n, cols, grid(axis, axis), COARSE_POINTS, COARSE_POINTS, (float) MASS_CUT);
    double[][] boxes = new double[n][];
    for (int k = 0; k < n; k++) {
      int[] s = spans[k];
      boxes[k] = s == null ? new double[] {-limit, limit, -limit, limit} // no finite mass: search all of it
          : new double[] {axis[s[0]], axis[s[1]], axis[s[2]], axis[s[3]]};
    }
    return boxes;
  }

  private static double[] union(double[][] boxes) {
    double[] u = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double[] b : boxes) {
      u[0] = Math.min(u[0], b[0]);
      u[1] = Math.max(u[1], b[1]);
      u[2] = Math.min(u[2], b[2]);
      u[3] = Math.max(u[3], b[3]);
    }
    return u;
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
   * log p(x) per image: grids of spacing 0.05, 0.025, ... over the mass box of all images, each compared with the sum
   * over its every second point (twice the spacing), until the largest change is under {@code tolerance}, or the next
   * grid would be finer than {@code minSpacing} or hold more than {@code maxPoints} points (then the result says it
   * stopped early; the first grid is always evaluated). Each image is summed over the grid's tiles of TILE x TILE
   * points that meet its own mass box: the points it leaves out are more than MASS_CUT nats below its maximum. The
   * weights log h^2 and log 4h^2 are added in double, after the sums.
   */
  static Evidence evidence(GridKernels model, float[] obs, int n, int[] cols, double tolerance, double minSpacing, int maxPoints) {
    return evidence(model, obs, cols, massBoxes(model, obs, n, cols), tolerance, minSpacing, maxPoints);
  }

  /** {@link #evidence(GridKernels, float[], int, int[], double, double, int)} with given mass boxes, one per image. */
  static Evidence evidence(GridKernels model, float[] obs, int[] cols, double[][] boxes, double tolerance, double minSpacing, int maxPoints) {
    int n = boxes.length;
    double[] box = union(boxes);
    for (double h = 0.05; ; h /= 2) {
      int nx = axisPoints(box[0], box[1], h), ny = axisPoints(box[2], box[3], h);
      double[] xs = linspace(box[0], box[0] + (nx - 1) * h, nx), ys = linspace(box[2], box[2] + (ny - 1) * h, ny);
      double[][] est = tiledLogSums(model, obs, cols, boxes, xs, ys, h);
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

  /**
   * Over the grid (xs[i], ys[j]) of spacing h, in tiles of TILE x TILE points, each image's {log sum of its joint
   * over the points of the tiles that meet its box, log sum over those of them with even i and j}.
   */
  private static double[][] tiledLogSums(GridKernels model, float[] obs, int[] cols, double[][] boxes, double[] xs, double[] ys, double h) {
    int n = boxes.length, tx = (xs.length + TILE - 1) / TILE, ty = (ys.length + TILE - 1) / TILE;
    int[][] span = new int[n][]; // tile columns and rows {from, to} of each image's box, inclusive
    int[] count = new int[tx * ty];
    for (int k = 0; k < n; k++) {
      double[] b = boxes[k];
      span[k] = new int[] {tileOf(b[0], xs[0], h, tx), tileOf(b[1], xs[0], h, tx), tileOf(b[2], ys[0], h, ty), tileOf(b[3], ys[0], h, ty)};
      for (int t = span[k][2]; t <= span[k][3]; t++) for (int s = span[k][0]; s <= span[k][1]; s++) count[t * tx + s]++;
    }
    int[][] members = new int[tx * ty][];
    for (int t = 0; t < members.length; t++) members[t] = new int[count[t]];
    Arrays.fill(count, 0);
    for (int k = 0; k < n; k++)
      for (int t = span[k][2]; t <= span[k][3]; t++) for (int s = span[k][0]; s <= span[k][1]; s++) members[t * tx + s][count[t * tx + s]++] = k;
    GridKernels.LogSums sums = new GridKernels.LogSums(n);
    for (int t = 0; t < ty; t++)
      for (int s = 0; s < tx; s++) {
        if (members[t * tx + s].length == 0) continue;
        int i0 = s * TILE, i1 = Math.min(xs.length, i0 + TILE), j0 = t * TILE, j1 = Math.min(ys.length, j0 + TILE);
        float[] z = grid(Arrays.copyOfRange(xs, i0, i1), Arrays.copyOfRange(ys, j0, j1));
        float[] all = new float[(i1 - i0) * (j1 - j0)], everySecond = new float[all.length]; // log weights before the area term
        for (int j = j0; j < j1; j++)
          for (int i = i0; i < i1; i++)
            everySecond[(j - j0) * (i1 - i0) + (i - i0)] = i % 2 == 0 && j % 2 == 0 ? 0f : Float.NEGATIVE_INFINITY;
        model.foldLogSumJoint(obs, members[t * tx + s], cols, z, all, everySecond, sums);
      }
    return sums.result();
  }

  /** The tile (of TILE points from lo, spacing h, count tiles) that holds the coordinate v, clamped to the grid. */
  private static int tileOf(double v, double lo, double h, int count) {
    return Math.max(0, Math.min(count - 1, (int) Math.floor((v - lo) / h) / TILE));
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
