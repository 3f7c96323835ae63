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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;
import tfvae.ElboEstimator;
import tfvae.Vae;

/**
 * Everything the model runs, built once into one graph: the parameters (each weight and bias initialScale *
 * N(0, 1), seeded per variable), the training step (batches gathered in order from a data variable, noise seeded
 * by {seed, step}, Adam), and the query heads (encode, decode, per-image ELBO, prior samples, save and restore).
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
  final Operand<TFloat32> logits;
  final Operand<TFloat32> probs;
  final Operand<TFloat32> sampled;
  final Placeholder<TInt64> priorShape;
  final Operand<TFloat32> prior;

  // observed prefixes (top halves): log p(z, x_obs) on the points z, and its logsumexp with two weightings
  final Placeholder<TFloat32> obs;
  final Operand<TFloat32> jointMatrix;

  // importance-weighted log p(x) with k draws from q(z|x) per image of x
  final Placeholder<TInt64> iwK;
  final Operand<TFloat32> iwLogP;

  // a given diagonal Gaussian: samples (shape from priorShape) and log density at the points z
  final Placeholder<TFloat32> qMean;
  final Placeholder<TFloat32> qLogStd;
  final Operand<TFloat32> qSample;
  final Operand<TFloat32> qLogDensity;

  // checkpoints: every variable except the data
  final List<Variable<?>> saved = new ArrayList<>();
  final List<Placeholder<?>> restoreIn = new ArrayList<>();
  final Op restore;

  VaeGraph(Graph g, Vae spec, Ops tf) {
    this.spec = spec;
    this.net = new VaeNetwork(spec);
    Ops init = tf.withInitScope();
    SplittableRandom seeds = new SplittableRandom(spec.seed());
    for (int i = 0; i < VaeNetwork.PARAMS.size(); i++) {
      long[] shape = net.shape(i);
      Operand<TFloat32> value = new RandomNormal<TFloat32>(0.0, spec.initScale(), seeds.nextLong())
          .call(init, init.constant(shape), TFloat32.class);
      Variable<TFloat32> v = Variable.create(tf, VaeNetwork.PARAMS.get(i), TFloat32.class, Shape.of(shape), value);
      params.add(v);
      reads.add(v.read());
    }

    data = Variable.create(tf, "train/data", TFloat32.class, Shape.of(-1, spec.dataDim()), null);
    dataIn = tf.withName("train_data_in").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.dataDim())));
    loadData = tf.assignVariableOp(data.handle(), dataIn);
    batchSize = new Knob(tf, "train/batch_size", 1);
    batches = new Knob(tf, "train/batches", 1);
    long seedValue = spec.seed();
    adam = AdamMinimizer.build(tf, "adam", params, (t, p, step) -> {
      Operand<TInt64> first = t.math.mul(t.math.mod(step, batches.var.read()), batchSize.var.read());
      Operand<TInt64> rows = t.math.add(first, t.range(t.constant(0L), batchSize.var.read(), t.constant(1L)));
      Operand<TFloat32> xb = t.resourceGather(data.handle(), rows, TFloat32.class);
      Operand<TInt64> noise = t.stack(List.of(t.constant(seedValue), step));
      return t.math.neg(t.math.mean(net.elbo(t, p, xb, noise, spec.estimator()), t.constant(0)));
    }, tfvae.TrainOptions.DEFAULT_LEARNING_RATE);

    x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.dataDim())));
    seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    List<Operand<TFloat32>> q = net.encode(tf, reads, x);
    mean = tf.withName("encode_mean").identity(q.get(0));
    logStd = tf.withName("encode_log_std").identity(q.get(1));
    elbo = tf.withName("elbo").identity(net.elbo(tf, reads, x, seed, ElboEstimator.MONTE_CARLO));
    z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latent())));
    logits = tf.withName("decode_logits").identity(net.decode(tf, reads, z));
    probs = tf.withName("decode_probs").math.sigmoid(logits);
    sampled = tf.withName("decode_sample").identity(Densities.sampleBernoulli(tf, probs, seed));
    priorShape = tf.withName("prior_shape").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    prior = tf.withName("prior_sample").identity(Densities.standardNormal(tf, priorShape, seed));

    obs = tf.withName("observed").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
    Operand<TInt64> m = tf.gather(tf.shape(obs, TInt64.class), tf.constant(1), tf.constant(0));
    Operand<TFloat32> zLogits = net.decodePrefix(tf, reads, z, m);                         // [G, m]
    Operand<TFloat32> perPoint = tf.math.sub(Densities.logPrior(tf, z), tf.reduceSum(tf.math.softplus(zLogits), tf.constant(1)));
    jointMatrix = tf.withName("joint_matrix").math.add(                                       // [N, G]: sum_d x_d l_d - softplus(l_d)
        tf.linalg.matMul(obs, zLogits, org.tensorflow.op.linalg.MatMul.transposeB(true)), perPoint);

    iwK = tf.withName("iw_k").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    iwLogP = importanceWeighted(tf, spec, net, reads, x, iwK, seed);

    qMean = tf.withName("q_mean").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, spec.latent())));
    qLogStd = tf.withName("q_log_std").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, spec.latent())));
    qSample = Densities.sampleDiagGaussian(tf, qMean, qLogStd, Densities.standardNormal(tf, priorShape, seed));
    qLogDensity = Densities.logDiagGaussian(tf, z, qMean, qLogStd);

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
   * log (1/k) sum_i p(x, z_i) / q(z_i | x), z_i ~ q(z|x) by reparameterization, for each row of x [N, D].
   */
  private static Operand<TFloat32> importanceWeighted(Ops tf, Vae spec, VaeNetwork net, List<Operand<TFloat32>> p,
      Operand<TFloat32> x, Operand<TInt64> k, Operand<TInt64> seed) {
    List<Operand<TFloat32>> q = net.encode(tf, p, x);
    Operand<TInt64> n = tf.gather(tf.shape(x, TInt64.class), tf.constant(0), tf.constant(0));
    Operand<TInt64> flat = tf.stack(List.of(tf.math.mul(k, n), tf.constant((long) spec.latent())));
    Operand<TFloat32> eps = tf.reshape(Densities.standardNormal(tf, tf.stack(List.of(k, n, tf.constant((long) spec.latent()))), seed), flat);
    Operand<TFloat32> mean = tf.reshape(tf.tile(q.get(0), tf.stack(List.of(k, tf.constant(1L)))), flat);     // row i*N + n = image n
    Operand<TFloat32> logStd = tf.reshape(tf.tile(q.get(1), tf.stack(List.of(k, tf.constant(1L)))), flat);
    Operand<TFloat32> xs = tf.tile(x, tf.stack(List.of(k, tf.constant(1L))));
    Operand<TFloat32> z = Densities.sampleDiagGaussian(tf, mean, logStd, eps);
    Operand<TFloat32> logW = tf.math.sub(tf.math.add(Densities.logBernoulli(tf, net.decode(tf, p, z), xs), Densities.logPrior(tf, z)),
        Densities.logDiagGaussian(tf, z, mean, logStd));
    Operand<TFloat32> perImage = tf.reshape(logW, tf.stack(List.of(k, n)));                                    // [k, N]
    return tf.withName("iw_log_p").math.sub(Densities.logSumExp(tf, perImage, 0),
        tf.math.log(tf.dtypes.cast(k, TFloat32.class)));
  }
}
