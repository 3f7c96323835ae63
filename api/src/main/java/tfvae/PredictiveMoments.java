package tfvae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The posterior predictive moments of the unobserved values on a latent grid: for weights w_g (normalised to sum 1)
 * and the decoder's means s_d(z_g), P(x_d = 1 | observed) = sum_g w_g s_d(z_g) and the covariance sum_g w_g (s_a -
 * m_a)(s_b - m_b), which for a Bernoulli decoder is P(x_a = 1, x_b = 1 | observed) - P(x_a = 1) P(x_b = 1).
 *
 * <pre>{@code
 * GridPosterior g = model.exactPosterior(x, Mask.prefix(784, 392), null);   // x: a whole image; its top half observed
 * PredictiveMoments m = PredictiveMoments.onGrid(model, 392, g.xs(), g.ys(), logWeights);   // logWeights[j * nx + i]
 * }</pre>
 *
 * @param p the predictive mean of each value from index {@code observed} on (index d = value - observed)
 * @param cov their predictive covariances
 * @param used grid points with weight at least {@link #MIN_WEIGHT}
 * @param dropped the total weight of the others
 */
public record PredictiveMoments(double[] p, double[][] cov, int used, double dropped) {
  /** Weights below this (the grid's weights sum to 1) are dropped; their total is reported. */
  public static final double MIN_WEIGHT = 1e-14;
  private static final int CHUNK = 4096;

  /**
   * The moments of the values {@code observed..dataDim-1} under the weights exp(logW) on the grid (xs[i], ys[j]),
   * normalised to sum 1 (the points with weight below {@link #MIN_WEIGHT} left out and the rest renormalised).
   *
   * @param model a trained model with a 2-D latent
   * @param observed how many leading values are observed: the moments cover the rest
   * @param xs the grid's first coordinates
   * @param ys the grid's second coordinates
   * @param logW the log weight of each point, index {@code j * xs.length + i}; -infinity leaves a point out
   * @return the moments
   */
  public static PredictiveMoments onGrid(TrainedVae model, int observed, double[] xs, double[] ys, double[] logW) {
    if (logW.length != xs.length * ys.length)
      throw new InvalidConfigException("logW has " + logW.length + " values for a grid of " + xs.length + " x " + ys.length
          + " points; pass one per point");
    int n = logW.length, nb = model.spec().dataDim() - observed;
    double max = Arrays.stream(logW).max().orElseThrow(), sum = 0;
    double[] w = new double[n];
    for (int k = 0; k < n; k++) sum += w[k] = Math.exp(logW[k] - max);
    List<Integer> used = new ArrayList<>();
    double dropped = 0;
    for (int k = 0; k < n; k++) {
      w[k] /= sum;
      if (w[k] >= MIN_WEIGHT) used.add(k);
      else dropped += w[k];
    }
    int nu = used.size();
    float[][] s = new float[nb][nu]; // decoder means of the unobserved values, value-major
    double[] wu = new double[nu];
    for (int from = 0; from < nu; from += CHUNK) {
      int to = Math.min(nu, from + CHUNK);
      float[][] z = new float[to - from][];
      for (int u = from; u < to; u++) {
        int k = used.get(u);
        z[u - from] = new float[] {(float) xs[k % xs.length], (float) ys[k / xs.length]};
        wu[u] = w[k];
      }
      float[][] mean = model.decodeMeans(z);
      for (int u = from; u < to; u++) for (int d = 0; d < nb; d++) s[d][u] = mean[u - from][observed + d];
    }
    double total = Arrays.stream(wu).sum(); // renormalise over the points kept
    for (int u = 0; u < nu; u++) wu[u] /= total;
    return new PredictiveMoments(marginals(s, wu), covariance(s, wu), nu, dropped);
  }

  /**
   * @param s values per row, one column per point
   * @param w the points' weights, summing to 1
   * @return sum_u w_u s[d][u] for every row d
   */
  public static double[] marginals(float[][] s, double[] w) {
    double[] m = new double[s.length];
    for (int d = 0; d < s.length; d++) {
      double acc = 0;
      for (int u = 0; u < w.length; u++) acc += w[u] * s[d][u];
      m[d] = acc;
    }
    return m;
  }

  /**
   * sum_u w_u (s_a(u) - m_a)(s_b(u) - m_b), which equals sum_u w_u s_a s_b - m_a m_b when the weights sum to 1: the
   * centred form loses no digits when the probabilities are close to 0 or 1.
   *
   * @param s values per row, one column per point
   * @param w the points' weights, summing to 1
   * @return the weighted covariance of every pair of rows
   */
  public static double[][] covariance(float[][] s, double[] w) {
    double[] m = marginals(s, w);
    int nb = s.length, nu = w.length;
    double[][] a = new double[nb][nu];
    for (int d = 0; d < nb; d++)
      for (int u = 0; u < nu; u++) a[d][u] = Math.sqrt(w[u]) * (s[d][u] - m[d]);
    double[][] c = new double[nb][nb];
    // rows in parallel: each entry is the same sum in the same order whatever the thread, so the result is too
    IntStream.range(0, nb).parallel().forEach(d -> {
      for (int e = d; e < nb; e++) {
        double[] x = a[d], y = a[e];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int u = 0;
        for (; u + 3 < nu; u += 4) {
          s0 += x[u] * y[u];
          s1 += x[u + 1] * y[u + 1];
          s2 += x[u + 2] * y[u + 2];
          s3 += x[u + 3] * y[u + 3];
        }
        for (; u < nu; u++) s0 += x[u] * y[u];
        c[d][e] = c[e][d] = s0 + s1 + s2 + s3;
      }
    });
    return c;
  }
}
