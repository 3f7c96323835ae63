package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import tfvae.Objective;
import tfvae.Vae;

/**
 * The gradient TensorFlow computes for the ELBO (through the reparameterization) against central finite
 * differences of the same function with the noise held fixed. A tiny model (6 pixels, 4 hidden, 2 latent) with
 * weights of scale 0.5 keeps every path of the network active. Tolerance: float32 evaluation with step h = 1e-2
 * gives differences accurate to about 1e-3 relative.
 */
class ElboGradientTest {
  @Test void gradientsOfEveryObjectiveMatchFiniteDifferences() {
    for (Objective o : List.of(Objective.elbo(), Objective.analyticKl(), Objective.iwae(3), Objective.elbo().withBeta(0.5),
        Objective.iwae(4).withBeta(0.25)))
      check(Vae.builder().dataDim(6).hidden(4).latent(2).objective(o).build());
  }

  /** The two new likelihoods (their normalizer and log-std head included) through two hidden layers per network. */
  @Test void gradientsOfEveryLikelihoodThroughTwoLayersMatchFiniteDifferences() {
    for (tfvae.Likelihood l : tfvae.Likelihood.values())
      check(Vae.builder().dataDim(6).encoder(4, 3).decoder(3, 4).latent(2).likelihood(l).build());
  }

  private static void check(Vae spec) {
    Objective estimator = spec.objective();
    VaeNetwork net = new VaeNetwork(spec);
    SplittableRandom rnd = new SplittableRandom(42);
    List<float[]> values = new ArrayList<>();
    for (int i = 0; i < net.params().size(); i++) {
      float[] v = new float[(int) Shape.of(net.shape(i)).size()];
      for (int k = 0; k < v.length; k++) v[k] = (float) (0.5 * rnd.nextGaussian());
      values.add(v);
    }
    float[][] x = spec.likelihood() == tfvae.Likelihood.BERNOULLI ? new float[][] {{1, 0, 1, 1, 0, 0}, {0, 0, 1, 0, 1, 1}, {1, 1, 1, 0, 0, 1}}
        : new float[][] {{0.9f, 0.05f, 1, 0.6f, 0, 0.3f}, {0.2f, 0, 0.75f, 0.1f, 1, 0.5f}, {1, 0.8f, 0.95f, 0, 0.4f, 1}};
    try (TfFixture f = new TfFixture()) {
      List<Placeholder<TFloat32>> ps = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) ps.add(f.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(net.shape(i)))));
      Operand<TFloat32> loss = f.tf.math.mean(net.bound(f.tf, new ArrayList<>(ps), f.tf.constant(x),
          f.tf.constant(new long[] {9, 4}), estimator, estimator.unweighted() ? null : f.tf.constant((float) estimator.beta())),
          f.tf.constant(0));
      Gradients g = f.tf.gradients(loss, new ArrayList<Operand<?>>(ps));
      for (int i = 0; i < values.size(); i++) {
        float[] grad = run(f.session, ps, values, g.<TFloat32>dy(i));
        for (int k : new int[] {0, values.get(i).length / 2, values.get(i).length - 1}) {
          double h = 1e-2;
          float saved = values.get(i)[k];
          values.get(i)[k] = (float) (saved + h);
          double up = run(f.session, ps, values, loss)[0];
          values.get(i)[k] = (float) (saved - h);
          double down = run(f.session, ps, values, loss)[0];
          values.get(i)[k] = saved;
          double fd = (up - down) / (2 * h);
          assertThat((double) grad[k]).as("%s, %s: d loss / d %s[%d]", spec.likelihood(), estimator, net.params().get(i), k)
              .isCloseTo(fd, within(2e-3 + 1e-2 * Math.abs(fd)));
        }
      }
    }
  }

  private static float[] run(Session s, List<Placeholder<TFloat32>> ps, List<float[]> values, Operand<TFloat32> out) {
    List<TFloat32> feeds = new ArrayList<>();
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < ps.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(ps.get(i).shape(), DataBuffers.of(values.get(i), true, false));
        feeds.add(t);
        r.feed(ps.get(i), t);
      }
      try (Result res = r.fetch(out).run()) {
        return Tensors.flat((TFloat32) res.get(0));
      }
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }
}
