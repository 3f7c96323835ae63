package tfvae.runtime;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A graph and session for one test, closed together. */
final class TfFixture implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Session session = new Session(graph);

  /** Builds an op and returns its value as a flat array. */
  float[] eval(Function<Ops, Operand<TFloat32>> build) {
    Operand<TFloat32> out = build.apply(tf);
    try (Result r = session.runner().fetch(out).run()) {
      return Tensors.flat((TFloat32) r.get(0));
    }
  }

  Operand<TFloat32> matrix(float[][] rows) {
    return tf.constant(rows);
  }

  @Override public void close() {
    session.close();
    graph.close();
  }
}
