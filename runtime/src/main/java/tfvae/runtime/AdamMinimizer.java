package tfvae.runtime;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The "GradientTape-style" piece: given trainable variables and a function that builds a scalar loss from their
 * values, it adds the gradients and Adam's update ops (Kingma and Ba 2015, algorithm 1) and runs steps in a
 * session. The VAE's training and the top-half inference both use it.
 *
 * <p>Update for each variable, with g the gradient and t = step + 1:
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps),
 * the epsilon of the paper's "efficient version" (TensorFlow's {@code ResourceApplyAdam}). The step counter is an
 * int64 variable advanced after every update has run, so bias correction never races the updates.
 */
public final class AdamMinimizer {
  /** Adam's defaults from the paper. */
  public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

  /** Builds the scalar loss from the trainable variables' values and the 0-based number of the current step. */
  @FunctionalInterface
  public interface LossFunction {
    /**
     * @param tf the graph's ops
     * @param params the trainable variables' values, in the order given to {@link #build}
     * @param step the 0-based step being taken (use it to derive stateless noise)
     * @return a scalar loss to minimise
     */
    Operand<TFloat32> loss(Ops tf, List<Operand<TFloat32>> params, Operand<TInt64> step);
  }

  private final List<Variable<?>> state;
  private final Operand<TFloat32> loss;
  private final Op train;
  private final Variable<TInt64> step;
  private final Variable<TFloat32> learningRate;
  private final org.tensorflow.op.core.Placeholder<TFloat32> lrIn;
  private final Op setLr;

  private AdamMinimizer(List<Variable<?>> state, Operand<TFloat32> loss, Op train, Variable<TInt64> step,
      Variable<TFloat32> learningRate, org.tensorflow.op.core.Placeholder<TFloat32> lrIn, Op setLr) {
    this.state = state;
    this.loss = loss;
    this.train = train;
    this.step = step;
    this.learningRate = learningRate;
    this.lrIn = lrIn;
    this.setLr = setLr;
  }

  /**
   * Adds the loss, its gradients and Adam's updates to the graph.
   *
   * @param tf the graph's ops
   * @param scope a prefix for the optimizer's own variables ({@code scope/step}, {@code <var>/m}, {@code <var>/v})
   * @param params the trainable float variables
   * @param fn builds the loss from the variables' values
   * @param learningRate Adam's initial step size (changeable with {@link #learningRate(Session, double)})
   * @return the minimizer
   */
  public static AdamMinimizer build(Ops tf, String scope, List<Variable<TFloat32>> params, LossFunction fn, double learningRate) {
    Ops init = tf.withInitScope();
    Variable<TInt64> step = Variable.create(tf, scope + "/step", TInt64.class, Shape.scalar(), init.constant(0L));
    Variable<TFloat32> lr = Variable.create(tf, scope + "/learning_rate", TFloat32.class, Shape.scalar(), init.constant((float) learningRate));
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (Variable<TFloat32> p : params) reads.add(p.read());
    Operand<TFloat32> loss = tf.withName(Variable.opName(scope + "/loss")).identity(fn.loss(tf, reads, step.read()));

    Gradients grads = tf.gradients(loss, new ArrayList<Operand<?>>(reads));
    List<Op> gradOps = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) gradOps.add(grads.<TFloat32>dy(i));
    Ops after = tf.withControlDependencies(gradOps); // no update may overlap the backward pass

    Operand<TFloat32> t = tf.math.add(tf.dtypes.cast(step.read(), TFloat32.class), tf.constant(1f));
    Operand<TFloat32> b1 = tf.constant((float) BETA1), b2 = tf.constant((float) BETA2), eps = tf.constant((float) EPSILON);
    Operand<TFloat32> b1Power = tf.math.pow(b1, t), b2Power = tf.math.pow(b2, t);
    List<Variable<?>> state = new ArrayList<>(List.of(step));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Variable<TFloat32> p = params.get(i);
      Operand<TFloat32> zeros = init.zeros(init.constant(p.shape().asArray()), TFloat32.class);
      Variable<TFloat32> m = Variable.create(tf, p.name() + "/m", TFloat32.class, p.shape(), zeros);
      Variable<TFloat32> v = Variable.create(tf, p.name() + "/v", TFloat32.class, p.shape(), zeros);
      state.add(m);
      state.add(v);
      updates.add(after.train.resourceApplyAdam(p.handle(), m.handle(), v.handle(), b1Power, b2Power, lr.read(),
          b1, b2, eps, grads.<TFloat32>dy(i)));
    }
    Op bump = tf.withControlDependencies(updates).assignAddVariableOp(step.handle(), tf.constant(1L));
    Op train = tf.withControlDependencies(List.of(bump)).withName(Variable.opName(scope + "/train")).noOp();
    var lrIn = tf.withName(Variable.opName(scope + "/learning_rate_in")).placeholder(TFloat32.class,
        org.tensorflow.op.core.Placeholder.shape(Shape.scalar()));
    Op setLr = tf.assignVariableOp(lr.handle(), lrIn);
    return new AdamMinimizer(state, loss, train, step, lr, lrIn, setLr);
  }

  /** @return the loss tensor (evaluated with the variables' values before the step) */
  public Operand<TFloat32> loss() { return loss; }

  /** @return the op that takes one step: gradients, every update, then the step counter */
  public Op train() { return train; }

  /** @return the 0-based step counter's read */
  public Operand<TInt64> step() { return step.read(); }

  /** @return the optimizer's own variables (step counter, then m and v of each parameter), for checkpoints */
  public List<Variable<?>> state() { return state; }

  /**
   * Runs one step and returns the loss it minimised.
   *
   * @param session a session of the graph the minimizer was built in
   * @return the loss before the update
   */
  public float step(Session session) {
    try (Result r = session.runner().addTarget(train).fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  /**
   * Sets Adam's step size.
   *
   * @param session a session of the graph
   * @param rate the new step size
   */
  public void learningRate(Session session, double rate) {
    try (TFloat32 in = TFloat32.scalarOf((float) rate); Result r = session.runner().feed(lrIn, in).addTarget(setLr).run()) {
      // assignment only
    }
  }
}
