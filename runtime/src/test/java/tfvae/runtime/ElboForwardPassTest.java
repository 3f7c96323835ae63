package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.CheckpointPolicy;
import tfvae.Objective;
import tfvae.TrainOptions;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Npy;

/**
 * The ELBO as a whole, against {@link PlainVae}: a double-precision forward pass written from the exported
 * parameters, with the same noise eps the graph draws (StatelessRandomNormal of the documented seed, drawn again in
 * a graph of its own). Then the two estimators against each other: with the same eps their difference is
 * log p(z) - log q(z|x) + KL(q || p), whose expectation under q is exactly 0.
 *
 * <p>Tolerance of the per-image comparisons: the graph works in float32 (unit roundoff u = 6e-8). Each ELBO is a
 * sum of 784 Bernoulli terms whose logits are 64-term dot products of 784-term encoder sums; a float32 pairwise sum
 * of n terms is accurate to about log2(n) u sum|t_i| = 6e-7 sum|t_i| for n = 784, and the rounding of the logits
 * and of z adds a few times that. The bound is 1e-5 x S + 1e-4 nats, S = sum of the |terms| (sum |x l| + softplus(l)
 * plus the Gaussian terms, a few hundred nats): about 2e-3 to 4e-3 nats. Measured on this model: largest difference
 * 7e-5 nats over 1100 images. A wrong density term moves an image's ELBO by a sizeable fraction of a nat or more.
 */
class ElboForwardPassTest {
  static DataSplit data;
  static TfVae model;
  static PlainVae plain;

  @BeforeAll static void train() {
    data = Fixtures.mnist();
    // 40 epochs of 5 steps at Adam 3e-3: trained enough that q(z|x) depends on x and is no longer N(0, I), so every
    // term of the ELBO (log q's -log sd included: dropping it moved image 0 by 9.5 nats) carries weight.
    model = (TfVae) Fixtures.small().train(DataSplit.trainingOnly(data.train()), TrainOptions.builder().epochs(40).learningRate(3e-3).testEvery(0)
        .progress(false).build(), CheckpointPolicy.REPLACE).model();
    plain = PlainVae.of(model);
  }

  @AfterAll static void close() { model.close(); }

  /** 1100 images: more than one chunk of 1000, so the second chunk's seed {s + salt, 1} is exercised too. */
  static Images images1100() {
    float[] a = data.train().pixels(), b = data.test().pixels();
    float[] all = new float[1100 * 784];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    System.arraycopy(b, 0, all, a.length + b.length, 100 * 784);
    return Images.of(28, 28, all, null);
  }

  static double tolerance(float[] x, double[] eps) {
    double[][] q = plain.encode(x);
    double[] z = PlainVae.reparameterize(q, eps);
    double scale = plain.logLikelihoodScale(x, z) + Math.abs(PlainVae.logStandardNormal(z))
        + Math.abs(PlainVae.logNormal(z, q[0], q[1])) + PlainVae.klToStandardNormal(q[0], q[1]);
    return 1e-5 * scale + 1e-4;
  }

  @Test void elboPerImageIsThePlainJavaMonteCarloElboWithTheDocumentedNoise() {
    Images x = images1100();
    long seed = 5;
    double[] got = model.elboPerImage(x, seed);
    // documented: seed {s + 0x9E3779B97F4A7C15, chunk} for each chunk of 1000 images
    double[][] eps0 = PlainVae.statelessNormal(1000, 2, seed + TfVae.EVAL_SALT, 0);
    double[][] eps1 = PlainVae.statelessNormal(100, 2, seed + TfVae.EVAL_SALT, 1);
    double worst = 0;
    for (int i = 0; i < x.count(); i++) {
      double[] eps = i < 1000 ? eps0[i] : eps1[i - 1000];
      double want = plain.elboMonteCarlo(x.image(i), eps);
      worst = Math.max(worst, Math.abs(got[i] - want));
      assertThat(got[i]).as("image %d", i).isCloseTo(want, within(tolerance(x.image(i), eps)));
    }
    System.out.printf("elboPerImage vs plain Java: largest |difference| %.3g nats%n", worst);
  }

  @Test void bothEstimatorsOfTheNetworkAreThePlainJavaElbos() {
    Images x = data.test().slice(0, 200);
    float[][] rows = new float[x.count()][];
    for (int i = 0; i < rows.length; i++) rows[i] = x.image(i);
    Map<String, Npy.Array> vars = model.variables();
    double[][] eps = PlainVae.statelessNormal(rows.length, 2, 17, 4);
    for (Objective e : List.of(Objective.elbo(), Objective.analyticKl())) {
      float[] got = PlainVae.graphElbo(model.spec(), vars, rows, 17, 4, e);
      double worst = 0;
      for (int i = 0; i < rows.length; i++) {
        double want = e.kind() == Objective.Kind.ELBO ? plain.elboMonteCarlo(rows[i], eps[i]) : plain.elboAnalyticKl(rows[i], eps[i]);
        worst = Math.max(worst, Math.abs(got[i] - want));
        assertThat((double) got[i]).as("%s image %d", e, i).isCloseTo(want, within(tolerance(rows[i], eps[i])));
      }
      System.out.printf("%s vs plain Java: largest |difference| %.3g nats%n", e, worst);
    }
  }

  /**
   * E_q[MC - AKL] = E_q[log p(z) - log q(z|x)] + KL(q || p) = -KL + KL = 0 exactly. Over S = 400 seeds, the mean over
   * 100 images of MC - AKL (same eps for both) must be within 4 standard errors of 0 (a 4-sigma bound: a false alarm
   * has probability 6e-5, and the seeds are fixed, so the outcome is reproducible). The standard error is itself
   * checked to be below 0.02 nats, so a bias of 0.1 nats (a tenth of a wrong "-1" in the KL) cannot hide in it.
   */
  @Test void theMonteCarloAndAnalyticKlEstimatorsAgreeInExpectation() {
    Images x = data.test().slice(0, 100);
    float[][] rows = new float[x.count()][];
    for (int i = 0; i < rows.length; i++) rows[i] = x.image(i);
    VaeNetwork net = new VaeNetwork(model.spec());
    Map<String, Npy.Array> vars = model.variables();
    int seeds = 400;
    double[] diff = new double[seeds];
    try (TfFixture f = new TfFixture()) {
      List<Operand<TFloat32>> p = new ArrayList<>();
      for (String name : net.params()) {
        Npy.Array a = vars.get(name);
        p.add(f.tf.constant(Shape.of(a.shape()), DataBuffers.of(a.floats(), true, false)));
      }
      Placeholder<TInt64> seed = f.tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> xs = f.tf.constant(rows);
      Operand<TFloat32> mc = net.bound(f.tf, p, xs, seed, Objective.elbo(), null);
      Operand<TFloat32> akl = net.bound(f.tf, p, xs, seed, Objective.analyticKl(), null);
      for (int s = 0; s < seeds; s++) {
        try (TInt64 st = TInt64.vectorOf(1000 + s, 3); Result r = f.session.runner().feed(seed, st).fetch(mc).fetch(akl).run()) {
          float[] a = Tensors.flat((TFloat32) r.get(0)), b = Tensors.flat((TFloat32) r.get(1));
          for (int i = 0; i < a.length; i++) diff[s] += ((double) a[i] - b[i]) / a.length;
        }
      }
    }
    double mean = 0, sq = 0;
    for (double v : diff) mean += v / seeds;
    for (double v : diff) sq += (v - mean) * (v - mean) / (seeds - 1);
    double se = Math.sqrt(sq / seeds);
    System.out.printf("E[MC - AKL] over %d seeds: %.4f nats, standard error %.4f%n", seeds, mean, se);
    assertThat(se).isLessThan(0.02).isGreaterThan(0);
    assertThat(Math.abs(mean)).as("|mean of MC - AKL| in standard errors (SE %.4f)", se).isLessThan(4 * se);
  }
}
