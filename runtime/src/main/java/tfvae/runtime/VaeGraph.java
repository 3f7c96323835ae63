package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.RandomNormal;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;
import tfvae.Objective;
import tfvae.Vae;

/**
 * Everything the model runs, built once into one graph: the parameters (each weight and bias initialScale *
 * N(0, 1), seeded per variable), the training step (the spec's objective on batches gathered from a data variable
 * through an order variable, noise seeded by {seed, step}, Adam), and the query heads (encode, decode, per-image
 * ELBO, prior samples, the observed-pixel joint of the grids, importance weighting, save and restore).
 */
final class VaeGraph {
  final Vae spec;
  final VaeNetwork net;
  final List<Variable<TFloat32>> params = new ArrayList<>();
  final List<Operand<TFloat32>> reads = new ArrayList<>();

  // training
  final Variable<TFloat32> data;
  final Placeholder<TFloat32> dataIn;
  final Op loadData;
  /** Row t of the epoch's batch sequence: batch b of an epoch is rows order[b * size .. (b + 1) * size - 1]. */
  final Variable<TInt64> order;
  final Placeholder<TInt64> orderIn;
  final Op loadOrder;
  final Knob batchSize;
  final Knob batches;
  final AdamMinimizer adam;

  // queries
  final Placeholder<TFloat32> x;
  final Placeholder<TInt64> seed;
  final Operand<TFloat32> mean;
  final Operand<TFloat32> logStd;
  final Operand<TFloat32> elbo;
  final Placeholder<TFloat32> z;
  /**
   * A conditional model's condition for the decoder heads at z: [1, C] (every point under one c) or one row per point;
   * null for an unconditional model, whose rows x are then the data, not [x | c].
   */
  final Placeholder<TFloat32> condition;
  /** The decoder's first output at z: logits (Bernoulli, continuous Bernoulli) or the Gaussian's mean. */
  final Operand<TFloat32> logits;
  /** E[x | z] under the likelihood. */
  final Operand<TFloat32> probs;
  final Operand<TFloat32> sampled;
  final Placeholder<TInt64> priorShape;
  final Operand<TFloat32> prior;
  /** log p(x_i, z) of each row of x at its own P points z (rows i * P .. i * P + P - 1): [N, P]. */
  final Placeholder<TInt64> pointsPerRow;
  final Operand<TFloat32> pairedJoint;

  // observed pixels (a mask's columns): log p(z, x_obs) [N, G] of N observed rows at the points z
  final Placeholder<TFloat32> obs;
  final Placeholder<TInt32> obsColumns;
  final Operand<TFloat32> jointMatrix;
  /**
   * Its log-sum-exps over the points in float64, for two log weightings [2, G]: per weighting and row a shift [2, N]
   * (the largest term, or 0 when every term is -infinity) and the sum of exp(joint + log weight - shift) [2, N].
   */
  final Placeholder<TFloat32> logWeights;
  final Operand<TFloat64> jointShift;
  final Operand<TFloat64> jointSum;
  /**
   * The coarse mass search on a row-major grid of {ny, nx} points: which of its columns [N, nx] and rows [N, ny] hold
   * a point whose joint is within massCut nats of the row's largest.
   */
  final Placeholder<TInt32> gridSides;
  final Placeholder<TFloat32> massCut;
  final Operand<TBool> massColumns;
  final Operand<TBool> massRows;

  // importance-weighted log p(x) with k draws from q(z|x) per image of x
  final Placeholder<TInt64> iwK;
  final Operand<TFloat32> iwLogP;

  // a given diagonal Gaussian: samples (shape from priorShape) and log density at the points z
  final Placeholder<TFloat32> qMean;
  final Placeholder<TFloat32> qLogStd;
  final Operand<TFloat32> qSample;
  final Operand<TFloat32> qLogDensity;

  /**
   * A table model's log p(x_c | z) of each row of x at its own P points z, per column: [N * P, C] (row i * P + p is x_i
   * at point p); null for an image model. (decode_probs gives a table's {@link TableLikelihood#params} at z.)
   */
  final Operand<TFloat32> rowColumns;

  // checkpoints: every variable except the data
  final List<Variable<?>> saved = new ArrayList<>();
  final List<Placeholder<?>> restoreIn = new ArrayList<>();
  final Op restore;

  VaeGraph(Graph g, Vae spec, Ops tf) {
    this.spec = spec;
    this.net = new VaeNetwork(spec);
    Ops init = tf.withInitScope();
    SplittableRandom seeds = new SplittableRandom(spec.seed());
    for (int i = 0; i < net.params().size(); i++) {
      long[] shape = net.shape(i);
      long variableSeed = seeds.nextLong();   // drawn for every variable, so one layer's init does not move the others' seeds
      Operand<TFloat32> value = net.initStddev(i) == 0 ? init.zeros(init.constant(shape), TFloat32.class)
          : new RandomNormal<TFloat32>(0.0, net.initStddev(i), variableSeed).call(init, init.constant(shape), TFloat32.class);
      Variable<TFloat32> v = Variable.create(tf, net.params().get(i), TFloat32.class, Shape.of(shape), value);
      params.add(v);
      reads.add(v.read());
    }

    long width = spec.dataDim() + spec.conditionDims();   // a conditional model's rows are [x | c]
    data = Variable.create(tf, "train/data", TFloat32.class, Shape.of(-1, width), null);
    dataIn = tf.withName("train_data_in").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
    loadData = tf.assignVariableOp(data.handle(), dataIn);
    order = Variable.create(tf, "train/order", TInt64.class, Shape.of(-1), null);
    orderIn = tf.withName("train_order_in").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
    loadOrder = tf.assignVariableOp(order.handle(), orderIn);
    batchSize = new Knob(tf, "train/batch_size", 1);
    batches = new Knob(tf, "train/batches", 1);
    long seedValue = spec.seed();
    Objective objective = spec.objective();
    adam = AdamMinimizer.build(tf, "adam", params, (t, p, step) -> {
      Operand<TInt64> first = t.math.mul(t.math.mod(step, batches.var.read()), batchSize.var.read());
      Operand<TInt64> slots = t.math.add(first, t.range(t.constant(0L), batchSize.var.read(), t.constant(1L)));
      Operand<TInt64> rows = t.resourceGather(order.handle(), slots, TInt64.class);
      Operand<TFloat32> xb = t.resourceGather(data.handle(), rows, TFloat32.class);
      Operand<TInt64> noise = t.stack(List.of(t.constant(seedValue), step));
      return t.math.neg(t.math.mean(net.bound(t, p, xb, noise, objective, weight(t, objective, step)), t.constant(0)));
    }, tfvae.TrainOptions.DEFAULT_LEARNING_RATE);

    x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
    seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    List<Operand<TFloat32>> q = net.encode(tf, reads, x);
    mean = tf.withName("encode_mean").identity(q.get(0));
    logStd = tf.withName("encode_log_std").identity(q.get(1));
    elbo = tf.withName("elbo").identity(net.elbo(tf, reads, x, seed));
    z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latent())));
    VaeNetwork.Decoder decoder = net.decoder(reads);
    if (spec.condition() != null) {
      condition = tf.withName("condition").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.conditionDims())));
      Operand<TInt64> points = tf.gather(tf.shape(z, TInt64.class), tf.constant(0), tf.constant(0));
      decoder = decoder.given(tf.broadcastTo(condition, tf.stack(List.of(points, tf.constant((long) spec.conditionDims())))));
    } else {
      condition = null;
    }
    PixelLikelihood.Params atZ = decoder.decode(tf, z);
    logits = tf.withName("decode_logits").identity(atZ.first());
    probs = tf.withName("decode_probs").identity(spec.schema() == null ? PixelLikelihood.mean(tf, spec.likelihood(), atZ)
        : TableLikelihood.params(tf, spec.schema(), atZ.first()));
    sampled = tf.withName("decode_sample").identity(PixelLikelihood.sample(tf, spec.likelihood(), atZ, seed));
    priorShape = tf.withName("prior_shape").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    prior = tf.withName("prior_sample").identity(Densities.standardNormal(tf, priorShape, seed));
    pointsPerRow = tf.withName("points_per_row").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> xRepeated = tf.reshape(tf.tile(x, tf.stack(List.of(tf.constant(1L), pointsPerRow))),   // row i * P + p = x_i
        tf.constant(new long[] {-1, width}));
    PixelLikelihood.Params pairedAtZ = spec.condition() == null ? atZ : net.decoder(reads).given(net.condition(tf, xRepeated)).decode(tf, z);
    pairedJoint = tf.withName("paired_joint").reshape(
        tf.math.add(net.logLikelihood(tf, pairedAtZ, net.pixels(tf, xRepeated)), Densities.logPrior(tf, z)),
        tf.stack(List.of(tf.constant(-1L), pointsPerRow)));

    obs = tf.withName("observed").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
    obsColumns = tf.withName("observed_columns").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    PixelLikelihood.Params observedAtZ = decoder.columns(tf, obsColumns).decode(tf, z);             // [G, m]
    jointMatrix = tf.withName("joint_matrix").identity(                                              // [N, G]
        PixelLikelihood.matrix(tf, spec.likelihood(), observedAtZ, obs, Densities.logPrior(tf, z)));
    logWeights = tf.withName("log_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, -1)));
    Operand<TFloat64> terms = tf.math.add(tf.expandDims(tf.dtypes.cast(jointMatrix, TFloat64.class), tf.constant(0)), // [2, N, G]
        tf.expandDims(tf.dtypes.cast(logWeights, TFloat64.class), tf.constant(1)));
    Operand<TFloat64> top = tf.reduceMax(terms, tf.constant(2));
    jointShift = tf.withName("joint_shift").select(tf.math.equal(top, tf.constant(Double.NEGATIVE_INFINITY)), tf.zerosLike(top), top);
    jointSum = tf.withName("joint_sum").reduceSum(tf.math.exp(tf.math.sub(terms, tf.expandDims(jointShift, tf.constant(2)))),
        tf.constant(2));
    gridSides = tf.withName("grid_sides").placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
    massCut = tf.withName("mass_cut").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> cube = tf.reshape(jointMatrix, tf.concat(List.of(tf.constant(new int[] {-1}), gridSides), tf.constant(0)));
    Operand<TFloat32> rowTop = tf.reduceMax(cube, tf.constant(new int[] {1, 2}), org.tensorflow.op.core.ReduceMax.keepDims(true));
    Operand<TBool> within = tf.math.greaterEqual(cube, tf.math.sub(rowTop, massCut));                  // [N, ny, nx]
    massColumns = tf.withName("mass_columns").reduceAny(within, tf.constant(1));
    massRows = tf.withName("mass_rows").reduceAny(within, tf.constant(2));

    iwK = tf.withName("iw_k").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    iwLogP = tf.withName("iw_log_p").identity(net.importanceWeighted(tf, reads, x, iwK, seed));

    qMean = tf.withName("q_mean").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, spec.latent())));
    qLogStd = tf.withName("q_log_std").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, spec.latent())));
    qSample = Densities.sampleDiagGaussian(tf, qMean, qLogStd, Densities.standardNormal(tf, priorShape, seed));
    qLogDensity = Densities.logDiagGaussian(tf, z, qMean, qLogStd);

    if (spec.schema() != null) {
      rowColumns = tf.withName("row_columns").identity(TableLikelihood.perColumn(tf, spec.schema(), atZ.first(), xRepeated));
    } else {
      rowColumns = null;
    }

    saved.addAll(params);
    saved.addAll(adam.state());
    List<Op> assigns = new ArrayList<>();
    for (Variable<?> v : saved) {
      Placeholder<? extends TType> in = tf.withName("restore_" + Variable.opName(v.name())).placeholder(v.type(), Placeholder.shape(v.shape()));
      restoreIn.add(in);
      assigns.add(tf.assignVariableOp(v.handle(), in));
    }
    restore = tf.withControlDependencies(assigns).withName("restore_all").noOp();
  }

  /**
   * The objective's KL weight at Adam step {@code step} (from 0): null for the unweighted bound, else beta, or with a
   * warm-up of N epochs beta * min(1, step / (N * batches per epoch)).
   */
  private Operand<TFloat32> weight(Ops t, Objective o, Operand<TInt64> step) {
    if (o.unweighted()) return null;
    Operand<TFloat32> beta = t.constant((float) o.beta());
    if (o.warmupEpochs() == 0) return beta;
    Operand<TFloat32> ramp = t.math.div(t.dtypes.cast(step, TFloat32.class),
        t.dtypes.cast(t.math.mul(batches.var.read(), t.constant((long) o.warmupEpochs())), TFloat32.class));
    return t.math.mul(beta, t.math.minimum(ramp, t.constant(1f)));
  }
}
