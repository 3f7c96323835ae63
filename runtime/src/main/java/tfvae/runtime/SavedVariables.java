package tfvae.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.internal.Npy;

/** A model's saved variables (parameters, Adam state, step) read from and assigned to its session. */
final class SavedVariables {
  private SavedVariables() {}

  /** @return every saved variable's value, keyed by checkpoint name */
  static Map<String, Npy.Array> fetch(Session session, VaeGraph g) {
    Session.Runner runner = session.runner();
    for (Variable<?> v : g.saved) runner.fetch(v.read());
    Map<String, Npy.Array> out = new LinkedHashMap<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < g.saved.size(); i++) {
        Variable<?> v = g.saved.get(i);
        Tensor t = r.get(i);
        out.put(v.name(), t instanceof TFloat32 f ? Npy.Array.of(v.shape().asArray(), Tensors.flat(f))
            : Npy.Array.of(v.shape().asArray(), Tensors.flat((TInt64) t)));
      }
    }
    return out;
  }

  /** Assigns every variable from a checkpoint already read and checked by {@link Checkpoint#read}: it only feeds tensors. */
  static void assign(Session session, VaeGraph g, Checkpoint.Contents c) {
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < g.saved.size(); i++) {
        Variable<?> v = g.saved.get(i);
        Npy.Array a = c.arrays().get(v.name()); // present, of this dtype and shape: Checkpoint.read checked it
        Tensor t = v.type() == TFloat32.class ? TFloat32.tensorOf(v.shape(), DataBuffers.of(a.floats(), true, false))
            : TInt64.tensorOf(v.shape(), DataBuffers.of(a.longs(), true, false));
        feeds.add(t);
        runner.feed(g.restoreIn.get(i), t);
      }
      try (Result r = runner.addTarget(g.restore).run()) {
        // the assignments are the run's effect
      }
    } finally {
      for (Tensor t : feeds) t.close();
    }
  }
}
