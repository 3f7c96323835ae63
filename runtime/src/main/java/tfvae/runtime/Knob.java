package tfvae.runtime;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt64;

/** An int64 scalar variable that Java sets between runs (batch size, batches per epoch). */
final class Knob {
  final Variable<TInt64> var;
  private final Placeholder<TInt64> in;
  private final Op assign;

  Knob(Ops tf, String name, long initial) {
    var = Variable.create(tf, name, TInt64.class, Shape.scalar(), tf.withInitScope().constant(initial));
    in = tf.withName(Variable.opName(name + "/in")).placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    assign = tf.assignVariableOp(var.handle(), in);
  }

  void set(Session s, long value) {
    try (TInt64 t = TInt64.scalarOf(value); Result r = s.runner().feed(in, t).addTarget(assign).run()) {
      // assignment only
    }
  }
}
