package tfvae.runtime;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import tfvae.Likelihood;

/**
 * p(x|z) for each {@link Likelihood}, on the decoder's outputs: log densities, means, samples, and the matrix of
 * log p(x_n | z_g) between N observed images and G latent points that the grids integrate. The densities
 * themselves are in {@link Densities}.
 */
final class PixelLikelihood {
  /** The smallest Gaussian log standard deviation: log sigma = LOG_STD_FLOOR + softplus(h - LOG_STD_FLOOR). */
  static final float LOG_STD_FLOOR = -5f;

  private PixelLikelihood() {}

  /**
   * The decoder's outputs at B points: Bernoulli and continuous-Bernoulli logits, or the Gaussian's mean with its
   * log standard deviation.
   *
   * @param first logits or means [B, D]
   * @param logStd the Gaussian's log standard deviations [B, D], else null
   */
  record Params(Operand<TFloat32> first, Operand<TFloat32> logStd) {}

  /**
   * The Gaussian's log standard deviation from its head's raw output h: LOG_STD_FLOOR + softplus(h - LOG_STD_FLOOR),
   * smooth, about h for h well above the floor, and never below e^-5 (about 0.0067), so that a pixel that is
   * constant in the data (a border that is always 0) cannot drive the density to infinity.
   */
  static Operand<TFloat32> gaussianLogStd(Ops tf, Operand<TFloat32> h) {
    Operand<TFloat32> floor = tf.constant(LOG_STD_FLOOR);
    return tf.math.add(floor, tf.math.softplus(tf.math.sub(h, floor)));
  }

  /** @return log p(x | params) [B], summed over each row; x [B, D], or [1, D] broadcast against params */
  static Operand<TFloat32> logDensity(Ops tf, Likelihood l, Params p, Operand<TFloat32> x) {
    return switch (l) {
      case BERNOULLI -> Densities.logBernoulli(tf, p.first(), x);
      case CONTINUOUS_BERNOULLI -> Densities.logContinuousBernoulli(tf, p.first(), x);
      case GAUSSIAN -> Densities.logDiagGaussian(tf, x, p.first(), p.logStd());
    };
  }

  /** @return E[x | params] [B, D] */
  static Operand<TFloat32> mean(Ops tf, Likelihood l, Params p) {
    return switch (l) {
      case BERNOULLI -> tf.math.sigmoid(p.first());
      case CONTINUOUS_BERNOULLI -> Densities.continuousBernoulliMean(tf, p.first());
      case GAUSSIAN -> p.first();
    };
  }

  /** @return x ~ p(x | params) [B, D], the noise a pure function of {@code seed} */
  static Operand<TFloat32> sample(Ops tf, Likelihood l, Params p, Operand<TInt64> seed) {
    return switch (l) {
      case BERNOULLI -> Densities.sampleBernoulli(tf, tf.math.sigmoid(p.first()), seed);
      case CONTINUOUS_BERNOULLI -> Densities.sampleContinuousBernoulli(tf, p.first(),
          tf.random.statelessRandomUniform(tf.shape(p.first(), TInt64.class), seed, TFloat32.class));
      case GAUSSIAN -> Densities.sampleDiagGaussian(tf, p.first(), p.logStd(),
          tf.stopGradient(tf.random.statelessRandomNormal(tf.shape(p.first(), TInt64.class), seed)));
    };
  }

  /**
   * log p(x_n | z_g) for N observed rows obs [N, m] and the decoder's outputs at G points, restricted to the same m
   * pixels [G, m]: an [N, G] matrix, computed as products, without an [N, G, m] intermediate. Bernoulli:
   * sum_d x_d l_d - softplus(l_d), that is obs l^T plus a per-point term; the continuous Bernoulli adds its log
   * normalizer to the per-point term. Gaussian: -(1/2) x^2 . s^T + x . (mu s)^T - (1/2) sum mu^2 s - sum log sigma -
   * m log(2 pi) / 2 with s = 1 / sigma^2, in double precision (the terms are large and cancel where sigma is small),
   * rounded to float at the end.
   *
   * @param perPointTerm a term [G] added to every row (the log prior), folded in as the assignment's graph did
   */
  static Operand<TFloat32> matrix(Ops tf, Likelihood l, Params p, Operand<TFloat32> obs, Operand<TFloat32> perPointTerm) {
    MatMul.Options transposeB = MatMul.transposeB(true);
    Operand<org.tensorflow.types.TInt32> axis1 = tf.constant(1);
    if (l != Likelihood.GAUSSIAN) {
      Operand<TFloat32> perPoint = tf.math.sub(perPointTerm, tf.reduceSum(tf.math.softplus(p.first()), axis1));
      if (l == Likelihood.CONTINUOUS_BERNOULLI)
        perPoint = tf.math.add(perPoint, tf.reduceSum(Densities.continuousBernoulliLogNormalizer(tf, p.first()), axis1));
      return tf.math.add(tf.linalg.matMul(obs, p.first(), transposeB), perPoint);
    }
    Operand<TFloat64> x = tf.dtypes.cast(obs, TFloat64.class);
    Operand<TFloat64> mu = tf.dtypes.cast(p.first(), TFloat64.class);
    Operand<TFloat64> logStd = tf.dtypes.cast(p.logStd(), TFloat64.class);
    Operand<TFloat64> s = tf.math.exp(tf.math.mul(tf.constant(-2.0), logStd));
    Operand<TFloat64> quad = tf.math.mul(tf.constant(-0.5), tf.linalg.matMul(tf.math.square(x), s, transposeB));
    Operand<TFloat64> cross = tf.linalg.matMul(x, tf.math.mul(mu, s), transposeB);
    Operand<TFloat64> m = tf.dtypes.cast(tf.gather(tf.shape(obs), tf.constant(1), tf.constant(0)), TFloat64.class);
    Operand<TFloat64> perPoint = tf.math.sub(tf.math.sub(
        tf.math.mul(tf.constant(-0.5), tf.reduceSum(tf.math.mul(tf.math.square(mu), s), axis1)), tf.reduceSum(logStd, axis1)),
        tf.math.mul(m, tf.constant(Densities.HALF_LOG_2PI)));
    perPoint = tf.math.add(perPoint, tf.dtypes.cast(perPointTerm, TFloat64.class));
    return tf.dtypes.cast(tf.math.add(tf.math.add(quad, cross), perPoint), TFloat32.class);
  }
}
