package tfvae.runtime;

import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import tfvae.Vae;
import tfvae.internal.Npy;

/**
 * The model written again in plain Java, in double precision, from the exported parameters alone
 * ({@link TfVae#variables()}): the reference the TensorFlow graph is tested against. It shares no code with the
 * graph (not {@link Densities}, not {@link VaeNetwork}): every density is written out from its textbook formula
 * (Kingma and Welling 2013, appendix B and C), the layers as plain loops. Layout as documented in
 * {@link VaeNetwork}: weights are row-major [in, out], the encoder's output columns are [mean | log-std].
 */
final class PlainVae {
  final int d, h, zDim;
  final tfvae.Activation act;
  final double[] ew1, eb1, ew2, eb2, dw1, db1, dw2, db2;

  PlainVae(Vae spec, Map<String, Npy.Array> vars) {
    d = spec.dataDim();
    h = spec.hidden();
    zDim = spec.latent();
    act = spec.activation();
    ew1 = get(vars, "encoder_w1", d * h);
    eb1 = get(vars, "encoder_b1", h);
    ew2 = get(vars, "encoder_w2", h * 2 * zDim);
    eb2 = get(vars, "encoder_b2", 2 * zDim);
    dw1 = get(vars, "decoder_w1", zDim * h);
    db1 = get(vars, "decoder_b1", h);
    dw2 = get(vars, "decoder_w2", h * d);
    db2 = get(vars, "decoder_b2", d);
  }

  static PlainVae of(TfVae model) { return new PlainVae(model.spec(), model.variables()); }

  private static double[] get(Map<String, Npy.Array> vars, String name, int n) {
    float[] f = vars.get(name).floats();
    if (f.length != n) throw new IllegalArgumentException(name + " has " + f.length + " values, expected " + n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = f[i];
    return out;
  }

  private double activate(double a) {
    return switch (act) {
      case TANH -> Math.tanh(a);
      case RELU -> Math.max(a, 0);
      case SIGMOID -> 1 / (1 + Math.exp(-a));
      case SOFTPLUS -> softplus(a);
      case ELU -> a > 0 ? a : Math.expm1(a);
      case IDENTITY -> a;
    };
  }

  /** log(1 + e^a), stable for any a. */
  static double softplus(double a) { return Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))); }

  /** @return {mean, logStd} of q(z|x), each of length zDim */
  double[][] encode(float[] x) {
    double[] hid = new double[h];
    for (int j = 0; j < h; j++) hid[j] = eb1[j];
    for (int i = 0; i < d; i++) {
      if (x[i] == 0) continue;
      double xi = x[i];
      for (int j = 0; j < h; j++) hid[j] += xi * ew1[i * h + j];
    }
    for (int j = 0; j < h; j++) hid[j] = activate(hid[j]);
    double[][] out = new double[2][zDim];
    for (int k = 0; k < 2 * zDim; k++) {
      double s = eb2[k];
      for (int j = 0; j < h; j++) s += hid[j] * ew2[j * 2 * zDim + k];
      out[k / zDim][k % zDim] = s;
    }
    return out;
  }

  /** @return the first {@code m} Bernoulli logits of p(x|z) */
  double[] logits(double[] z, int m) {
    double[] hid = new double[h];
    for (int j = 0; j < h; j++) {
      double s = db1[j];
      for (int k = 0; k < zDim; k++) s += z[k] * dw1[k * h + j];
      hid[j] = activate(s);
    }
    double[] out = new double[m];
    for (int i = 0; i < m; i++) out[i] = db2[i];
    for (int j = 0; j < h; j++) {
      double hj = hid[j];
      int row = j * d;
      for (int i = 0; i < m; i++) out[i] += hj * dw2[row + i];
    }
    return out;
  }

  /** log p(x_1..x_m | z) = sum_{i < m} x_i log s(l_i) + (1 - x_i) log(1 - s(l_i)), m = x.length. */
  double logLikelihood(float[] x, double[] z) {
    double[] l = logits(z, x.length);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] == 1 ? -softplus(-l[i]) : -softplus(l[i]);
    return s;
  }

  /** sum of |x_i log s(l_i) + (1 - x_i) log(1 - s(l_i))|, the scale a float32 sum of the terms is accurate to. */
  double logLikelihoodScale(float[] x, double[] z) {
    double[] l = logits(z, x.length);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += Math.abs(x[i] * l[i]) + softplus(l[i]);
    return s;
  }

  static double logStandardNormal(double[] z) {
    double s = 0;
    for (double v : z) s += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
    return s;
  }

  static double logNormal(double[] z, double[] mean, double[] logStd) {
    double s = 0;
    for (int k = 0; k < z.length; k++) {
      double sd = Math.exp(logStd[k]), u = (z[k] - mean[k]) / sd;
      s += -0.5 * u * u - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }
    return s;
  }

  /** KL(N(mean, diag sd^2) || N(0, I)) = sum_k (sd_k^2 + mean_k^2 - 1 - log sd_k^2) / 2. */
  static double klToStandardNormal(double[] mean, double[] logStd) {
    double s = 0;
    for (int k = 0; k < mean.length; k++) {
      double var = Math.exp(2 * logStd[k]);
      s += 0.5 * (var + mean[k] * mean[k] - 1 - Math.log(var));
    }
    return s;
  }

  /** log p(z) + log p(x_1..x_m | z), m = x.length: the joint of an observed prefix. */
  double logJoint(float[] x, double[] z) { return logStandardNormal(z) + logLikelihood(x, z); }

  /** z = mean + sd * eps, the reparameterized draw from q(z|x). */
  static double[] reparameterize(double[][] q, double[] eps) {
    double[] z = new double[eps.length];
    for (int k = 0; k < z.length; k++) z[k] = q[0][k] + Math.exp(q[1][k]) * eps[k];
    return z;
  }

  /** The single-sample Monte Carlo ELBO log p(x|z) + log p(z) - log q(z|x), z = mean + sd * eps. */
  double elboMonteCarlo(float[] x, double[] eps) {
    double[][] q = encode(x);
    double[] z = reparameterize(q, eps);
    return logLikelihood(x, z) + logStandardNormal(z) - logNormal(z, q[0], q[1]);
  }

  /** The analytic-KL ELBO log p(x|z) - KL(q(z|x) || N(0, I)), z = mean + sd * eps. */
  double elboAnalyticKl(float[] x, double[] eps) {
    double[][] q = encode(x);
    return logLikelihood(x, reparameterize(q, eps)) - klToStandardNormal(q[0], q[1]);
  }

  /**
   * The standard normal draws [rows, cols] that TensorFlow's StatelessRandomNormal gives for {@code seed}, from a
   * graph of its own (the op is a pure function of shape, seed and dtype: the same numbers the model's graph draws).
   */
  static double[][] statelessNormal(int rows, int cols, long seed0, long seed1) {
    try (TfFixture f = new TfFixture()) {
      float[] flat = f.eval(tf -> tf.random.statelessRandomNormal(tf.constant(new long[] {rows, cols}),
          tf.constant(new long[] {seed0, seed1})));
      double[][] out = new double[rows][cols];
      for (int i = 0; i < rows; i++) for (int k = 0; k < cols; k++) out[i][k] = flat[i * cols + k];
      return out;
    }
  }

  /** The per-image ELBO [B] of the graph's own {@link VaeNetwork#elbo} head with the given estimator, parameters as constants. */
  static float[] graphElbo(Vae spec, Map<String, Npy.Array> vars, float[][] x, long seed0, long seed1,
      tfvae.Objective estimator) {
    VaeNetwork net = new VaeNetwork(spec);
    try (TfFixture f = new TfFixture()) {
      List<org.tensorflow.Operand<TFloat32>> p = new java.util.ArrayList<>();
      for (int i = 0; i < net.params().size(); i++) {
        Npy.Array a = vars.get(net.params().get(i));
        p.add(f.tf.constant(org.tensorflow.ndarray.Shape.of(a.shape()),
            org.tensorflow.ndarray.buffer.DataBuffers.of(a.floats(), true, false)));
      }
      var out = net.bound(f.tf, p, f.tf.constant(x), f.tf.constant(new long[] {seed0, seed1}), estimator, null);
      try (Result r = f.session.runner().fetch(out).run()) {
        return Tensors.flat((TFloat32) r.get(0));
      }
    }
  }
}
