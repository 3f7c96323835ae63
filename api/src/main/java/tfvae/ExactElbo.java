package tfvae;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import tfvae.data.Images;
import tfvae.internal.Check;

/**
 * The exact ELBO of a 2-D latent, E_q[log p(x, z)] + H(q) for a diagonal Gaussian q, with the expectation by the
 * product Gauss-Hermite rule over q and the entropy in closed form: no Monte Carlo. Every image's nodes go to the
 * model's {@link TrainedVae#logJoint} in one batched call.
 *
 * <pre>{@code
 * ExactElbo.Estimate e = ExactElbo.ofEncoder(model, images, 8, 6);   // the encoder's q, 8 nodes per axis checked against 6
 * ExactElbo.Estimate r = ExactElbo.refined(model, images, mean, logStd, 0.01, 128);   // to 0.01 nats per image
 * }</pre>
 */
public final class ExactElbo {
  /**
   * @param elbo the exact ELBO of each image, in nats
   * @param error its error estimate per image: |difference from the coarser rule|
   */
  public record Estimate(double[] elbo, double[] error) {
    /** @return the mean of {@link #elbo()} (a plain sum divided by the count) */
    public double mean() { return InferenceGaps.mean(elbo); }
  }

  private ExactElbo() {}

  /**
   * The exact ELBO of the encoder's q for each image by the rule of {@code n} nodes per axis, and its error estimate
   * |ELBO(n) - ELBO(check)|.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param n Gauss-Hermite nodes per axis, in [1, 256]
   * @param check nodes per axis of the rule that gives the error estimate, in [1, 256]
   * @return the ELBOs and their error estimates
   * @throws InvalidConfigException if the latent is not 2-D or a node count is out of range
   */
  public static Estimate ofEncoder(TrainedVae model, Images images, int n, int check) {
    Encoding enc = model.encode(images);
    return of(model, images, enc.mean(), enc.logStd(), n, check);
  }

  /**
   * {@link #ofEncoder} of given diagonal Gaussians q_i = N(mean[i], diag(exp(logStd[i]))^2).
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param mean q's mean per image
   * @param logStd q's log standard deviations per image
   * @param n Gauss-Hermite nodes per axis, in [1, 256]
   * @param check nodes per axis of the rule that gives the error estimate, in [1, 256]
   * @return the ELBOs by the n-node rule and |their difference from the check-node rule|
   */
  public static Estimate of(TrainedVae model, Images images, float[][] mean, float[][] logStd, int n, int check) {
    double[] value = rule(model, images, mean, logStd, n), other = rule(model, images, mean, logStd, check);
    double[] error = new double[value.length];
    for (int i = 0; i < value.length; i++) error[i] = Math.abs(value[i] - other[i]);
    return new Estimate(value, error);
  }

  /**
   * The exact ELBO of given diagonal Gaussians to a tolerance: the product rule of 8 nodes per axis, checked against
   * 6; each image whose two values differ by more than {@code tolerance} is computed again with twice the nodes,
   * checked against the rule before, up to {@code maxNodes} per axis. A q much wider than the posterior needs the finer
   * rules: log p(x | z) then falls by hundreds of nats across q's mass.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param mean q's mean per image
   * @param logStd q's log standard deviations per image
   * @param tolerance the error estimate asked for per image, in nats (positive)
   * @param maxNodes the finest rule, in nodes per axis, in [8, 256]
   * @return the ELBOs and their error estimates (above the tolerance only where maxNodes was reached)
   */
  public static Estimate refined(TrainedVae model, Images images, float[][] mean, float[][] logStd, double tolerance, int maxNodes) {
    Check.positive("tolerance", tolerance, Double.POSITIVE_INFINITY);
    Check.range("maxNodes", maxNodes, 8, MAX_NODES);
    Estimate first = of(model, images, mean, logStd, 8, 6);
    double[] value = first.elbo(), error = first.error();
    int[] open = IntStream.range(0, value.length).filter(i -> error[i] > tolerance).toArray();
    for (int n = 16; n <= maxNodes && open.length > 0; n *= 2) {
      int[] idx = open;
      float[][] m = new float[idx.length][], ls = new float[idx.length][];
      for (int k = 0; k < idx.length; k++) {
        m[k] = mean[idx[k]];
        ls[k] = logStd[idx[k]];
      }
      double[] finer = rule(model, images.select(idx), m, ls, n);
      List<Integer> still = new ArrayList<>();
      for (int k = 0; k < idx.length; k++) {
        error[idx[k]] = Math.abs(finer[k] - value[idx[k]]);
        value[idx[k]] = finer[k];
        if (error[idx[k]] > tolerance) still.add(idx[k]);
      }
      open = still.stream().mapToInt(Integer::intValue).toArray();
    }
    return new Estimate(value, error);
  }

  /** The most nodes per axis of any rule (256 x 256 = 65536 points per image). */
  public static final int MAX_NODES = 256;

  /**
   * E_q[log p(x, z)] + H(q) per image by the product Gauss-Hermite rule of {@code n} nodes per axis.
   *
   * @param model a trained model with a 2-D latent
   * @param images the images
   * @param mean q's mean per image
   * @param logStd q's log standard deviations per image
   * @param n nodes per axis, in [1, 256]
   * @return the ELBO of each image, in nats
   */
  public static double[] rule(TrainedVae model, Images images, float[][] mean, float[][] logStd, int n) {
    if (model.spec().latent() != 2)
      throw new InvalidConfigException("the exact ELBO needs a 2-D latent, the model's is " + model.spec().latent()
          + "-D; use importanceWeighted for a bound instead");
    Check.range("n", n, 1, MAX_NODES);
    if (mean.length != images.count() || logStd.length != images.count())
      throw new InvalidConfigException("q has " + mean.length + " means and " + logStd.length + " log-stds for " + images.count()
          + " images; pass one of each per image");
    double[][] gh = gaussHermite(n);
    float[][][] z = new float[images.count()][n * n][];
    double[] w = new double[n * n], out = new double[images.count()];
    for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) w[p * n + q] = gh[1][p] * gh[1][q] / Math.PI;
    for (int i = 0; i < images.count(); i++) {
      double s0 = Math.exp(logStd[i][0]) * Math.sqrt(2), s1 = Math.exp(logStd[i][1]) * Math.sqrt(2);
      for (int p = 0; p < n; p++)
        for (int q = 0; q < n; q++)
          z[i][p * n + q] = new float[] {(float) (mean[i][0] + s0 * gh[0][p]), (float) (mean[i][1] + s1 * gh[0][q])};
    }
    double[][] lj = model.logJoint(images, z);
    for (int i = 0; i < images.count(); i++) {
      double e = 0, entropy = 0;
      for (int k = 0; k < lj[i].length; k++) e += w[k] * lj[i][k];
      for (float v : logStd[i]) entropy += v + 0.5 * (1 + Math.log(2 * Math.PI));
      out[i] = e + entropy;
    }
    return out;
  }

  /**
   * Gauss-Hermite nodes and weights for the weight e^{-x^2} (Newton's method on the orthonormal Hermite recurrence,
   * as in Numerical Recipes' gauher): sum_k w_k f(x_k) approximates the integral of e^{-x^2} f(x), exactly for
   * polynomials of degree below 2n.
   *
   * @param n the number of nodes, at least 1
   * @return {nodes, weights}; the weights sum to sqrt(pi)
   */
  public static double[][] gaussHermite(int n) {
    Check.range("n", n, 1, MAX_NODES);
    double[] x = new double[n], w = new double[n];
    double pim4 = Math.pow(Math.PI, -0.25), z = 0, pp = 0;
    for (int i = 0; i < (n + 1) / 2; i++) {
      if (i == 0) z = Math.sqrt(2.0 * n + 1) - 1.85575 * Math.pow(2.0 * n + 1, -0.16667);
      else if (i == 1) z -= 1.14 * Math.pow(n, 0.426) / z;
      else if (i == 2) z = 1.86 * z - 0.86 * x[0];
      else if (i == 3) z = 1.91 * z - 0.91 * x[1];
      else z = 2.0 * z - x[i - 2];
      for (int it = 0; it < 100; it++) {
        double p1 = pim4, p2 = 0;
        for (int j = 0; j < n; j++) {
          double p3 = p2;
          p2 = p1;
          p1 = z * Math.sqrt(2.0 / (j + 1)) * p2 - Math.sqrt((double) j / (j + 1)) * p3;
        }
        pp = Math.sqrt(2.0 * n) * p2;
        double z1 = z;
        z = z1 - p1 / pp;
        if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
      }
      x[i] = z;
      x[n - 1 - i] = -z;
      w[i] = w[n - 1 - i] = 2.0 / (pp * pp);
    }
    return new double[][] {x, w};
  }
}
