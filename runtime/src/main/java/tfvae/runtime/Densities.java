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

  /** log N(z; mean, diag(exp(logStd))^2) = sum_d (-((z_d - mean_d) / exp(logStd_d))^2 / 2 - logStd_d - log(2 pi) / 2). */
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
   * 1.0.0, see the README's framework section).
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
