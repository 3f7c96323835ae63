package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tfvae.Schema;

/**
 * p(x|z) of a table model, one likelihood per column of its {@link Schema}, written by hand as TensorFlow ops (no
 * probability library). The decoder's output row has {@code schema.width() + numeric columns} values: first, in the
 * schema's encoded layout, a numeric column's mean (of its standardized value), a binary column's logit, a categorical
 * column's logits over its levels and a count column's log-rate; then, for each numeric column in order, the raw
 * output h of its log standard deviation, log sigma = -5 + softplus(h + 5) as for the Gaussian pixel likelihood
 * ({@link PixelLikelihood#gaussianLogStd}). The log standard deviation is decoded per row (not one learned per column):
 * the model can then say which rows it knows a column well for, which is what an anomaly score needs, and it is the
 * pixel Gaussian's choice, so both heads behave alike.
 *
 * <p>Per cell, with x the encoded value (a missing cell, NaN, contributes exactly 0; its value is replaced by 0 with a
 * select before any arithmetic, so neither the value nor the gradient is NaN):
 * <ul>
 *   <li>numeric: log N(x; mu, sigma^2) - log(scale) = -u^2 / 2 - log sigma - log(2 pi) / 2 - log(scale), u = (x - mu) /
 *       sigma: the density of the value in the data's own units;
 *   <li>binary: x l - softplus(l);
 *   <li>categorical: sum_j x_j (l_j - log sum_i exp(l_i)), the log-softmax of the observed level;
 *   <li>count: x r - exp(r) - lgamma(x + 1), the Poisson log mass at rate exp(r).
 * </ul>
 */
final class TableLikelihood {
  private TableLikelihood() {}

  /** @return the decoder's output width for a table: encoded values plus one log-std per numeric column */
  static int outputWidth(Schema schema) { return schema.width() + numericCount(schema); }

  static int numericCount(Schema schema) {
    int n = 0;
    for (Schema.Column c : schema.columns()) if (c.kind() == Schema.Kind.NUMERIC) n++;
    return n;
  }

  /** @return log p(x_c | out) of each cell [B, C], 0 for a missing cell; out [B, outputWidth], x [B, width] */
  static Operand<TFloat32> perColumn(Ops tf, Schema schema, Operand<TFloat32> out, Operand<TFloat32> x) {
    List<Operand<TFloat32>> cells = new ArrayList<>();
    int o = 0, numeric = 0, d = schema.width();
    Operand<TInt32> axis1 = tf.constant(1);
    for (Schema.Column c : schema.columns()) {
      int w = c.width();
      Operand<TFloat32> xv = cols(tf, x, o, w);                                           // [B, w]
      Operand<TBool> missing = tf.math.isNan(xv);
      Operand<TFloat32> xs = tf.select(missing, tf.zerosLike(xv), xv);
      Operand<TFloat32> head = cols(tf, out, o, w);
      Operand<TFloat32> ll = switch (c.kind()) {
        case NUMERIC -> {
          Operand<TFloat32> logStd = PixelLikelihood.gaussianLogStd(tf, cols(tf, out, d + numeric++, 1));
          Operand<TFloat32> u = tf.math.mul(tf.math.sub(xs, head), tf.math.exp(tf.math.neg(logStd)));
          yield tf.math.sub(tf.math.sub(tf.math.mul(tf.constant(-0.5f), tf.math.square(u)), logStd),
              tf.constant((float) (Densities.HALF_LOG_2PI + Math.log(c.scale()))));
        }
        case BINARY -> tf.math.sub(tf.math.mul(xs, head), tf.math.softplus(head));
        case COUNT -> tf.math.sub(tf.math.sub(tf.math.mul(xs, head), tf.math.exp(head)), tf.math.lgamma(tf.math.add(xs, tf.constant(1f))));
        case CATEGORICAL -> tf.reduceSum(tf.math.mul(xs, logSoftmax(tf, head)), axis1, ReduceSum.keepDims(true));
      };
      Operand<TBool> observed = tf.math.logicalNot(cols(tf, missing, 0, 1));
      cells.add(tf.select(observed, ll, tf.zerosLike(ll)));
      o += w;
    }
    return tf.concat(cells, axis1);
  }

  /** @return log p(x_obs | out) of each row [B]: the sum of {@link #perColumn} */
  static Operand<TFloat32> logDensity(Ops tf, Schema schema, Operand<TFloat32> out, Operand<TFloat32> x) {
    return tf.reduceSum(perColumn(tf, schema, out, x), tf.constant(1));
  }

  /**
   * @return [B, outputWidth]: E[x | out] in the encoded layout (a numeric column's standardized mean, a binary column's
   *     probability of 1, a categorical column's level probabilities, a count column's rate), then each numeric
   *     column's log standard deviation (of its standardized value)
   */
  static Operand<TFloat32> params(Ops tf, Schema schema, Operand<TFloat32> out) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    int o = 0, d = schema.width();
    for (Schema.Column c : schema.columns()) {
      Operand<TFloat32> head = cols(tf, out, o, c.width());
      parts.add(switch (c.kind()) {
        case NUMERIC -> head;
        case BINARY -> tf.math.sigmoid(head);
        case COUNT -> tf.math.exp(head);
        case CATEGORICAL -> tf.math.exp(logSoftmax(tf, head));
      });
      o += c.width();
    }
    int numeric = numericCount(schema);
    if (numeric > 0) parts.add(PixelLikelihood.gaussianLogStd(tf, cols(tf, out, d, numeric)));
    return tf.concat(parts, tf.constant(1));
  }

  /** l - log sum exp(l) along the rows of l [B, L], the max subtracted first (no gradient through it). */
  private static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> l) {
    Operand<TInt32> axis1 = tf.constant(1);
    Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(l, axis1, ReduceMax.keepDims(true)));
    Operand<TFloat32> shifted = tf.math.sub(l, max);
    return tf.math.sub(shifted, tf.math.log(tf.reduceSum(tf.math.exp(shifted), axis1, ReduceSum.keepDims(true))));
  }

  private static <T extends org.tensorflow.types.family.TType> Operand<T> cols(Ops tf, Operand<T> m, int from, int width) {
    return tf.slice(m, tf.constant(new int[] {0, from}), tf.constant(new int[] {-1, width}));
  }
}
