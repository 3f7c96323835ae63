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

  /**
   * @return log p(x_c | out) of each cell [B, C], 0 for a missing cell; out [B, outputWidth], x [B, width]. The numeric,
   *     binary and count columns are each computed as one block (gathered by offset), the categorical ones column by
   *     column; the blocks are then put back in the schema's order.
   */
  static Operand<TFloat32> perColumn(Ops tf, Schema schema, Operand<TFloat32> out, Operand<TFloat32> x) {
    List<Operand<TFloat32>> blocks = new ArrayList<>();
    List<Integer> order = new ArrayList<>();                       // the column of each block value, in block order
    Operand<TInt32> axis1 = tf.constant(1);
    int d = schema.width();
    for (Schema.Kind kind : List.of(Schema.Kind.NUMERIC, Schema.Kind.BINARY, Schema.Kind.COUNT)) {
      List<Integer> cols = new ArrayList<>(), offsets = new ArrayList<>();
      for (int c = 0; c < schema.columns().size(); c++)
        if (schema.columns().get(c).kind() == kind) { cols.add(c); offsets.add(schema.offset(c)); }
      if (cols.isEmpty()) continue;
      Operand<TInt32> at = tf.constant(offsets.stream().mapToInt(Integer::intValue).toArray());
      Operand<TFloat32> xv = tf.gather(x, at, axis1);                                       // [B, n]
      Operand<TBool> missing = tf.math.isNan(xv);
      Operand<TFloat32> xs = tf.select(missing, tf.zerosLike(xv), xv);
      Operand<TFloat32> head = tf.gather(out, at, axis1);
      Operand<TFloat32> ll = switch (kind) {
        case NUMERIC -> {
          Operand<TFloat32> logStd = PixelLikelihood.gaussianLogStd(tf, cols(tf, out, d, cols.size()));
          Operand<TFloat32> u = tf.math.mul(tf.math.sub(xs, head), tf.math.exp(tf.math.neg(logStd)));
          float[] norm = new float[cols.size()];
          for (int i = 0; i < norm.length; i++) norm[i] = (float) (Densities.HALF_LOG_2PI + Math.log(schema.columns().get(cols.get(i)).scale()));
          yield tf.math.sub(tf.math.sub(tf.math.mul(tf.constant(-0.5f), tf.math.square(u)), logStd), tf.constant(norm));
        }
        case BINARY -> tf.math.sub(tf.math.mul(xs, head), tf.math.softplus(head));
        default -> tf.math.sub(tf.math.sub(tf.math.mul(xs, head), tf.math.exp(head)), tf.math.lgamma(tf.math.add(xs, tf.constant(1f))));
      };
      blocks.add(tf.select(missing, tf.zerosLike(ll), ll));
      order.addAll(cols);
    }
    for (int c = 0; c < schema.columns().size(); c++) {
      Schema.Column col = schema.columns().get(c);
      if (col.kind() != Schema.Kind.CATEGORICAL) continue;
      int o = schema.offset(c), w = col.width();
      Operand<TFloat32> xv = cols(tf, x, o, w);
      Operand<TBool> missing = tf.math.isNan(xv);
      Operand<TFloat32> xs = tf.select(missing, tf.zerosLike(xv), xv);
      Operand<TFloat32> ll = tf.reduceSum(tf.math.mul(xs, logSoftmax(tf, cols(tf, out, o, w))), axis1, ReduceSum.keepDims(true));
      blocks.add(tf.select(cols(tf, missing, 0, 1), tf.zerosLike(ll), ll));
      order.add(c);
    }
    return inOrder(tf, blocks, order);
  }

  /** @return the blocks' values concatenated along the rows and permuted so that the value for index i is column i */
  private static Operand<TFloat32> inOrder(Ops tf, List<Operand<TFloat32>> blocks, List<Integer> order) {
    Operand<TFloat32> all = blocks.size() == 1 ? blocks.get(0) : tf.concat(blocks, tf.constant(1));
    int[] where = new int[order.size()];
    boolean identity = true;
    for (int i = 0; i < order.size(); i++) {
      where[order.get(i)] = i;
      identity &= order.get(i) == i;
    }
    return identity ? all : tf.gather(all, tf.constant(where), tf.constant(1));
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
    int d = schema.width(), numeric = numericCount(schema);
    Operand<TFloat32> encoded = cols(tf, out, 0, d);
    // the concatenation: [identity | sigmoid | exp] of all d values, each categorical column's softmax, the log-stds
    List<Operand<TFloat32>> all = new ArrayList<>(List.of(encoded, tf.math.sigmoid(encoded), tf.math.exp(encoded)));
    int[] where = new int[d + numeric];
    int next = 3 * d;
    for (int c = 0; c < schema.columns().size(); c++) {
      Schema.Column col = schema.columns().get(c);
      int o = schema.offset(c);
      switch (col.kind()) {
        case NUMERIC -> where[o] = o;
        case BINARY -> where[o] = d + o;
        case COUNT -> where[o] = 2 * d + o;
        case CATEGORICAL -> {
          all.add(tf.math.exp(logSoftmax(tf, cols(tf, out, o, col.width()))));
          for (int j = 0; j < col.width(); j++) where[o + j] = next++;
        }
      }
    }
    if (numeric > 0) {
      all.add(PixelLikelihood.gaussianLogStd(tf, cols(tf, out, d, numeric)));
      for (int j = 0; j < numeric; j++) where[d + j] = next++;
    }
    return tf.gather(tf.concat(all, tf.constant(1)), tf.constant(where), tf.constant(1));
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
