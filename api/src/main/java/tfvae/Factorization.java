package tfvae;

import java.util.Arrays;
import tfvae.internal.Check;

/**
 * Whether a Bernoulli model's p(unobserved | z) factorizes over the values, measured at given latent points: the
 * model's own log p(unobserved | z) (log p(x, z) - log p(observed, z), from {@link TrainedVae#logJointObserved}, in
 * TensorFlow) against the sum of per-value Bernoulli log densities computed here in double from
 * {@link TrainedVae#decodeLogits}; and, for the k unobserved values with means nearest 1/2 at each point, the model's
 * joint over all 2^k assignments (the rest of x fixed), normalised, against the product of their Bernoulli
 * probabilities.
 *
 * <pre>{@code
 * Factorization f = Factorization.check(model, image, 392, new float[][] {{0, 0}, {1.5f, -1}}, 4);
 * System.out.printf("%.1e nats, %.1e%n", f.maxLogError(), f.maxJointError());   // both at rounding level
 * }</pre>
 *
 * @param z the latent points
 * @param logP the model's log p(unobserved | z) at each point
 * @param sumOfValues the sum of the unobserved values' Bernoulli log densities at each point
 * @param maxLogError the largest |logP - sumOfValues|, in nats
 * @param values the k unobserved values (indices) of each point, those with means nearest 1/2
 * @param means their Bernoulli means
 * @param maxJointError the largest |P(k values = a | rest, z) - prod_d Bernoulli(a_d)| over the 2^k assignments a
 * @param smallestProbability the smallest of those joint probabilities
 */
public record Factorization(float[][] z, double[] logP, double[] sumOfValues, double maxLogError, int[][] values,
    double[][] means, double maxJointError, double smallestProbability) {
  /**
   * @param model a trained model with a Bernoulli likelihood
   * @param x a whole example
   * @param observed how many leading values of x are observed; the check is on the rest
   * @param z the latent points, each of the model's latent dimension
   * @param k how many values the joint covers, in [1, 12] (2^k decoder passes per point)
   * @return the check at each point
   */
  public static Factorization check(TrainedVae model, float[] x, int observed, float[][] z, int k) {
    int dim = model.spec().dataDim();
    if (model.spec().likelihood() != Likelihood.BERNOULLI)
      throw new InvalidConfigException("the factorization check compares Bernoulli densities; this model's likelihood is "
          + model.spec().likelihood());
    if (x.length != dim) throw new InvalidConfigException("x has " + x.length + " values for a model of " + dim + "; pass a whole example");
    Check.range("observed", observed, 0, dim - 1);
    Check.range("k", k, 1, Math.min(12, dim - observed));
    double[] full = model.logJointObserved(x, Mask.all(dim), z), part = model.logJointObserved(x, Mask.prefix(dim, observed), z);
    float[][] logits = model.decodeLogits(z);
    double[] logP = new double[z.length], sum = new double[z.length];
    int[][] values = new int[z.length][];
    double[][] means = new double[z.length][];
    double maxLog = 0, maxJoint = 0, smallest = 1;
    for (int p = 0; p < z.length; p++) {
      logP[p] = full[p] - part[p];
      for (int d = observed; d < dim; d++) sum[p] += bernoulliLog(x[d], logits[p][d]);
      maxLog = Math.max(maxLog, Math.abs(logP[p] - sum[p]));
      // the k values whose means are nearest 1/2 make the product least trivial
      final float[] l = logits[p];
      Integer[] order = new Integer[dim - observed];
      for (int d = 0; d < order.length; d++) order[d] = observed + d;
      Arrays.sort(order, (u, v) -> Float.compare(Math.abs(l[u]), Math.abs(l[v])));
      values[p] = new int[k];
      means[p] = new double[k];
      for (int t = 0; t < k; t++) {
        values[p][t] = order[t];
        means[p][t] = sigmoid(l[order[t]]);
      }
      float[][] zs = {z[p]};
      double[] lj = new double[1 << k];
      for (int a = 0; a < 1 << k; a++) {
        float[] xa = x.clone();
        for (int t = 0; t < k; t++) xa[values[p][t]] = (a >> t & 1);
        lj[a] = model.logJointObserved(xa, Mask.all(dim), zs)[0];
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
    return new Factorization(z, logP, sum, maxLog, values, means, maxJoint, smallest);
  }

  private static double sigmoid(double l) { return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l)); }

  /** log Bernoulli(x; sigmoid(l)) = x l - softplus(l), stable for any l. */
  private static double bernoulliLog(double x, double l) { return x * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)))); }
}
