package tfvae.runtime;

import java.util.Arrays;
import java.util.function.Supplier;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
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

  /** One chunk of latent points: rows {@code from..to-1} of the points as the tensor {@code z}. */
  @FunctionalInterface
  private interface PointChunk {
    void run(TFloat32 z, int from, int to);
  }

  /** The one loop over chunks of latent points (row-major [G, latent]) that every kernel here runs its head in. */
  private void pointChunks(float[] zFlat, PointChunk body) {
    int d = spec.latent(), points = zFlat.length / d;
    for (int from = 0; from < points; from += GRID_CHUNK) {
      int to = Math.min(points, from + GRID_CHUNK);
      try (TFloat32 z = Tensors.matrix(Arrays.copyOfRange(zFlat, from * d, to * d), to - from, d)) {
        body.run(z, from, to);
      }
    }
  }

  GridKernels(Vae spec, Session session, VaeGraph g, Guard guard) {
    this.spec = spec;
    this.session = session;
    this.g = g;
    this.guard = guard;
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
          try (Result r = session.runner().feed(g.obs, o).feed(g.obsColumns, c).feed(g.z, zt).fetch(g.jointMatrix).run()) {
            float[] v = Tensors.flat((TFloat32) r.get(0));
            for (int i = 0; i < n; i++) for (int k = 0; k < to - from; k++) out[i][from + k] = v[i * (to - from) + k];
          }
        });
      }
      return out;
    });
  }

  /**
   * For N rows of observed values and G points with two log weightings, {logsumexp_g(joint + logw1), logsumexp_g(joint +
   * logw2)} per image, in double precision: the graph gives the float32 joint block of each chunk of points, and the
   * weighted log-sum-exp over it and over the chunks is done here in double (a float32 log-sum-exp near -156 nats
   * would round every chunk's sum to 1.5e-5 nats). A weighting that is -infinity everywhere gives -infinity.
   */
  double[][] logSumJoint(float[] obs, int n, int[] cols, float[] zFlat, float[] logw1, float[] logw2) {
    int m = cols.length;
    // per image and weighting: a running max and the sum of exp(term - max) over the chunks seen so far
    double[][] max = new double[2][n], sum = new double[2][n];
    Arrays.fill(max[0], Double.NEGATIVE_INFINITY);
    Arrays.fill(max[1], Double.NEGATIVE_INFINITY);
    return guard.run(() -> {
      for (int rowFrom = 0; rowFrom < n; rowFrom += CHUNK) {
        int rowTo = Math.min(n, rowFrom + CHUNK);
        try (TFloat32 o = Tensors.matrix(Arrays.copyOfRange(obs, rowFrom * m, rowTo * m), rowTo - rowFrom, m);
             TInt32 c = TInt32.vectorOf(cols)) {
          int first = rowFrom, rows = rowTo - rowFrom;
          pointChunks(zFlat, (zt, from, to) -> {
            try (Result r = session.runner().feed(g.obs, o).feed(g.obsColumns, c).feed(g.z, zt).fetch(g.jointMatrix).run()) {
              float[] joint = Tensors.flat((TFloat32) r.get(0));
              for (int i = 0; i < rows; i++) accumulateLogSumExp(joint, i * (to - from), logw1, logw2, from, to, max, sum, first + i);
            }
          });
        }
      }
      double[][] out = new double[2][n];
      for (int w = 0; w < 2; w++) for (int i = 0; i < n; i++) out[w][i] = max[w][i] + Math.log(sum[w][i]);
      return out; // an all -infinity weighting: max -inf, sum 0, so -inf + log 0 = -inf
    });
  }

  /**
   * Terms this far below an image's largest term are left out of its sum: each is under e^-50 of a term that is in
   * it, so on a grid of up to 4 million points they change the log-sum-exp by less than 1e-15 nats.
   */
  private static final double NEGLIGIBLE = 50;

  /**
   * Folds log-sum-exp_k(joint[offset + k - from] + logw[k]) over k in [from, to) into image i's running max and sum
   * of exp(term - max), for both weightings, in double. The scans for the chunk's max and for the terms worth adding
   * are done in float (the cut is lowered by one nat to cover the rounding); each added term is formed in double.
   * A NaN term makes the result NaN, a +infinity term +infinity.
   */
  private static void accumulateLogSumExp(float[] joint, int offset, float[] logw1, float[] logw2, int from, int to,
      double[][] max, double[][] sum, int i) {
    fold(joint, offset - from, logw1, from, to, max[0], sum[0], i);
    fold(joint, offset - from, logw2, from, to, max[1], sum[1], i);
  }

  private static void fold(float[] joint, int shift, float[] logw, int from, int to, double[] max, double[] sum, int i) {
    float chunkMax = Float.NEGATIVE_INFINITY;
    for (int k = from; k < to; k++) chunkMax = Math.max(chunkMax, joint[shift + k] + logw[k]); // Math.max keeps a NaN
    if (Float.isNaN(chunkMax) || chunkMax == Float.POSITIVE_INFINITY) {
      max[i] = chunkMax;
      sum[i] = 1;
      return;
    }
    if (chunkMax == Float.NEGATIVE_INFINITY || chunkMax < max[i] - NEGLIGIBLE) return; // nothing, or nothing that counts
    double ref = Math.max(chunkMax, max[i]), chunkSum = 0;
    float cut = (float) (ref - NEGLIGIBLE) - 1;
    for (int k = from; k < to; k++)
      if (joint[shift + k] + logw[k] > cut) chunkSum += Math.exp((double) joint[shift + k] + logw[k] - ref);
    sum[i] = (max[i] == Double.NEGATIVE_INFINITY ? 0 : sum[i] * Math.exp(max[i] - ref)) + chunkSum;
    max[i] = ref;
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
