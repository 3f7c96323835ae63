package tfvae.runtime;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The model's log densities and samplers, written as TensorFlow ops (no probability library). Every function is
 * batched: arguments are [B, D] matrices, one row per example, and log densities come back as [B] vectors summed
 * over the row (Kingma and Welling 2013, section 2.4 and appendix B/C).
 */
public final class Densities {
  /** log(2 pi) / 2. */
  public static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private Densities() {}

  /** log N(z; 0, I) = sum_d (-z_d^2 / 2 - log(2 pi) / 2). */
  public static Operand<TFloat32> logPrior(Ops tf, Operand<TFloat32> z) {
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(z), axis1(tf));
    return tf.math.sub(tf.math.mul(tf.constant(-0.5f), sq), tf.math.mul(dims(tf, z), tf.constant((float) HALF_LOG_2PI)));
  }

  /**
   * log Bernoulli(x; sigmoid(logits)) = sum_d (x_d * l_d - softplus(l_d)). Stable for any |logit|: softplus is
   * evaluated as max(l, 0) + log1p(exp(-|l|)) by the kernel, so a logit of +-100 gives 0 or -100, never NaN.
   */
  public static Operand<TFloat32> logBernoulli(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> x) {
    return tf.reduceSum(tf.math.sub(tf.math.mul(x, logits), tf.math.softplus(logits)), axis1(tf));
  }

  /**
   * log N(z; mean, diag(exp(logStd))^2), also the Gaussian likelihood of values x given decoded means and log
   * standard deviations: = sum_d (-((z_d - mean_d) / exp(logStd_d))^2 / 2 - logStd_d - log(2 pi) / 2). */
  public static Operand<TFloat32> logDiagGaussian(Ops tf, Operand<TFloat32> z, Operand<TFloat32> mean, Operand<TFloat32> logStd) {
    Operand<TFloat32> u = tf.math.mul(tf.math.sub(z, mean), tf.math.exp(tf.math.neg(logStd)));
    Operand<TFloat32> perDim = tf.math.sub(tf.math.mul(tf.constant(-0.5f), tf.math.square(u)), logStd);
    return tf.math.sub(tf.reduceSum(perDim, axis1(tf)), tf.math.mul(dims(tf, z), tf.constant((float) HALF_LOG_2PI)));
  }

  /** KL(N(mean, diag(exp(logStd))^2) || N(0, I)) = sum_d ((mean_d^2 + exp(2 logStd_d) - 1) / 2 - logStd_d). */
  public static Operand<TFloat32> klToStandardNormal(Ops tf, Operand<TFloat32> mean, Operand<TFloat32> logStd) {
    Operand<TFloat32> var = tf.math.exp(tf.math.mul(tf.constant(2f), logStd));
    Operand<TFloat32> perDim = tf.math.sub(
        tf.math.mul(tf.constant(0.5f), tf.math.sub(tf.math.add(tf.math.square(mean), var), tf.constant(1f))), logStd);
    return tf.reduceSum(perDim, axis1(tf));
  }

  /** Below this |logit| the continuous Bernoulli's functions use their Taylor series at 0 (see each). */
  static final float CB_SERIES = 0.1f;

  /**
   * log C(lambda) of the continuous Bernoulli (Loaiza-Ganem and Cunningham 2019, eq. 7), elementwise, in terms of the
   * logit l (lambda = sigmoid(l)): C = 2 atanh(1 - 2 lambda) / (1 - 2 lambda) = l / tanh(l / 2), so log C =
   * log |l| - log |tanh(l / 2)|. At l = 0 (lambda = 1/2) that is 0/0; for |l| &lt; 0.1 the series
   * log 2 + l^2 / 12 - 7 l^4 / 1440 (next term below 1e-9) is used instead. The direct branch is fed a safe
   * value there, so neither branch makes a NaN gradient. For large |l|, tanh rounds to 1 and log C = log |l|.
   */
  public static Operand<TFloat32> continuousBernoulliLogNormalizer(Ops tf, Operand<TFloat32> logits) {
    Operand<TFloat32> a = tf.math.abs(logits);
    Operand<org.tensorflow.types.TBool> small = tf.math.less(a, tf.constant(CB_SERIES));
    Operand<TFloat32> safe = tf.select(small, tf.stopGradient(tf.onesLike(a)), a);
    Operand<TFloat32> direct = tf.math.sub(tf.math.log(safe), tf.math.log(tf.math.tanh(tf.math.mul(tf.constant(0.5f), safe))));
    Operand<TFloat32> a2 = tf.math.square(a);
    Operand<TFloat32> series = tf.math.add(tf.constant((float) Math.log(2)),
        tf.math.mul(a2, tf.math.sub(tf.constant(1f / 12), tf.math.mul(tf.constant(7f / 1440), a2))));
    return tf.select(small, series, direct);
  }

  /**
   * log CB(x; sigmoid(logits)) = sum_d (x_d l_d - softplus(l_d) + log C(l_d)) for x in [0, 1]: the Bernoulli's
   * expression plus the normalizer that makes it a density on [0, 1].
   */
  public static Operand<TFloat32> logContinuousBernoulli(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> x) {
    Operand<TFloat32> perPixel = tf.math.add(tf.math.sub(tf.math.mul(x, logits), tf.math.softplus(logits)),
        continuousBernoulliLogNormalizer(tf, logits));
    return tf.reduceSum(perPixel, axis1(tf));
  }

  /**
   * The continuous Bernoulli's mean, elementwise: lambda / (2 lambda - 1) + 1 / (2 atanh(1 - 2 lambda)) =
   * 1 / (1 - e^-l) - 1 / l; for |l| &lt; 0.1 the series 1/2 + l / 12 - l^3 / 720 (next term below 1e-8).
   */
  public static Operand<TFloat32> continuousBernoulliMean(Ops tf, Operand<TFloat32> logits) {
    Operand<org.tensorflow.types.TBool> small = tf.math.less(tf.math.abs(logits), tf.constant(CB_SERIES));
    Operand<TFloat32> safe = tf.select(small, tf.stopGradient(tf.onesLike(logits)), logits);
    Operand<TFloat32> direct = tf.math.sub(tf.math.reciprocal(tf.math.neg(tf.math.expm1(tf.math.neg(safe)))), tf.math.reciprocal(safe));
    Operand<TFloat32> series = tf.math.add(tf.constant(0.5f),
        tf.math.mul(logits, tf.math.sub(tf.constant(1f / 12), tf.math.mul(tf.constant(1f / 720), tf.math.square(logits)))));
    return tf.select(small, series, direct);
  }

  /**
   * A continuous Bernoulli draw by the inverse CDF at uniform u, elementwise: x = log(1 + u (e^l - 1)) / l. For
   * l &gt; 0 it is evaluated as 1 + log(u + (1 - u) e^-l) / l, which cannot overflow; for l &lt; 0 by the symmetry
   * x(l, u) = 1 - x(-l, 1 - u); for |l| &lt; 0.01 as u + l u (1 - u) / 2. Clipped to [0, 1] against rounding.
   */
  public static Operand<TFloat32> sampleContinuousBernoulli(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> u) {
    Operand<TFloat32> one = tf.constant(1f);
    Operand<org.tensorflow.types.TBool> negative = tf.math.less(logits, tf.constant(0f));
    Operand<TFloat32> a = tf.math.abs(logits);
    Operand<TFloat32> v = tf.select(negative, tf.math.sub(one, u), u);
    Operand<org.tensorflow.types.TBool> small = tf.math.less(a, tf.constant(0.01f));
    Operand<TFloat32> safe = tf.select(small, tf.stopGradient(tf.onesLike(a)), a);
    Operand<TFloat32> direct = tf.math.add(one, tf.math.div(tf.math.log(tf.math.add(v,
        tf.math.mul(tf.math.sub(one, v), tf.math.exp(tf.math.neg(safe))))), safe));
    Operand<TFloat32> series = tf.math.add(v, tf.math.mul(tf.math.mul(tf.constant(0.5f), a), tf.math.mul(v, tf.math.sub(one, v))));
    Operand<TFloat32> xPos = tf.select(small, series, direct);
    Operand<TFloat32> x = tf.select(negative, tf.math.sub(one, xPos), xPos);
    return tf.stopGradient(tf.clipByValue(x, tf.constant(0f), one));
  }

  /** Standard normal noise of the given [B, D] shape, a pure function of {@code seed} (two int64s); no gradient. */
  public static Operand<TFloat32> standardNormal(Ops tf, Operand<TInt64> shape, Operand<TInt64> seed) {
    return tf.stopGradient(tf.random.statelessRandomNormal(shape, seed));
  }

  /** The reparameterization z = mean + exp(logStd) * eps, eps ~ N(0, I): differentiable in mean and logStd. */
  public static Operand<TFloat32> sampleDiagGaussian(Ops tf, Operand<TFloat32> mean, Operand<TFloat32> logStd, Operand<TFloat32> eps) {
    return tf.math.add(mean, tf.math.mul(tf.math.exp(logStd), eps));
  }

  /** x_d = 1 with probability p_d, else 0, from uniform noise that is a pure function of {@code seed}. */
  public static Operand<TFloat32> sampleBernoulli(Ops tf, Operand<TFloat32> probs, Operand<TInt64> seed) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(probs, TInt64.class), seed, TFloat32.class);
    return tf.dtypes.cast(tf.math.less(u, probs), TFloat32.class);
  }

  /**
   * log sum_i exp(x_i) along {@code axis}, computed as max + log sum exp(x - max) so that it neither overflows nor
   * underflows (TensorFlow Framework's reduceLogSumExp broadcasts its max on the wrong axis: observed with framework
   * 1.0.0, see docs/decisions.md, "TensorFlow Framework 1.1.0").
   * A slice that is all -infinity (an empty sum) gives -infinity, not NaN: where the max is not finite, 0 is
   * subtracted instead, so exp(-inf - 0) = 0 and log 0 = -inf. Where the max is finite the result is unchanged.
   */
  public static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TInt32> a = tf.constant(axis);
    Operand<TFloat32> rawMax = tf.reduceMax(x, a, org.tensorflow.op.core.ReduceMax.keepDims(true));
    Operand<TFloat32> max = tf.stopGradient(tf.select(tf.math.isFinite(rawMax), rawMax, tf.zerosLike(rawMax)));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), a);
    return tf.math.add(tf.squeeze(max, org.tensorflow.op.core.Squeeze.axis(java.util.List.of((long) axis))), tf.math.log(sum));
  }

  private static Operand<TInt32> axis1(Ops tf) { return tf.constant(1); }

  /** The number of columns of {@code z} as a float scalar (known statically when the shape is). */
  private static Operand<TFloat32> dims(Ops tf, Operand<TFloat32> z) {
    long d = z.shape().numDimensions() == 2 ? z.shape().get(1) : -1;
    if (d >= 0) return tf.constant((float) d);
    return tf.dtypes.cast(tf.gather(tf.shape(z), tf.constant(1), tf.constant(0)), TFloat32.class);
  }
}
