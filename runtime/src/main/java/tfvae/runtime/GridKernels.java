package tfvae.runtime;

import java.util.Arrays;
import java.util.function.Supplier;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import tfvae.Vae;

/**
 * The grid kernels that {@link Quadrature} integrates with: the joint log p(x_obs, z) of observed pixels at many
 * latent points, its weighted log-sum-exp in double precision, and log q(z) of a diagonal Gaussian, each run in
 * chunks of points on a model's session. They run under the model's lock ({@code guard}), so a closed model refuses.
 */
final class GridKernels {
  /** Latent points per run of the grid heads. */
  static final int GRID_CHUNK = 4096;
  /** Images per run of the joint head. */
  private static final int CHUNK = TfVae.CHUNK;

  /** Runs a body under the model's read lock, refusing once the model is closed. */
  interface Guard {
    <T> T run(Supplier<T> body);
  }

  private final Vae spec;
  private final Session session;
  private final VaeGraph g;
  private final Guard guard;
  /** A conditional model's one condition [1, C] under which these kernels decode, or null. */
  private final TFloat32 condition;

  /** One chunk of latent points: rows {@code from..to-1} of the points as the tensor {@code z}. */
  @FunctionalInterface
  private interface PointChunk {
    void run(TFloat32 z, int from, int to);
  }

  /** The one loop over chunks of latent points (row-major [G, latent]) that every kernel here runs its head in. */
  private void pointChunks(float[] zFlat, PointChunk body) {
    int d = spec.latent(), points = zFlat.length / d;
    int chunk = g.net.stack == null ? GRID_CHUNK : (int) Math.max(16, Math.min(GRID_CHUNK, ImportanceWeighting.IW_VALUES / g.net.valuesPerRow()));
    for (int from = 0; from < points; from += chunk) {
      int to = Math.min(points, from + chunk);
      try (TFloat32 z = Tensors.matrix(Arrays.copyOfRange(zFlat, from * d, to * d), to - from, d)) {
        body.run(z, from, to);
      }
    }
  }

  GridKernels(Vae spec, Session session, VaeGraph g, Guard guard) { this(spec, session, g, guard, null); }

  private GridKernels(Vae spec, Session session, VaeGraph g, Guard guard, TFloat32 condition) {
    this.spec = spec;
    this.session = session;
    this.g = g;
    this.guard = guard;
    this.condition = condition;
  }

  /**
   * @param c a conditional model's condition, C values
   * @return these kernels with every point decoded under c; the caller closes them (which frees c's tensor)
   */
  Conditioned given(float[] c) {
    return new Conditioned(new GridKernels(spec, session, g, guard, Tensors.matrix(c, 1, c.length)));
  }

  /** Kernels under one condition, owning its tensor. */
  record Conditioned(GridKernels kernels) implements AutoCloseable {
    @Override public void close() { kernels.condition.close(); }
  }

  /** @return a runner with the condition fed when there is one */
  private Session.Runner runner() {
    Session.Runner r = session.runner();
    return condition == null ? r : r.feed(g.condition, condition);
  }

  /**
   * log p(z_g, x_n) for N rows of observed values (row-major [N, m]) of the pixels {@code cols} [m] and G points
   * (row-major [G, Z]): [N][G].
   */
  double[][] logJoint(float[] obs, int n, int[] cols, float[] zFlat) {
    int points = zFlat.length / spec.latent(), m = cols.length;
    double[][] out = new double[n][points];
    return guard.run(() -> {
      try (TFloat32 o = Tensors.matrix(obs, n, m); TInt32 c = TInt32.vectorOf(cols)) {
        pointChunks(zFlat, (zt, from, to) -> {
          try (Result r = runner().feed(g.obs, o).feed(g.obsColumns, c).feed(g.z, zt).fetch(g.jointMatrix).run()) {
            float[] v = Tensors.flat((TFloat32) r.get(0));
            for (int i = 0; i < n; i++) for (int k = 0; k < to - from; k++) out[i][from + k] = v[i * (to - from) + k];
          }
        });
      }
      return out;
    });
  }

  /**
   * Running weighted log-sum-exps of N images' joint values, for two weightings, in double precision: per image and
   * weighting a running max and the sum of exp(term - max) over the points folded in so far. (A float32 log-sum-exp
   * near -156 nats would round every chunk's sum to 1.5e-5 nats.)
   */
  static final class LogSums {
    private final double[][] max, sum;

    LogSums(int n) {
      max = new double[2][n];
      sum = new double[2][n];
      Arrays.fill(max[0], Double.NEGATIVE_INFINITY);
      Arrays.fill(max[1], Double.NEGATIVE_INFINITY);
    }

    /** Adds sum * e^shift to image i's sum of weighting w; a NaN makes the result NaN. */
    private void add(int w, int i, double shift, double part) {
      if (part == 0) return; // nothing, or every term -infinity
      double ref = Math.max(max[w][i], shift); // Math.max keeps a NaN
      sum[w][i] = (max[w][i] == Double.NEGATIVE_INFINITY ? 0 : sum[w][i] * Math.exp(max[w][i] - ref)) + part * Math.exp(shift - ref);
      max[w][i] = ref;
    }

    /** @return {logsumexp(joint + logw1), logsumexp(joint + logw2)} per image; -infinity where nothing was added */
    double[][] result() {
      int n = max[0].length;
      double[][] out = new double[2][n];
      for (int w = 0; w < 2; w++) for (int i = 0; i < n; i++) out[w][i] = max[w][i] + Math.log(sum[w][i]);
      return out; // an all -infinity weighting: max -inf, sum 0, so -inf + log 0 = -inf
    }
  }

  /**
   * Folds the images {@code rows} (indices into the N rows of observed values {@code obs}, row-major [N, m], of the
   * pixels {@code cols}) at G points (row-major [G, Z]) with two log weightings [G] into their running sums: image
   * rows[r] gains logsumexp_g(joint + logw1) and logsumexp_g(joint + logw2). The graph sums each chunk of points in
   * float64. A weighting that is -infinity everywhere adds nothing; a NaN or +infinity term makes the image's sum NaN.
   */
  void foldLogSumJoint(float[] obs, int[] rows, int[] cols, float[] zFlat, float[] logw1, float[] logw2, LogSums sums) {
    int m = cols.length;
    guard.run(() -> {
      try (TInt32 c = TInt32.vectorOf(cols)) {
        for (int rowFrom = 0; rowFrom < rows.length; rowFrom += CHUNK) {
          int rowTo = Math.min(rows.length, rowFrom + CHUNK), count = rowTo - rowFrom, first = rowFrom;
          float[] block = new float[count * m];
          for (int r = 0; r < count; r++) System.arraycopy(obs, rows[rowFrom + r] * m, block, r * m, m);
          try (TFloat32 o = Tensors.matrix(block, count, m)) {
            pointChunks(zFlat, (zt, from, to) -> {
              float[] w = new float[2 * (to - from)];
              System.arraycopy(logw1, from, w, 0, to - from);
              System.arraycopy(logw2, from, w, to - from, to - from);
              try (TFloat32 wt = Tensors.matrix(w, 2, to - from);
                   Result r = runner().feed(g.obs, o).feed(g.obsColumns, c).feed(g.z, zt).feed(g.logWeights, wt)
                       .fetch(g.jointShift).fetch(g.jointSum).run()) {
                double[] shift = Tensors.flat((TFloat64) r.get(0)), part = Tensors.flat((TFloat64) r.get(1));
                for (int k = 0; k < 2; k++) for (int i = 0; i < count; i++) sums.add(k, rows[first + i], shift[k * count + i], part[k * count + i]);
              }
            });
          }
        }
      }
      return null;
    });
  }

  /**
   * For N rows of observed values and a row-major grid of ny x nx points ({@code zFlat}, at most {@link #GRID_CHUNK}
   * x 4 of them in one run): per row {first, last column, first, last row} of the grid that hold a point whose
   * joint is within {@code cut} nats of the row's largest, or null for a row with none (a NaN joint).
   */
  int[][] massSpans(float[] obs, int n, int[] cols, float[] zFlat, int ny, int nx, float cut) {
    int m = cols.length;
    int[][] out = new int[n][];
    if (g.net.stack != null) return massSpansInChunks(obs, n, cols, zFlat, ny, nx, cut);
    return guard.run(() -> {
      try (TInt32 c = TInt32.vectorOf(cols); TInt32 sides = TInt32.vectorOf(ny, nx); TFloat32 cutT = TFloat32.scalarOf(cut);
           TFloat32 zt = Tensors.matrix(zFlat, ny * nx, spec.latent())) {
        for (int from = 0; from < n; from += MASS_ROWS) {
          int to = Math.min(n, from + MASS_ROWS);
          try (TFloat32 o = Tensors.matrix(Arrays.copyOfRange(obs, from * m, to * m), to - from, m);
               Result r = runner().feed(g.obs, o).feed(g.obsColumns, c).feed(g.z, zt).feed(g.gridSides, sides)
                   .feed(g.massCut, cutT).fetch(g.massColumns).fetch(g.massRows).run()) {
            boolean[] xs = Tensors.flat((TBool) r.get(0)), ys = Tensors.flat((TBool) r.get(1));
            for (int i = 0; i < to - from; i++) {
              int x0 = first(xs, i * nx, nx), y0 = first(ys, i * ny, ny);
              out[from + i] = x0 < 0 || y0 < 0 ? null : new int[] {x0, last(xs, i * nx, nx), y0, last(ys, i * ny, ny)};
            }
          }
        }
      }
      return out;
    });
  }

  /**
   * {@link #massSpans} for a network whose decoder is too large to decode the whole grid in one run (a layer stack): the
   * joint in chunks of points ({@link #logJoint}), the search in Java.
   */
  private int[][] massSpansInChunks(float[] obs, int n, int[] cols, float[] zFlat, int ny, int nx, float cut) {
    int m = cols.length;
    int[][] out = new int[n][];
    for (int from = 0; from < n; from += MASS_ROWS) {
      int to = Math.min(n, from + MASS_ROWS);
      double[][] joint = logJoint(Arrays.copyOfRange(obs, from * m, to * m), to - from, cols, zFlat);
      for (int i = 0; i < to - from; i++) {
        float[] row = new float[joint[i].length];
        float top = Float.NEGATIVE_INFINITY;
        boolean nan = false;
        for (int p = 0; p < row.length; p++) {
          row[p] = (float) joint[i][p];
          nan |= Float.isNaN(row[p]);
          top = Math.max(top, row[p]);
        }
        if (nan) continue;
        int x0 = nx, x1 = -1, y0 = ny, y1 = -1;
        for (int y = 0; y < ny; y++)
          for (int x = 0; x < nx; x++)
            if (row[y * nx + x] >= top - cut) {
              x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
        out[from + i] = x1 < 0 ? null : new int[] {x0, x1, y0, y1};
      }
    }
    return out;
  }

  /**
   * Rows per run of the mass search: 500 x 14641 points of float32 joint are 29 MB (1000 rows raised the main job's
   * peak RSS from 801 to 867 MB).
   */
  private static final int MASS_ROWS = 500;

  private static int first(boolean[] v, int offset, int len) {
    for (int k = 0; k < len; k++) if (v[offset + k]) return k;
    return -1;
  }

  private static int last(boolean[] v, int offset, int len) {
    for (int k = len - 1; k >= 0; k--) if (v[offset + k]) return k;
    return -1;
  }

  /** log q(z) of a diagonal Gaussian at the points (row-major [G, Z]). */
  double[] logDensityOf(float[] mean, float[] logStd, float[] zFlat) {
    int points = zFlat.length / spec.latent();
    double[] out = new double[points];
    return guard.run(() -> {
      try (TFloat32 mt = Tensors.matrix(mean, 1, spec.latent()); TFloat32 st = Tensors.matrix(logStd, 1, spec.latent())) {
        pointChunks(zFlat, (zt, from, to) -> {
          try (Result r = session.runner().feed(g.qMean, mt).feed(g.qLogStd, st).feed(g.z, zt).fetch(g.qLogDensity).run()) {
            float[] v = Tensors.flat((TFloat32) r.get(0));
            for (int k = 0; k < v.length; k++) out[from + k] = v[k];
          }
        });
      }
      return out;
    });
  }

  static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) return b;
    if (b == Double.NEGATIVE_INFINITY) return a;
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }
}
