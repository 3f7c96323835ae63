package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.CheckpointPolicy;
import tfvae.EvaluationOptions;
import tfvae.EvaluationReport;
import tfvae.Evidence;
import tfvae.ExactElbo;
import tfvae.InferenceGaps;
import tfvae.InvalidConfigException;
import tfvae.Mask;
import tfvae.PosteriorKl;
import tfvae.SviOptions;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Subsets;

/**
 * The library's exact measures of a 2-D latent ({@link ExactElbo}, {@link PosteriorKl}, {@link InferenceGaps}) and
 * {@link tfvae.TrainedVae#evaluate}, on a small model trained on the fixture, each against an independent computation:
 * {@link PlainVae}'s joint in double summed on a fine grid in plain Java, the model's own Monte Carlo ELBO over many
 * seeds, its importance-weighted estimates and its quadrature.
 */
class ExactMeasuresTest {
  static DataSplit data;
  static TfVae model;

  @BeforeAll static void train() {
    data = Fixtures.mnist();
    model = (TfVae) Fixtures.small().train(DataSplit.trainingOnly(data.train()), tfvae.TrainOptions.builder().epochs(20).testEvery(0).progress(false).build(),
        CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  /**
   * The refined Gauss-Hermite ELBO of q's far wider than the posterior (std 1.5 and 3, off-centre) against a plain
   * Riemann sum of q(z) log p(x, z) over q's +-9 std box (241 x 241 points, the joint in double from PlainVae), plus
   * q's entropy in closed form.
   */
  @Test void theRefinedExactElboOfAWideQMatchesAPlainJavaRiemannSum() {
    Images two = data.test().slice(0, 2);
    float[][] mean = {{0.5f, -0.3f}, {-1f, 1f}}, logStd = {{(float) Math.log(1.5), (float) Math.log(3)}, {(float) Math.log(3), (float) Math.log(1.5)}};
    ExactElbo.Estimate refined = ExactElbo.refined(model, two, mean, logStd, 1e-4, 128);
    ExactElbo.Estimate first = ExactElbo.of(model, two, mean, logStd, 8, 6);
    PlainVae plain = PlainVae.of(model);
    int g = 241;
    double firstOff = 0, refinedOff = 0;
    for (int i = 0; i < 2; i++) {
      double s0 = Math.exp(logStd[i][0]), s1 = Math.exp(logStd[i][1]), h0 = 18 * s0 / (g - 1), h1 = 18 * s1 / (g - 1);
      double e = 0;
      for (int a = 0; a < g; a++)
        for (int b = 0; b < g; b++) {
          double[] z = {mean[i][0] - 9 * s0 + a * h0, mean[i][1] - 9 * s1 + b * h1};
          double u = (z[0] - mean[i][0]) / s0, v = (z[1] - mean[i][1]) / s1;
          e += Math.exp(-0.5 * (u * u + v * v)) / (2 * Math.PI * s0 * s1) * plain.logJoint(two.image(i), z) * h0 * h1;
        }
      double oracle = e + logStd[i][0] + logStd[i][1] + 1 + Math.log(2 * Math.PI);
      assertThat(refined.error()[i]).as("image %d: error estimate", i).isLessThan(1e-4);
      assertThat(refined.elbo()[i]).as("image %d", i).isCloseTo(oracle, within(2e-3));
      firstOff = Math.max(firstOff, Math.abs(first.elbo()[i] - oracle));
      refinedOff = Math.max(refinedOff, Math.abs(refined.elbo()[i] - oracle));
    }
    System.out.printf("wide q: the 8-node rule is off by %.3g nats, the refined one by %.3g%n", firstOff, refinedOff);
    assertThat(firstOff).as("the 8-node rule alone").isGreaterThan(10 * refinedOff);
  }

  @Test void theKlIsLogEvidenceMinusTheElboAndTheExactElboMatchesTheModelsMonteCarloElbo() {
    Images sub = Subsets.of(data.test(), 60, 0);
    PosteriorKl r = PosteriorKl.measure(model, sub, 8, 0.01);
    Evidence ev = model.logEvidence(sub, Mask.all(784), 0.01);
    assertThat(r.images()).isEqualTo(60);
    assertThat(r.logP()).isCloseTo(ev.mean(), within(1e-9));
    assertThat(r.kl()).isEqualTo(r.logP() - r.elbo());
    // an independent ELBO: the model's own single-sample Monte Carlo estimate, over many noise seeds
    int seeds = 40;
    double[] means = new double[seeds];
    for (int s = 0; s < seeds; s++) means[s] = Arrays.stream(model.elboPerImage(sub, 5000 + s)).average().orElseThrow();
    double mc = Arrays.stream(means).average().orElseThrow(), var = 0;
    for (double m : means) var += (m - mc) * (m - mc) / (seeds - 1);
    double se = Math.sqrt(var / seeds);
    assertThat(se).isLessThan(0.5);
    assertThat(r.elbo()).as("exact ELBO against the Monte Carlo one (s.e. %.3f)", se).isCloseTo(mc, within(4 * se + 1e-3));
    assertThat(r.kl()).isCloseTo(ev.mean() - mc, within(4 * se + 1e-3)).isPositive();
    assertThat(r.minKl()).as("KL(q || p(z|x)) >= 0 for every image").isGreaterThan(-1e-3);
    assertThat(r.klError()).isLessThan(0.01);
    // with the evidence given and the ELBO refined to 0.01 nats: the same log p(x), an ELBO within the errors
    PosteriorKl given = PosteriorKl.measure(model, sub, ev, 0.01, 32);
    assertThat(given.logP()).isEqualTo(r.logP());
    assertThat(given.evidenceSeconds()).isLessThan(0.01);
    assertThat(given.elbo()).isCloseTo(r.elbo(), within(r.ghError() + given.ghError() + 1e-3));
    PosteriorKl.Change c = PosteriorKl.Change.of(1, r, 2, given);
    assertThat(c.elboChange()).isEqualTo(given.elbo() - r.elbo());
    assertThat(c.klChangeError()).isEqualTo(r.klError() + given.klError());
  }

  @Test void theEvaluationRowsAreTheModelsOwnEstimatesInOrder() {
    Images test = data.test();
    EvaluationReport report = model.evaluate(test, EvaluationOptions.defaults().withSubsetSize(30).withSeed(4));
    List<String> names = report.rows().stream().map(EvaluationReport.Row::estimate).toList();
    assertThat(names).containsExactly("ELBO (k = 1)", "IW k = 10", "IW k = 100", "IW k = 1000", "quadrature log p(x)");
    assertThat(report.rows()).allMatch(r -> r.images() == 30);
    Images sub = Subsets.of(test, 30, 4);
    assertThat(report.rows().get(0).mean()).isEqualTo(Arrays.stream(model.importanceWeighted(sub, 1, 4)).average().orElseThrow());
    assertThat(report.rows().get(2).mean()).isEqualTo(Arrays.stream(model.importanceWeighted(sub, 100, 4)).average().orElseThrow());
    Evidence ev = model.logEvidence(sub, Mask.all(784), 0.01);
    assertThat(report.subset()).isNotNull();
    assertThat(report.rows().get(4).mean()).isEqualTo(ev.mean());
    double elbo = report.rows().get(0).mean(), iw1000 = report.rows().get(3).mean(), logP = report.rows().get(4).mean();
    assertThat(elbo).isLessThan(iw1000);
    assertThat(iw1000).isLessThan(logP + 0.05);
  }

  @Test void theGapsAddUpAndSviClosesPartOfTheAmortizationGap() {
    Images images = Subsets.of(data.test(), 3, 1);
    Evidence ev = model.logEvidence(images, Mask.all(784), 0.01);
    InferenceGaps g = InferenceGaps.measure(model, images, ev.logP(), InferenceGaps.mean(ev.errors()),
        SviOptions.builder().samples(16).iterations(100).learningRate(0.01).seed(0).build());
    assertThat(g.images()).isEqualTo(3);
    assertThat(g.sviRounds()).isBetween(2, InferenceGaps.SVI_MAX_ROUNDS);
    assertThat(g.identityError()).isLessThan(1e-9);
    assertThat(g.totalGap()).isCloseTo(g.approximationGap() + g.amortizationGap(), within(1e-9));
    assertThat(g.approximationGap()).as("log p(x) >= ELBO(q*)").isGreaterThan(-g.tolerance());
    assertThat(g.amortizationGap()).as("q* is at least as good as the encoder's q").isGreaterThan(-g.tolerance());
    assertThat(g.minApproximation()).isGreaterThan(-g.tolerance());
    // the encoder's ELBO is the refined exact one of the encoder's q
    tfvae.Encoding enc = model.encode(images);
    assertThat(g.elboEncoder()).containsExactly(
        ExactElbo.refined(model, images, enc.mean(), enc.logStd(), InferenceGaps.ELBO_TOLERANCE, InferenceGaps.MAX_NODES).elbo());
  }

  /**
   * {@link tfvae.Factorization}: the model's log p(bottom | z) against the per-pixel Bernoulli sum, recomputed here
   * from the logits, and the joint of the 4 most uncertain pixels against the product of their marginals.
   */
  @Test void theBottomHalfGivenZFactorizesToFloatPrecision() {
    float[] x = data.test().image(0);
    float[][] z = {{0.3f, -0.2f}, {0f, 0f}, {1.5f, -1f}};
    tfvae.Factorization f = tfvae.Factorization.check(model, x, 392, z, 4);
    float[][] logits = model.decodeLogits(z);
    for (int p = 0; p < 3; p++) {
      double sum = 0;
      for (int d = 392; d < 784; d++) sum += x[d] * logits[p][d] - Math.log1p(Math.exp(logits[p][d]));
      assertThat(f.sumOfValues()[p]).isCloseTo(sum, within(1e-9 * Math.abs(sum)));
      assertThat(f.logP()[p]).as("float32 sums of 392 terms against double ones").isNegative()
          .isCloseTo(sum, within(1e-6 * 392 * Math.max(1, Math.abs(sum) / 10)));
      for (int v : f.values()[p]) assertThat(v).isBetween(392, 783);
    }
    assertThat(f.maxLogError()).isLessThan(1e-3);
    assertThat(f.maxJointError()).isLessThan(1e-5);
    // the product is not trivially 0 or 1: the chosen pixels are uncertain, so a coupling would show
    for (double[] m : f.means()) for (double v : m) assertThat(v).isBetween(0.02, 0.98);
    assertThatThrownBy(() -> tfvae.Factorization.check(model, x, 392, z, 13)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("k must be in [1, 12], got 13");
  }

  /**
   * {@link tfvae.PredictiveDependence} of the bottom half given the top against a brute-force sum in plain Java over the
   * exact posterior's grid (weights from the model's log p(z, top), sigmoid of the logits), and far above its grid error.
   */
  @Test void thePredictiveDependenceEqualsABruteForceSumAndIsFarAboveItsGridError() {
    float[] x = data.test().image(0);
    tfvae.PredictiveDependence d = tfvae.PredictiveDependence.measure(model, Arrays.copyOf(x, 392));
    tfvae.GridPosterior g = d.posterior();
    double[] xs = g.xs(), ys = g.ys(); // copies: taken once, outside the loop
    int nx = xs.length, ny = ys.length;
    float[][] z = new float[nx * ny][];
    for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) z[j * nx + i] = new float[] {(float) xs[i], (float) ys[j]};
    double[] lj = model.logJointObserved(x, Mask.topHalf(28, 28), z);
    double max = Arrays.stream(lj).max().orElseThrow(), sum = 0;
    double[] w = new double[lj.length];
    for (int k = 0; k < w.length; k++) sum += w[k] = Math.exp(lj[k] - max);
    float[][] logits = model.decodeLogits(z);
    int[] most = d.mostDependent(), median = d.medianPair();
    assertThat(median).isNotNull();
    for (int[] ij : List.of(most, new int[] {21 * 28 + 14, 21 * 28 + 15}, median)) {
      double pi = 0, pj = 0, pij = 0;
      for (int k = 0; k < w.length; k++) {
        double si = 1 / (1 + Math.exp(-logits[k][ij[0]])), sj = 1 / (1 + Math.exp(-logits[k][ij[1]]));
        pi += w[k] / sum * si;
        pj += w[k] / sum * sj;
        pij += w[k] / sum * si * sj;
      }
      assertThat(d.p(ij[0])).as("P(x_%d = 1 | top)", ij[0]).isCloseTo(pi, within(1e-5));
      assertThat(d.p(ij[1])).isCloseTo(pj, within(1e-5));
      assertThat(d.dependence(ij[0], ij[1])).as("P_ij - P_i P_j of (%d, %d)", ij[0], ij[1]).isCloseTo(pij - pi * pj, within(1e-5));
      assertThat(d.dependence(ij[1], ij[0])).isEqualTo(d.dependence(ij[0], ij[1]));
    }
    double[] uncertainDeps = java.util.stream.IntStream.range(392, 784).boxed()
        .flatMap(a -> java.util.stream.IntStream.range(a + 1, 784).filter(b -> inside(d.p(a)) && inside(d.p(b)))
            .mapToObj(b -> Math.abs(d.dependence(a, b))))
        .mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(d.medianDependence()).isEqualTo(uncertainDeps[uncertainDeps.length / 2]).isEqualTo(Math.abs(d.dependence(median[0], median[1])));
    System.out.printf("fixture model, test image 0: max |P_ij - P_i P_j| %.3g, grid error %.3g%n", d.maxDependence(), d.maxError());
    assertThat(Math.abs(d.dependence(most[0], most[1]))).isEqualTo(d.maxDependence()).isGreaterThan(1e-4);
    assertThat(d.refined()).isTrue();
    assertThat(d.maxError()).isLessThan(d.maxDependence() / 1000).isGreaterThanOrEqualTo(d.error(most[0], most[1]));
    assertThatThrownBy(() -> d.p(10)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("value 10 is not unobserved: pass an index in [392, 784)");
  }

  private static boolean inside(double p) { return p > 0.05 && p < 0.95; }

  @Test void badInputIsRefusedInOneLine() {
    Images two = data.test().slice(0, 2);
    assertThatThrownBy(() -> ExactElbo.rule(model, two, new float[1][2], new float[1][2], 8)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("q has 1 means and 1 log-stds for 2 images; pass one of each per image");
    assertThatThrownBy(() -> ExactElbo.rule(model, two, new float[2][2], new float[2][2], 0)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("n must be in [1, 256], got 0");
    assertThatThrownBy(() -> InferenceGaps.measure(model, two, new double[3], 0, SviOptions.defaults()))
        .isInstanceOf(InvalidConfigException.class).hasMessage("logP has 3 values for 2 images; pass one per image");
  }
}
