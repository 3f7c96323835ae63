package tfvae.runtime;


import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
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
    float[][] x = spec.likelihood() == tfvae.Likelihood.BERNOULLI ? new float[][] {{1, 0, 1, 1, 0, 0}, {0, 0, 1, 0, 1, 1}, {1, 1, 1, 0, 0, 1}}
        : new float[][] {{0.9f, 0.05f, 1, 0.6f, 0, 0.3f}, {0.2f, 0, 0.75f, 0.1f, 1, 0.5f}, {1, 0.8f, 0.95f, 0, 0.4f, 1}};
    try (TfFixture f = new TfFixture()) {
      NetworkGradients p = new NetworkGradients(f, net, 42);
      Operand<TFloat32> loss = f.tf.math.mean(net.bound(f.tf, p.operands(), f.tf.constant(x),
          f.tf.constant(new long[] {9, 4}), estimator, estimator.unweighted() ? null : f.tf.constant((float) estimator.beta())),
          f.tf.constant(0));
      p.assertMatchesFiniteDifferences(f, loss, name -> spec.likelihood() + ", " + estimator + ": d loss / d " + name);
    }
  }
}
