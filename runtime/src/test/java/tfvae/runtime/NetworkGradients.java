package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A network's parameters fed as placeholders, so that a loss built on them can be compared with central finite
 * differences: the gradient TensorFlow computes of {@code loss} with respect to each parameter, at its first, middle and
 * last entry, against (loss(p + h) - loss(p - h)) / 2h with h = 1e-2 in float32 (accurate to about 1e-3 relative), and
 * every entry of it finite. Used by the ELBO's and the table likelihood's gradient tests.
 */
final class NetworkGradients {
  final VaeNetwork net;
  final List<float[]> values = new ArrayList<>();
  final List<Placeholder<TFloat32>> params = new ArrayList<>();

  /** Parameters of scale 0.5 (every path of a tiny network active), drawn from {@code seed}, as placeholders in {@code f}. */
  NetworkGradients(TfFixture f, VaeNetwork net, long seed) {
    this.net = net;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < net.params().size(); i++) {
      float[] v = new float[(int) Shape.of(net.shape(i)).size()];
      for (int k = 0; k < v.length; k++) v[k] = (float) (0.5 * rnd.nextGaussian());
      values.add(v);
      params.add(f.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(net.shape(i)))));
    }
  }

  /** @return the parameters as the operands a network's loss is built on */
  List<Operand<TFloat32>> operands() { return new ArrayList<>(params); }

  /**
   * @param label what the assertion is about, given the parameter's name (e.g. "d loss / d encoder_w1")
   */
  void assertMatchesFiniteDifferences(TfFixture f, Operand<TFloat32> loss, Function<String, String> label) {
    Gradients g = f.tf.gradients(loss, new ArrayList<Operand<?>>(params));
    assertThat(Double.isFinite(run(f.session, loss)[0])).as("the loss is finite").isTrue();
    for (int i = 0; i < values.size(); i++) {
      String name = net.params().get(i);
      float[] grad = run(f.session, g.<TFloat32>dy(i));
      for (float v : grad) assertThat(Float.isFinite(v)).as("%s is finite", label.apply(name)).isTrue();
      for (int k : new int[] {0, values.get(i).length / 2, values.get(i).length - 1}) {
        double h = 1e-2;
        float saved = values.get(i)[k];
        values.get(i)[k] = (float) (saved + h);
        double up = run(f.session, loss)[0];
        values.get(i)[k] = (float) (saved - h);
        double down = run(f.session, loss)[0];
        values.get(i)[k] = saved;
        double fd = (up - down) / (2 * h);
        assertThat((double) grad[k]).as("%s[%d]", label.apply(name), k).isCloseTo(fd, within(2e-3 + 1e-2 * Math.abs(fd)));
      }
    }
  }

  private float[] run(Session s, Operand<TFloat32> out) {
    List<TFloat32> feeds = new ArrayList<>();
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < params.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(params.get(i).shape(), DataBuffers.of(values.get(i), true, false));
        feeds.add(t);
        r.feed(params.get(i), t);
      }
      try (Result res = r.fetch(out).run()) {
        return Tensors.flat((TFloat32) res.get(0));
      }
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }
}
