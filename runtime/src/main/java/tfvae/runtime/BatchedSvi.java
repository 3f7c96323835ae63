package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.Device;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.Vae;
import tfvae.internal.Npy;

/**
 * Stochastic variational inference of p(z | x) for many whole images at once, in one graph of its own: a mean and a
 * log-std row per image as the only variables, the decoder's layers as constants, and the same {@link AdamMinimizer}
 * that trains the model. The loss is the sum over images of each image's negative ELBO estimate
 * -(1/K) sum_k [log p(x_i, z_ik) - log q_i(z_ik)], z_ik = mean_i + exp(logStd_i) eps_ik; no image's loss depends on
 * another image's variables, and Adam's update is elementwise, so each image follows the path it would follow alone
 * (with its own noise). Noise: eps of step t seeded by {seed, t}, drawn as one [n K, Z] block whose first K rows are
 * what {@link Svi} draws for one image: image 0 of a batch follows exactly the path of {@link Svi} on that image.
 *
 * <p>{@link Svi} fits one image (or a masked part of one) per graph; for a few hundred images this is one graph run
 * per iteration instead of a few hundred.
 */
final class BatchedSvi {
  /** Fresh draws per image of the final ELBO estimate (rounded up to whole batches of K). */
  static final int EVAL_SAMPLES = 1000;

  private BatchedSvi() {}

  /**
   * @param pixels n images of {@code spec.dataDim()} values, row-major, values the likelihood accepts
   * @param startMean the starting mean of each image's q, or null for the prior's (zero)
   * @param startLogStd the starting log-std of each image's q, or null for the prior's (zero)
   * @return one fit per image: its q, the per-iteration ELBO estimates (before each update), and the final ELBO from
   *     at least {@link #EVAL_SAMPLES} fresh draws; seconds is the whole batch's wall time
   */
  static List<PosteriorFit> fit(Vae spec, Device device, Map<String, Npy.Array> vars, float[] pixels, int n,
      float[][] startMean, float[][] startLogStd, SviOptions o) {
    int zDim = spec.latent(), d = spec.dataDim(), k = o.samples();
    VaeNetwork net = new VaeNetwork(spec);
    long t0 = System.nanoTime();
    try (Graph g = new Graph(); Session s = Sessions.open(g, device)) {
      Ops tf = Sessions.ops(g, device);
      List<Operand<TFloat32>> hidden = new ArrayList<>();
      for (String name : net.decoderHiddenParams()) hidden.add(constant(tf, vars.get(name)));
      boolean gaussian = spec.likelihood() == tfvae.Likelihood.GAUSSIAN;
      VaeNetwork.Decoder decoder = new VaeNetwork.Decoder(net, hidden, constant(tf, vars.get(net.decoderOutputParams().get(0))),
          constant(tf, vars.get(net.decoderOutputParams().get(1))), gaussian ? constant(tf, vars.get("decoder_log_std_w")) : null,
          gaussian ? constant(tf, vars.get("decoder_log_std_b")) : null);
      Operand<TFloat32> x = tf.constant(Shape.of(n, d), DataBuffers.of(pixels));
      // row r of the [n K, D] batch is image r / K
      long[] rowImage = new long[n * k];
      for (int r = 0; r < rowImage.length; r++) rowImage[r] = r / k;
      Operand<TFloat32> xs = tf.gather(x, tf.constant(rowImage), tf.constant(0));
      Ops init = tf.withInitScope();
      Variable<TFloat32> mean = Variable.create(tf, "q_mean", TFloat32.class, Shape.of(n, zDim), init.constant(start(startMean, n, zDim)));
      Variable<TFloat32> logStd = Variable.create(tf, "q_log_std", TFloat32.class, Shape.of(n, zDim), init.constant(start(startLogStd, n, zDim)));
      List<Operand<TFloat32>> perImage = new ArrayList<>(1);
      AdamMinimizer adam = AdamMinimizer.build(tf, "svi", List.of(mean, logStd), (t, p, step) -> {
        Operand<TFloat32> e = elbo(t, spec, decoder, xs, p.get(0), p.get(1), n, k, t.stack(List.of(t.constant(o.seed()), step)));
        perImage.add(e);
        return t.math.neg(t.reduceSum(e, t.constant(0)));
      }, o.learningRate());
      Placeholder<TInt64> evalSeed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> evalElbo = elbo(tf, spec, decoder, xs, mean.read(), logStd.read(), n, k, evalSeed);
      s.initialize();
      double[][] trace = new double[n][o.iterations()];
      for (int it = 0; it < o.iterations(); it++) {
        try (Result r = s.runner().addTarget(adam.train()).fetch(perImage.get(0)).run()) {
          float[] v = Tensors.flat((TFloat32) r.get(0));
          for (int i = 0; i < n; i++) trace[i][it] = v[i];
        }
        if (o.progress() && (it + 1) % Math.max(1, o.iterations() / 10) == 0)
          ProgressLog.svi(it + 1, o.iterations(), mean(trace, it));
      }
      int rounds = (EVAL_SAMPLES + k - 1) / k;
      double[] elbo = new double[n];
      for (int r = 0; r < rounds; r++)
        try (TInt64 sd = TInt64.vectorOf(o.seed() ^ 0x5DEECE66DL, -1 - r); Result res = s.runner().feed(evalSeed, sd).fetch(evalElbo).run()) {
          float[] v = Tensors.flat((TFloat32) res.get(0));
          for (int i = 0; i < n; i++) elbo[i] += v[i] / rounds;
        }
      float[][] m, ls;
      try (Result r = s.runner().fetch(mean.read()).fetch(logStd.read()).run()) {
        m = Tensors.rows((TFloat32) r.get(0));
        ls = Tensors.rows((TFloat32) r.get(1));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<PosteriorFit> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(new PosteriorFit(m[i], ls[i], trace[i], elbo[i], seconds));
      return out;
    }
  }

  private static double mean(double[][] trace, int it) {
    double s = 0;
    for (double[] t : trace) s += t[it];
    return s / trace.length;
  }

  private static org.tensorflow.ndarray.FloatNdArray start(float[][] rows, int n, int zDim) {
    float[] flat = new float[n * zDim];
    if (rows != null) for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * zDim, zDim);
    return org.tensorflow.ndarray.NdArrays.wrap(Shape.of(n, zDim), DataBuffers.of(flat));
  }

  private static Operand<TFloat32> constant(Ops tf, Npy.Array a) {
    return tf.constant(Shape.of(a.shape()), DataBuffers.of(a.floats()));
  }

  /**
   * Each image's ELBO estimate [n]: (1/K) sum_k [log p(z_ik) + log p(x_i | z_ik) - log q_i(z_ik)] over the [n K, D]
   * batch {@code xs} whose row r is image r / K.
   */
  private static Operand<TFloat32> elbo(Ops tf, Vae spec, VaeNetwork.Decoder decoder, Operand<TFloat32> xs,
      Operand<TFloat32> mean, Operand<TFloat32> logStd, int n, int k, Operand<TInt64> seed) {
    int zDim = spec.latent();
    Operand<TFloat32> eps = Densities.standardNormal(tf, tf.constant(new long[] {(long) n * k, zDim}), seed);
    Operand<org.tensorflow.types.TInt32> rows = tf.constant(new int[] {n * k, zDim}), nkz = tf.constant(new int[] {n, k, zDim});
    // each image's mean and log-std repeated K times: [n, 1, Z] broadcast to [n, K, Z], then [n K, Z]
    Operand<TFloat32> m = tf.reshape(tf.broadcastTo(tf.expandDims(mean, tf.constant(1)), nkz), rows);
    Operand<TFloat32> ls = tf.reshape(tf.broadcastTo(tf.expandDims(logStd, tf.constant(1)), nkz), rows);
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, m, ls, eps);
    Operand<TFloat32> logLik = PixelLikelihood.logDensity(tf, spec.likelihood(), decoder.decode(tf, z), xs);
    Operand<TFloat32> term = tf.math.sub(tf.math.add(Densities.logPrior(tf, z), logLik), Densities.logDiagGaussian(tf, z, m, ls));
    return tf.math.mean(tf.reshape(term, tf.constant(new int[] {n, k})), tf.constant(1));
  }
}
