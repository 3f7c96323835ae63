package tfvae.runtime;

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
import org.tensorflow.types.TInt64;
import tfvae.ElboEstimator;
import tfvae.Vae;

/**
 * The encoder and decoder MLPs and the ELBO, as functions of the parameters' values. Parameter order (also the
 * .npz keys): encoder_w1 [D, H], encoder_b1 [H], encoder_w2 [H, 2Z] with columns [mean | log-std], encoder_b2
 * [2Z], decoder_w1 [Z, H], decoder_b1 [H], decoder_w2 [H, D], decoder_b2 [D].
 */
final class VaeNetwork {
  static final List<String> PARAMS = List.of("encoder_w1", "encoder_b1", "encoder_w2", "encoder_b2",
      "decoder_w1", "decoder_b1", "decoder_w2", "decoder_b2");

  private final Vae spec;
  private final Activation act;

  VaeNetwork(Vae spec) {
    this.spec = spec;
    this.act = switch (spec.activation()) {
      case TANH -> new Tanh();
      case RELU -> new ReLU();
      case SIGMOID -> new Sigmoid();
      case SOFTPLUS -> new Softplus();
    };
  }

  /** @return the shape of parameter {@code i} */
  long[] shape(int i) {
    long d = spec.dataDim(), h = spec.hidden(), z = spec.latent();
    return switch (i) {
      case 0 -> new long[] {d, h};
      case 1, 5 -> new long[] {h};
      case 2 -> new long[] {h, 2 * z};
      case 3 -> new long[] {2 * z};
      case 4 -> new long[] {z, h};
      case 6 -> new long[] {h, d};
      case 7 -> new long[] {d};
      default -> throw new IndexOutOfBoundsException(i);
    };
  }

  private Operand<TFloat32> dense(Ops tf, Operand<TFloat32> in, Operand<TFloat32> w, Operand<TFloat32> b) {
    return tf.nn.biasAdd(tf.linalg.matMul(in, w), b);
  }

  /** @return {mean [B, Z], logStd [B, Z]} of q(z|x) */
  List<Operand<TFloat32>> encode(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x) {
    Operand<TFloat32> h = act.call(tf, dense(tf, x, p.get(0), p.get(1)));
    Split<TFloat32> out = tf.split(tf.constant(1), dense(tf, h, p.get(2), p.get(3)), 2L);
    return List.of(out.output().get(0), out.output().get(1));
  }

  /** @return Bernoulli logits [B, D] of p(x|z) */
  Operand<TFloat32> decode(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> z) {
    return decode(tf, p.get(4), p.get(5), p.get(6), p.get(7), z);
  }

  /** @return logits [B, m] of the first m pixels only: the output layer restricted to its first m columns */
  Operand<TFloat32> decodePrefix(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> z, Operand<TInt64> m) {
    Operand<TFloat32> w = tf.slice(p.get(6), tf.constant(new long[] {0, 0}), tf.stack(List.of(tf.constant(-1L), m)));
    Operand<TFloat32> b = tf.slice(p.get(7), tf.constant(new long[] {0}), tf.reshape(m, tf.constant(new long[] {1})));
    return decode(tf, p.get(4), p.get(5), w, b, z);
  }

  /** @return the decoder's hidden layer act(z W1 + b1) */
  Operand<TFloat32> hidden(Ops tf, Operand<TFloat32> w1, Operand<TFloat32> b1, Operand<TFloat32> z) {
    return act.call(tf, dense(tf, z, w1, b1));
  }

  /** @return logits of the decoder with the given layers (the output layer possibly restricted) */
  Operand<TFloat32> decode(Ops tf, Operand<TFloat32> w1, Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2,
      Operand<TFloat32> z) {
    return dense(tf, hidden(tf, w1, b1, z), w2, b2);
  }

  /** @return log p(z) + log p(x_obs | z) for observed prefixes x [N, m] or [1, m] and points z [G, Z] */
  Operand<TFloat32> logJointPrefix(Ops tf, Operand<TFloat32> w1, Operand<TFloat32> b1, Operand<TFloat32> w2,
      Operand<TFloat32> b2, Operand<TFloat32> z, Operand<TFloat32> obs) {
    return tf.math.add(Densities.logPrior(tf, z), Densities.logBernoulli(tf, decode(tf, w1, b1, w2, b2, z), obs));
  }

  /**
   * The per-image ELBO estimate [B] for binary images x [B, D], with noise that is a pure function of {@code seed}.
   * Monte Carlo: log p(x|z) + log p(z) - log q(z|x), z = mean + exp(logStd) eps. Analytic KL: log p(x|z) - KL(q || p).
   */
  Operand<TFloat32> elbo(Ops tf, List<Operand<TFloat32>> p, Operand<TFloat32> x, Operand<TInt64> seed, ElboEstimator estimator) {
    List<Operand<TFloat32>> q = encode(tf, p, x);
    Operand<TFloat32> mean = q.get(0), logStd = q.get(1);
    Operand<TInt64> shape = tf.stack(List.of(tf.gather(tf.shape(x, TInt64.class), tf.constant(0), tf.constant(0)),
        tf.constant((long) spec.latent())));
    Operand<TFloat32> eps = Densities.standardNormal(tf, shape, seed);
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, mean, logStd, eps);
    Operand<TFloat32> logLik = Densities.logBernoulli(tf, decode(tf, p, z), x);
    return switch (estimator) {
      case MONTE_CARLO -> tf.math.sub(tf.math.add(logLik, Densities.logPrior(tf, z)),
          Densities.logDiagGaussian(tf, z, mean, logStd));
      case ANALYTIC_KL -> tf.math.sub(logLik, Densities.klToStandardNormal(tf, mean, logStd));
    };
  }
}
