package tfvae.runtime;

import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.Device;
import tfvae.Likelihood;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.Vae;
import tfvae.internal.Npy;

/**
 * Stochastic variational inference of p(z | observed pixels) in a graph of its own: the decoder's layers as
 * constants (the output layer cut to the observed pixels, any mask's), q's mean and log-std as the only variables, and the
 * same {@link AdamMinimizer} that trains the model. Loss: -(1/K) sum_k [log p(z_k, observed) - log q(z_k)],
 * z_k = mean + exp(logStd) eps_k, eps seeded by {seed, step}.
 */
final class Svi {
  /** Samples of the final ELBO estimate. */
  static final int EVAL_SAMPLES = 10_000;

  private Svi() {}

  static PosteriorFit fit(Vae spec, Device device, Map<String, Npy.Array> vars, float[] observed, int[] cols, SviOptions o) {
    int zDim = spec.latent(), m = observed.length;
    VaeNetwork net = new VaeNetwork(spec);
    long t0 = System.nanoTime();
    try (Graph g = new Graph(); Session s = Sessions.open(g, device)) {
      Ops tf = Sessions.ops(g, device);
      List<Operand<TFloat32>> hidden = new java.util.ArrayList<>();
      for (String name : net.decoderHiddenParams()) hidden.add(constant(tf, vars.get(name)));
      String outW = net.decoderOutputParams().get(0), outB = net.decoderOutputParams().get(1);
      boolean gaussian = spec.likelihood() == Likelihood.GAUSSIAN;
      VaeNetwork.Decoder decoder = net.spatialOutput()   // a convolutional output: decode the image, then gather the pixels
          ? new VaeNetwork.Decoder(net, hidden, constant(tf, vars.get(outW)), constant(tf, vars.get(outB)),
              gaussian ? constant(tf, vars.get("decoder_log_std_w")) : null, gaussian ? constant(tf, vars.get("decoder_log_std_b")) : null)
              .columns(tf, tf.constant(cols))
          : new VaeNetwork.Decoder(net, hidden, columns(tf, vars.get(outW), cols), columns(tf, vars.get(outB), cols),
              gaussian ? columns(tf, vars.get("decoder_log_std_w"), cols) : null,
              gaussian ? columns(tf, vars.get("decoder_log_std_b"), cols) : null);
      Operand<TFloat32> obs = tf.constant(Shape.of(1, m), org.tensorflow.ndarray.buffer.DataBuffers.of(observed));
      Ops init = tf.withInitScope();
      Variable<TFloat32> mean = Variable.create(tf, "q_mean", TFloat32.class, Shape.of(1, zDim), init.zeros(init.constant(new long[] {1, zDim}), TFloat32.class));
      Variable<TFloat32> logStd = Variable.create(tf, "q_log_std", TFloat32.class, Shape.of(1, zDim), init.zeros(init.constant(new long[] {1, zDim}), TFloat32.class));
      AdamMinimizer adam = AdamMinimizer.build(tf, "svi", List.of(mean, logStd),
          (t, p, step) -> t.math.neg(elbo(t, spec.likelihood(), decoder, obs, p.get(0), p.get(1), o.samples(), t.stack(List.of(t.constant(o.seed()), step)))),
          o.learningRate());
      Operand<TFloat32> finalElbo = elbo(tf, spec.likelihood(), decoder, obs, mean.read(), logStd.read(), EVAL_SAMPLES,
          tf.constant(new long[] {o.seed(), -1}));
      s.initialize();
      double[] trace = new double[o.iterations()];
      float[][] before = null; // the parameters each step starts from, read only for a listener
      for (int i = 0; i < o.iterations(); i++) {
        if (o.listener() != null) before = read(s, mean, logStd);
        trace[i] = -adam.step(s);
        if (before != null) o.listener().iteration(i, before[0], before[1], trace[i]);
        if (o.progress() && (i + 1) % Math.max(1, o.iterations() / 10) == 0)
          ProgressLog.svi(i + 1, o.iterations(), trace[i]);
      }
      try (Result r = s.runner().fetch(mean.read()).fetch(logStd.read()).fetch(finalElbo).run()) {
        PosteriorFit fit = new PosteriorFit(Tensors.flat((TFloat32) r.get(0)), Tensors.flat((TFloat32) r.get(1)), trace,
            ((TFloat32) r.get(2)).getFloat(), (System.nanoTime() - t0) / 1e9);
        if (o.listener() != null) o.listener().iteration(o.iterations(), fit.mean(), fit.logStd(), fit.elbo());
        return fit;
      }
    }
  }

  /** @return q's mean and log-std as they are now, for {@link SviOptions#listener()} */
  private static float[][] read(Session s, Variable<TFloat32> mean, Variable<TFloat32> logStd) {
    try (Result r = s.runner().fetch(mean.read()).fetch(logStd.read()).run()) {
      return new float[][] {Tensors.flat((TFloat32) r.get(0)), Tensors.flat((TFloat32) r.get(1))};
    }
  }

  private static Operand<TFloat32> constant(Ops tf, Npy.Array a) {
    return tf.constant(Shape.of(a.shape()), org.tensorflow.ndarray.buffer.DataBuffers.of(a.floats()));
  }

  /** @return the columns {@code cols} of a [H, D] matrix, or the entries of a [D] vector, as a constant */
  private static Operand<TFloat32> columns(Ops tf, Npy.Array a, int[] cols) {
    float[] full = a.floats();
    long[] shape = a.shape();
    int rows = shape.length == 2 ? (int) shape[0] : 1, d = (int) shape[shape.length - 1], m = cols.length;
    float[] out = new float[rows * m];
    for (int r = 0; r < rows; r++) for (int k = 0; k < m; k++) out[r * m + k] = full[r * d + cols[k]];
    return tf.constant(shape.length == 2 ? Shape.of(rows, m) : Shape.of(m), org.tensorflow.ndarray.buffer.DataBuffers.of(out));
  }

  /**
   * (1/K) sum_k [log p(z_k) + log p(obs | z_k) - log q(z_k)], z_k = mean + exp(logStd) eps_k. One example is observed
   * for all K draws, so the Bernoulli term sum_d (x_d l_d - softplus(l_d)) with l = h W2 + b2 is evaluated as
   * h (W2 x) + b2 . x - sum_d softplus(l_d): the same value, without a [K, m] product and its gradient. The
   * continuous Bernoulli adds its log normalizer; the Gaussian is scored directly.
   */
  private static Operand<TFloat32> elbo(Ops tf, Likelihood likelihood, VaeNetwork.Decoder decoder, Operand<TFloat32> obs,
      Operand<TFloat32> mean, Operand<TFloat32> logStd, int samples, Operand<TInt64> seed) {
    Operand<TFloat32> eps = Densities.standardNormal(tf, tf.constant(new long[] {samples, mean.shape().get(1)}), seed);
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, mean, logStd, eps);
    Operand<TFloat32> h = decoder.net().hidden(tf, decoder.hidden(), z);                              // [K, H]
    Operand<TFloat32> logLik;
    if (likelihood == Likelihood.GAUSSIAN || decoder.net().spatialOutput()) {
      logLik = PixelLikelihood.logDensity(tf, likelihood, decoder.out(tf, h), obs);
    } else {
      Operand<TFloat32> w2 = decoder.w(), b2 = decoder.b();
      Operand<TFloat32> w2x = tf.linalg.matMul(w2, obs, org.tensorflow.op.linalg.MatMul.transposeB(true)); // [H, 1]
      Operand<TFloat32> xl = tf.math.add(tf.reshape(tf.linalg.matMul(h, w2x), tf.constant(new long[] {-1})),
          tf.reduceSum(tf.math.mul(b2, tf.reshape(obs, tf.constant(new long[] {-1}))), tf.constant(0)));
      Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(h, w2), b2);
      logLik = tf.math.sub(xl, tf.reduceSum(tf.math.softplus(logits), tf.constant(1)));
      if (likelihood == Likelihood.CONTINUOUS_BERNOULLI)
        logLik = tf.math.add(logLik, tf.reduceSum(Densities.continuousBernoulliLogNormalizer(tf, logits), tf.constant(1)));
    }
    Operand<TFloat32> joint = tf.math.add(Densities.logPrior(tf, z), logLik);
    return tf.math.mean(tf.math.sub(joint, Densities.logDiagGaussian(tf, z, mean, logStd)), tf.constant(0));
  }
}
