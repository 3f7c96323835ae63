package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.activations.Activation;
import org.tensorflow.framework.activations.ReLU;
import org.tensorflow.framework.activations.Sigmoid;
import org.tensorflow.framework.activations.Softplus;
import org.tensorflow.framework.activations.Tanh;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import tfvae.Likelihood;
import tfvae.Objective;
import tfvae.Vae;

/**
 * The encoder and decoder MLPs and the bounds on log p(x), as functions of the parameters' values. Parameter order
 * (also the checkpoint and .npz keys): the encoder's layers {@code encoder_w1, encoder_b1, ..., encoder_w{L+1},
 * encoder_b{L+1}} (the last one's columns are [mean | log-std] of q), then the decoder's {@code decoder_w1, ...,
 * decoder_b{L+1}} (the last one gives the likelihood's first parameter: logits, or the Gaussian's mean), then for the
 * Gaussian likelihood its log-std head {@code decoder_log_std_w} [H, D] and {@code decoder_log_std_b} [D]. With one
 * hidden layer in each network these are the assignment's eight arrays: encoder_w1 [D, H], encoder_b1 [H],
 * encoder_w2 [H, 2Z], encoder_b2 [2Z], decoder_w1 [Z, H], decoder_b1 [H], decoder_w2 [H, D], decoder_b2 [D]. A spec
 * with other layers (convolutions, per-layer activations) is built by {@link LayerStack}, numbered the same way over
 * its layers with weights; a convolutional output layer's Gaussian log-std head is a second convolution like it.
 *
 * <p>A conditional model ({@link Vae#condition()}, C values of c) takes rows [x | c] of D + C values wherever an
 * unconditional one takes x: c joins the input of each network's first dense layer, whose weight gains C rows (an
 * MLP's encoder_w1 is [D + C, H], decoder_w1 [Z + C, H]); the likelihood scores the x part only.
 */
final class VaeNetwork {
  private final Vae spec;
  private final Activation act;
  private final List<String> names = new ArrayList<>();
  private final List<long[]> shapes = new ArrayList<>();
  private final List<Double> stddevs = new ArrayList<>();
  private final int decoderFrom;
  private final int decoderTo;
  /** The layers of a spec that is not a plain MLP, else null. */
  final LayerStack stack;
  /** C: the condition's values (0 when unconditional). */
  final int conditionDims;

  VaeNetwork(Vae spec) {
    this.spec = spec;
    this.act = switch (spec.activation()) {
      case TANH -> new Tanh();
      case RELU -> new ReLU();
      case SIGMOID -> new Sigmoid();
      case SOFTPLUS -> new Softplus();
      case ELU -> new org.tensorflow.framework.activations.ELU();
      case IDENTITY -> new org.tensorflow.framework.activations.Linear();
    };
    long d = spec.dataDim(), z = spec.latent(), c = spec.conditionDims();
    this.conditionDims = (int) c;
    if (!spec.isPlainMlp()) {
      stack = new LayerStack(spec);
      LayerStack.addParams("encoder", stack.encoder, spec.initScale(), names, shapes, stddevs);
      decoderFrom = names.size();
      LayerStack.addParams("decoder", stack.decoder, spec.initScale(), names, shapes, stddevs);
      decoderTo = names.size();
      if (spec.likelihood() == Likelihood.GAUSSIAN) {
        names.add("decoder_log_std_w");
        shapes.add(shapes.get(decoderTo - 2).clone());
        names.add("decoder_log_std_b");
        shapes.add(shapes.get(decoderTo - 1).clone());
        stddevs.add(spec.initScale());
        stddevs.add(spec.initScale());
      }
      return;
    }
    stack = null;
    List<Integer> encoder = widths(spec.encoder()), decoder = widths(spec.decoder());
    addMlp("encoder", d + c, encoder, 2 * z);
    decoderFrom = names.size();
    addMlp("decoder", z + c, decoder, spec.schema() == null ? d : TableLikelihood.outputWidth(spec.schema()));
    decoderTo = names.size();
    if (spec.likelihood() == Likelihood.GAUSSIAN) {
      long h = decoder.get(decoder.size() - 1);
      names.add("decoder_log_std_w");
      shapes.add(new long[] {h, d});
      names.add("decoder_log_std_b");
      shapes.add(new long[] {d});
    }
    while (stddevs.size() < names.size()) stddevs.add(spec.initScale());
  }

  private static List<Integer> widths(List<tfvae.Layer> layers) {
    return layers.stream().map(l -> ((tfvae.Layer.Dense) l).units()).toList();
  }

  private void addMlp(String prefix, long in, List<Integer> hidden, long out) {
    long from = in;
    for (int i = 0; i <= hidden.size(); i++) {
      long to = i < hidden.size() ? hidden.get(i) : out;
      names.add(prefix + "_w" + (i + 1));
      shapes.add(new long[] {from, to});
      names.add(prefix + "_b" + (i + 1));
      shapes.add(new long[] {to});
      from = to;
    }
  }

  /** @return the parameters' names, in graph order */
  List<String> params() { return names; }

  /** @return the shape of parameter {@code i} */
  long[] shape(int i) { return shapes.get(i).clone(); }

  /**
   * @return the values one decoded row holds in a query: dataDim for an MLP, the layers' activations per example when
   *     they are more (a convolutional network), so that a query's chunks stay within the same memory
   */
  long valuesPerRow() { return stack == null ? spec.dataDim() : Math.max(spec.dataDim(), stack.activationsPerExample()); }

  /** @return the standard deviation parameter {@code i} starts from (0: it starts at zero) */
  double initStddev(int i) { return stddevs.get(i); }

  /** @return the names of the decoder's hidden layers' parameters, (w, b) pairs in order */
  List<String> decoderHiddenParams() { return names.subList(decoderFrom, decoderTo - 2); }

  /** @return the names of the decoder's output layer's weight and bias */
  List<String> decoderOutputParams() { return names.subList(decoderTo - 2, decoderTo); }

  /** @return whether the decoder's output is an image (a convolutional output layer): masks then gather after it */
  boolean spatialOutput() { return stack != null && stack.spatialOutput(); }

  private static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> in, Operand<TFloat32> w, Operand<TFloat32> b) {
    return tf.nn.biasAdd(tf.linalg.matMul(in, w), b);
  }

  /** @return act(...act(in W1 + b1)...) through the hidden layers of {@code p} from index {@code from}, {@code layers} of them */
  private Operand<TFloat32> hiddenLayers(Ops tf, List<Operand<TFloat32>> p, int from, int layers, Operand<TFloat32> in) {
    Operand<TFloat32> h = in;
    for (int i = 0; i < layers; i++) h = act.call(tf, dense(tf, h, p.get(from + 2 * i), p.get(from + 2 * i + 1)));
    return h;
  }

  /** @return the values a model scores, x [B, D], of its input rows (for a conditional model [x | c], else x itself) */
  Operand<TFloat32> pixels(Ops tf, Operand<TFloat32> rows) {
    if (conditionDims == 0) return rows;
    return tf.slice(rows, tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, spec.dataDim()}));
  }

  /** @return the condition c [B, C] of a conditional model's input rows [x | c], or null for an unconditional model */
  Operand<TFloat32> condition(Ops tf, Operand<TFloat32> rows) {
    if (conditionDims == 0) return null;
    return tf.slice(rows, tf.constant(new long[] {0, spec.dataDim()}), tf.constant(new long[] {-1, conditionDims}));
  }

  /** @return {mean [B, Z], logStd [B, Z]} of q(z|x), or of q(z|x, c) for rows [x | c] of a conditional model */
  List<Operand<TFloat32>> encode(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x) {
    int layers = stack == null ? spec.encoder().size() : LayerStack.paramCount(stack.encoderHidden()) / 2;
    Operand<TFloat32> in = spec.schema() == null ? x : zeroFilled(tf, x);     // an MLP's [x | c] is its input row as it is
    Operand<TFloat32> c = stack == null ? null : condition(tf, x);
    Operand<TFloat32> h = stack == null ? hiddenLayers(tf, p, 0, layers, in)
        : LayerStack.apply(tf, stack.encoderHidden(), p, pixels(tf, x), c, stack.encoderJoin);
    if (stack != null && stack.encoderJoin == stack.encoder.size() - 1) h = LayerStack.join(tf, h, c);
    Split<TFloat32> out = tf.split(tf.constant(1), dense(tf, h, p.get(2 * layers), p.get(2 * layers + 1)), 2L);
    return List.of(out.output().get(0), out.output().get(1));
  }

  /** @return x with its missing (NaN) values replaced by 0, the encoder's view of a table's row (MIWAE's choice) */
  static Operand<TFloat32> zeroFilled(Ops tf, Operand<TFloat32> x) { return tf.select(tf.math.isNan(x), tf.zerosLike(x), x); }

  /**
   * @return log p(x | params) [B]: the spec's pixel likelihood, or a table model's column likelihoods summed over the
   *     observed cells ({@link TableLikelihood})
   */
  Operand<TFloat32> logLikelihood(Ops tf, PixelLikelihood.Params params, Operand<TFloat32> x) {
    if (spec.schema() != null) return TableLikelihood.logDensity(tf, spec.schema(), params.first(), x);
    return PixelLikelihood.logDensity(tf, spec.likelihood(), params, x);
  }

  /** @return the decoder's parameters: its hidden layers, then its output layer, then (Gaussian) the log-std head */
  Decoder decoder(List<Operand<TFloat32>> p) {
    List<Operand<TFloat32>> hidden = p.subList(decoderFrom, decoderTo - 2);
    return new Decoder(this, hidden, p.get(decoderTo - 2), p.get(decoderTo - 1),
        spec.likelihood() == Likelihood.GAUSSIAN ? p.get(decoderTo) : null,
        spec.likelihood() == Likelihood.GAUSSIAN ? p.get(decoderTo + 1) : null, null, null);
  }

  /** @return the decoder's last hidden layer for points z [B, Z], given its hidden layers' (w, b) pairs */
  Operand<TFloat32> hidden(Ops tf, List<Operand<TFloat32>> hiddenParams, Operand<TFloat32> z) { return hidden(tf, hiddenParams, z, null); }

  /** As {@link #hidden(Ops, List, Operand)} under the condition c [B, C] (null when unconditional), one row per point */
  Operand<TFloat32> hidden(Ops tf, List<Operand<TFloat32>> hiddenParams, Operand<TFloat32> z, Operand<TFloat32> c) {
    if (stack != null) return LayerStack.apply(tf, stack.decoderHidden(), hiddenParams, z, c, stack.decoderJoin);
    return hiddenLayers(tf, hiddenParams, 0, hiddenParams.size() / 2, LayerStack.join(tf, z, c));
  }

  /**
   * The decoder's parameters as operands: hidden (w, b) pairs, the output layer, and for the Gaussian the log-std
   * head. {@link #columns} restricts the outputs to some pixels; only those outputs are then computed, except for a
   * convolutional output layer, whose whole image is decoded and the pixels {@code cols} gathered from it.
   */
  record Decoder(VaeNetwork net, List<Operand<TFloat32>> hidden, Operand<TFloat32> w, Operand<TFloat32> b,
      Operand<TFloat32> logStdW, Operand<TFloat32> logStdB, Operand<TInt32> cols, Operand<TFloat32> cond) {

    Decoder(VaeNetwork net, List<Operand<TFloat32>> hidden, Operand<TFloat32> w, Operand<TFloat32> b, Operand<TFloat32> logStdW,
        Operand<TFloat32> logStdB) {
      this(net, hidden, w, b, logStdW, logStdB, null, null);
    }

    /** @return this decoder under the condition c [B, C], one row per decoded point (null: unconditional) */
    Decoder given(Operand<TFloat32> c) { return new Decoder(net, hidden, w, b, logStdW, logStdB, cols, c); }

    /** @return the likelihood's parameters at the points z [B, Z]: one or two [B, D'] matrices */
    PixelLikelihood.Params decode(Ops tf, Operand<TFloat32> z) { return out(tf, net.hidden(tf, hidden, z, cond)); }

    /** @return the likelihood's parameters from the last hidden layer h [B, H] */
    PixelLikelihood.Params out(Ops tf, Operand<TFloat32> h) {
      if (net.stack != null && net.stack.decoderJoin == net.stack.decoder.size() - 1) h = LayerStack.join(tf, h, cond);
      if (net.stack != null) {
        Operand<TFloat32> first = pick(tf, net.stack.output(tf, h, w, b));
        return new PixelLikelihood.Params(first,
            logStdW == null ? null : PixelLikelihood.gaussianLogStd(tf, pick(tf, net.stack.output(tf, h, logStdW, logStdB))));
      }
      Operand<TFloat32> first = dense(tf, h, w, b);
      return new PixelLikelihood.Params(first, logStdW == null ? null : PixelLikelihood.gaussianLogStd(tf, dense(tf, h, logStdW, logStdB)));
    }

    /** @return this decoder with its outputs cut to the pixels {@code columns} [m] (int32), in that order */
    Decoder columns(Ops tf, Operand<TInt32> columns) {
      if (net.spatialOutput()) return new Decoder(net, hidden, w, b, logStdW, logStdB, columns, cond);
      return new Decoder(net, hidden, tf.gather(w, columns, tf.constant(1)), tf.gather(b, columns, tf.constant(0)),
          logStdW == null ? null : tf.gather(logStdW, columns, tf.constant(1)),
          logStdB == null ? null : tf.gather(logStdB, columns, tf.constant(0)), null, cond);
    }

    private Operand<TFloat32> pick(Ops tf, Operand<TFloat32> rows) { return cols == null ? rows : tf.gather(rows, cols, tf.constant(1)); }
  }

  /**
   * The per-image single-sample ELBO [B] for images x [B, D], with noise that is a pure function of {@code seed}:
   * log p(x|z) + log p(z) - log q(z|x), z = mean + exp(logStd) eps. The true bound (beta 1), as evaluation scores it.
   */
  Operand<TFloat32> elbo(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x, Operand<TInt64> seed) {
    return bound(tf, p, x, seed, Objective.elbo(), null);
  }

  /**
   * The per-image training bound [B] of {@code objective} for images x [B, D], noise a pure function of {@code seed}.
   * ELBO: log p(x|z) + beta (log p(z) - log q(z|x)); analytic KL: log p(x|z) - beta KL(q || p); IWAE: log (1/k)
   * sum_i exp(log p(x|z_i) + beta (log p(z_i) - log q(z_i|x))). With {@code beta} null the weight is 1 and each
   * bound is computed exactly as the unweighted formula reads, so the assignment's default is unchanged.
   *
   * @param beta the weight as a scalar operand (the warm-up's current value), or null for 1
   */
  Operand<TFloat32> bound(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x, Operand<TInt64> seed, Objective objective,
      Operand<TFloat32> beta) {
    List<Operand<TFloat32>> q = encode(tf, p, x);
    Operand<TFloat32> mean = q.get(0), logStd = q.get(1);
    if (objective.kind() == Objective.Kind.IWAE) return importanceWeighted(tf, p, x, mean, logStd, tf.constant((long) objective.k()), seed, beta);
    Operand<TInt64> shape = tf.stack(List.of(rows(tf, x), tf.constant((long) spec.latent())));
    Operand<TFloat32> eps = Densities.standardNormal(tf, shape, seed);
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, mean, logStd, eps);
    Operand<TFloat32> logLik = logLikelihood(tf, decoder(p).given(condition(tf, x)).decode(tf, z), pixels(tf, x));
    if (objective.kind() == Objective.Kind.ANALYTIC_KL) {
      Operand<TFloat32> kl = Densities.klToStandardNormal(tf, mean, logStd);
      return tf.math.sub(logLik, beta == null ? kl : tf.math.mul(beta, kl));
    }
    if (beta == null) return tf.math.sub(tf.math.add(logLik, Densities.logPrior(tf, z)), Densities.logDiagGaussian(tf, z, mean, logStd));
    return tf.math.add(logLik, tf.math.mul(beta, tf.math.sub(Densities.logPrior(tf, z), Densities.logDiagGaussian(tf, z, mean, logStd))));
  }

  /**
   * log (1/k) sum_i w_i, z_i ~ q(z|x) by reparameterization, for each row of x [N, D] (Burda et al. 2016); log w_i =
   * log p(x|z_i) + log p(z_i) - log q(z_i|x), the prior and q terms weighted by {@code beta} when it is not null.
   * The noise has shape [k, N, Z]: with k = 1 it is the single-sample ELBO's noise, and the value is that ELBO's.
   */
  Operand<TFloat32> importanceWeighted(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x, Operand<TInt64> k, Operand<TInt64> seed) {
    List<Operand<TFloat32>> q = encode(tf, p, x);
    return importanceWeighted(tf, p, x, q.get(0), q.get(1), k, seed, null);
  }

  private Operand<TFloat32> importanceWeighted(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x, Operand<TFloat32> qMean,
      Operand<TFloat32> qLogStd, Operand<TInt64> k, Operand<TInt64> seed, Operand<TFloat32> beta) {
    Operand<TInt64> n = rows(tf, x);
    Operand<TInt64> flat = tf.stack(List.of(tf.math.mul(k, n), tf.constant((long) spec.latent())));
    Operand<TFloat32> eps = tf.reshape(Densities.standardNormal(tf, tf.stack(List.of(k, n, tf.constant((long) spec.latent()))), seed), flat);
    Operand<TFloat32> mean = tf.reshape(tf.tile(qMean, tf.stack(List.of(k, tf.constant(1L)))), flat);     // row i*N + n = image n
    Operand<TFloat32> logStd = tf.reshape(tf.tile(qLogStd, tf.stack(List.of(k, tf.constant(1L)))), flat);
    Operand<TFloat32> xs = tf.tile(x, tf.stack(List.of(k, tf.constant(1L))));
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, mean, logStd, eps);
    Operand<TFloat32> logLik = logLikelihood(tf, decoder(p).given(condition(tf, xs)).decode(tf, z), pixels(tf, xs));
    Operand<TFloat32> logW = beta == null
        ? tf.math.sub(tf.math.add(logLik, Densities.logPrior(tf, z)), Densities.logDiagGaussian(tf, z, mean, logStd))
        : tf.math.add(logLik, tf.math.mul(beta, tf.math.sub(Densities.logPrior(tf, z), Densities.logDiagGaussian(tf, z, mean, logStd))));
    Operand<TFloat32> perImage = tf.reshape(logW, tf.stack(List.of(k, n)));                                    // [k, N]
    return tf.math.sub(Densities.logSumExp(tf, perImage, 0), tf.math.log(tf.dtypes.cast(k, TFloat32.class)));
  }

  private static Operand<TInt64> rows(Ops tf, Operand<TFloat32> x) {
    return tf.gather(tf.shape(x, TInt64.class), tf.constant(0), tf.constant(0));
  }
}
