package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tfvae.CheckpointPolicy;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * The computations behind the part 4(c) answers, on a small model (64 hidden units, 20 epochs) trained on the fixture,
 * each checked against an independent computation; then the command itself writes the five rows in order.
 */
class Part4cQuestionsTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    // small but not untrained: with 3 epochs at the default rate the decoder barely depends on z (every dependence below 1e-4)
    data = DataSplit.assignment(ReadmeExampleTest.FIXTURE, 800, 200).binarize();
    model = Vae.builder().hidden(64).seed(0).build().train(data, TrainOptions.builder().epochs(20).learningRate(3e-3).testEvery(0)
        .progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  @Test void aTheBottomHalfGivenZFactorizesToFloatPrecision() {
    Part4cQuestions.Factorization f = Part4cQuestions.factorization(model, data.test().image(0), 4);
    assertThat(f.logP()).hasSize(3);
    for (double v : f.logP()) assertThat(v).isNegative().isGreaterThan(-2000);
    for (int p = 0; p < 3; p++) // float32 sums of 392 terms against double ones
      assertThat(f.logP()[p]).isCloseTo(f.sumOfPixels()[p], within(1e-6 * 392 * Math.max(1, Math.abs(f.logP()[p]) / 10)));
    assertThat(f.maxLogError()).isLessThan(1e-3);
    assertThat(f.maxJointError()).isLessThan(1e-5);
    // the product is not trivially 0 or 1: the chosen pixels are uncertain, so a coupling would show
    for (double[] m : f.means()) for (double v : m) assertThat(v).isBetween(0.02, 0.98);
  }

  @Test void bThePredictiveJointEqualsABruteForceSumAndTheDependenceIsFarAboveTheGridError() {
    int image = 0;
    float[] top = java.util.Arrays.copyOf(data.test().image(image), Part4cQuestions.TOP);
    Part4cQuestions.Dependence d = Part4cQuestions.dependence(model, top, image, data.test().label(image));
    // brute force: the exact posterior's grid, weights from the model's log p(z, top), sigmoid of the logits in plain Java
    GridPosterior g = model.exactPosterior(data.test().image(image), Mask.topHalf(28, 28), null);
    double[] xs = g.xs(), ys = g.ys(); // copies: taken once, outside the loop
    int nx = xs.length, ny = ys.length;
    float[][] z = new float[nx * ny][];
    for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) z[j * nx + i] = new float[] {(float) xs[i], (float) ys[j]};
    double[] lj = model.logJointObserved(data.test().image(image), Mask.topHalf(28, 28), z);
    double max = java.util.Arrays.stream(lj).max().orElseThrow(), sum = 0;
    double[] w = new double[lj.length];
    for (int k = 0; k < w.length; k++) sum += w[k] = Math.exp(lj[k] - max);
    float[][] logits = model.decodeLogits(z);
    assertThat(d.pairs()).hasSizeGreaterThanOrEqualTo(2);
    for (Part4cQuestions.Pair p : d.pairs()) {
      double pi = 0, pj = 0, pij = 0;
      for (int k = 0; k < w.length; k++) {
        double si = 1 / (1 + Math.exp(-logits[k][p.i()])), sj = 1 / (1 + Math.exp(-logits[k][p.j()]));
        pi += w[k] / sum * si;
        pj += w[k] / sum * sj;
        pij += w[k] / sum * si * sj;
      }
      assertThat(p.pi()).as("P(x_%d = 1 | top)", p.i()).isCloseTo(pi, within(1e-5));
      assertThat(p.pj()).isCloseTo(pj, within(1e-5));
      assertThat(p.pij()).as("P(x_%d = 1, x_%d = 1 | top)", p.i(), p.j()).isCloseTo(pij, within(1e-5));
      assertThat(p.dependence()).isCloseTo(pij - pi * pj, within(1e-5));
    }
    Part4cQuestions.Pair most = d.pairs().get(0);
    System.out.printf("fixture model, test image 0: max |P_ij - P_i P_j| %.3g, grid error %.3g%n", d.maxDependence(), d.maxError());
    // measured: 4.6e-4 against a grid error of 2.4e-10 (the 100-epoch model on real data: 0.0096 against 4e-9)
    assertThat(Math.abs(most.dependence())).isEqualTo(d.maxDependence()).isGreaterThan(1e-4);
    assertThat(d.maxError()).isLessThan(d.maxDependence() / 1000);
    assertThat(most.error()).isLessThan(Math.abs(most.dependence()) / 1000);
  }

  /**
   * The refined Gauss-Hermite ELBO of q's far wider than the posterior (std 1.5 and 3, off-centre) against a plain
   * Riemann sum of q(z) log p(x, z) over q's +-9 std box (601 x 601 points, the joint from logJointObserved's grid head,
   * the weights in plain Java), plus q's entropy in closed form. The first rule alone is off by more than 0.05 nats on one.
   */
  @Test void theRefinedExactElboOfAWideQMatchesARiemannSum() {
    Images two = data.test().slice(0, 2);
    float[][] mean = {{0.5f, -0.3f}, {-1f, 1f}}, logStd = {{(float) Math.log(1.5), (float) Math.log(3)}, {(float) Math.log(3), (float) Math.log(1.5)}};
    double[][] refined = Part4cQuestions.exactElbo(model, two, mean, logStd, 1e-4, 128);
    double[][] first = Part4cQuestions.exactElbo(model, two, mean, logStd, 8, 6);
    int g = 601;
    double firstRuleOff = 0;
    for (int i = 0; i < 2; i++) {
      double s0 = Math.exp(logStd[i][0]), s1 = Math.exp(logStd[i][1]), h0 = 18 * s0 / (g - 1), h1 = 18 * s1 / (g - 1);
      float[][] z = new float[g * g][];
      for (int a = 0; a < g; a++)
        for (int b = 0; b < g; b++) z[a * g + b] = new float[] {(float) (mean[i][0] - 9 * s0 + a * h0), (float) (mean[i][1] - 9 * s1 + b * h1)};
      double[] lj = model.logJointObserved(two.image(i), tfvae.Mask.prefix(784, 784), z);
      double e = 0;
      for (int k = 0; k < z.length; k++) {
        double u = (z[k][0] - mean[i][0]) / s0, v = (z[k][1] - mean[i][1]) / s1;
        e += Math.exp(-0.5 * (u * u + v * v)) / (2 * Math.PI * s0 * s1) * lj[k] * h0 * h1;
      }
      double entropy = logStd[i][0] + logStd[i][1] + 1 + Math.log(2 * Math.PI);
      assertThat(refined[1][i]).as("image %d: error estimate", i).isLessThan(1e-4);
      assertThat(refined[0][i]).as("image %d", i).isCloseTo(e + entropy, within(1e-3));
      firstRuleOff = Math.max(firstRuleOff, Math.abs(first[0][i] - (e + entropy)));
    }
    assertThat(firstRuleOff).as("the 8-node rule alone").isGreaterThan(0.05); // measured: 0.091 on image 0
  }

  @Test void cTheKlIsLogEvidenceMinusTheElboAndTheExactElboMatchesTheModelsMonteCarloElbo() {
    Images sub = Evaluation.subset(data.test(), 60, 0);
    Part4cQuestions.KlRow r = Part4cQuestions.klRow(model, 3, sub, 8, 4, 0);
    Evidence ev = model.logEvidence(sub, Mask.all(model.spec().dataDim()), Part4cQuestions.EVIDENCE_TOLERANCE);
    assertThat(r.logP()).isCloseTo(ev.mean(), within(1e-9));
    // an independent ELBO: the model's own single-sample Monte Carlo estimate, over many noise seeds
    int seeds = 40;
    double[] means = new double[seeds];
    for (int s = 0; s < seeds; s++) means[s] = java.util.Arrays.stream(model.elboPerImage(sub, 5000 + s)).average().orElseThrow();
    double mc = java.util.Arrays.stream(means).average().orElseThrow(), var = 0;
    for (double m : means) var += (m - mc) * (m - mc) / (seeds - 1);
    double se = Math.sqrt(var / seeds);
    assertThat(se).isLessThan(0.5);
    assertThat(r.elbo()).as("exact ELBO against the Monte Carlo one (s.e. %.3f)", se).isCloseTo(mc, within(4 * se + 1e-3));
    assertThat(r.kl()).isCloseTo(ev.mean() - mc, within(4 * se + 1e-3)).isPositive();
    assertThat(r.minKl()).as("KL(q || p(z|x)) >= 0 for every image").isGreaterThan(-1e-3);
    assertThat(r.klError()).isLessThan(0.01);
  }

  @Test void theGaussHermiteRuleIsExactForLowDegreePolynomials() {
    double[][] gh = Part4cQuestions.gaussHermite(8);
    // E[eps^2k] for eps ~ N(0, 1) is (2k - 1)!!; the 8-point rule is exact up to degree 15
    double[] moments = {1, 1, 3, 15, 105, 945, 10395, 135135};
    for (int k = 0; k < moments.length; k++) {
      double e = 0;
      for (int i = 0; i < 8; i++) e += gh[1][i] / Math.sqrt(Math.PI) * Math.pow(Math.sqrt(2) * gh[0][i], 2 * k);
      assertThat(e).as("E[eps^%d]", 2 * k).isCloseTo(moments[k], within(1e-9 * moments[k]));
    }
  }

  @Test void dAndeTheClosedForms() {
    Part4cQuestions.Closed c = Part4cQuestions.closedForms();
    assertThat(c.negatives()).isZero();
    assertThat(c.minOverSweep()).isPositive();
    assertThat(c.atMean()).isCloseTo(3.9894, within(1e-4)).isGreaterThan(1);
    assertThat(Part4cQuestions.normalPdf(0, 0, 0.5)).isLessThan(1);
  }

  @Test void theCommandWritesTheFiveRowsInOrder(@TempDir Path out) throws Exception {
    int status = new CommandLine(new Part4cQuestions()).execute("--data", ReadmeExampleTest.FIXTURE.toString(), "--train", "500",
        "--test", "500", "--hidden", "64", "--epochs", "3", "--until", "3", "--images", "40", "--mc-seeds", "2",
        "--checkpoint", out.resolve("none.ckpt").toString(), "--out", out.toString());
    assertThat(status).isZero();
    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("part4c.json"))).getAsJsonObject();
    JsonArray q = json.getAsJsonArray("questions");
    List<String> ids = new ArrayList<>(), answers = new ArrayList<>();
    for (var e : q) {
      ids.add(e.getAsJsonObject().get("id").getAsString());
      answers.add(e.getAsJsonObject().get("answer").getAsString());
    }
    assertThat(ids).containsExactly("a", "b", "c", "d", "e");
    assertThat(answers).containsExactly("yes", "no", "no", "no", "yes");
    for (int k : new int[] {0, 1, 3, 4}) // (c) needs a run long enough to catch an interval; the others must agree
      assertThat(q.get(k).getAsJsonObject().get("evidence_agrees").getAsBoolean()).as(ids.get(k)).isTrue();
    assertThat(json.getAsJsonArray("c_kl_per_epoch_test_subset")).hasSize(3);
    List<String> rows = Files.readString(out.resolve("part4c.md")).lines().filter(l -> l.startsWith("| (")).toList();
    assertThat(rows).hasSize(5);
    String[] want = {"yes", "no", "no", "no", "yes"};
    for (int k = 0; k < 5; k++) assertThat(rows.get(k)).startsWith("| (" + "abcde".charAt(k) + ") ").contains("| **" + want[k] + "** |");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("part4c.json", "part4c.md");
    }
  }

  @Test void badInputEndsWithOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(ReadmeExampleTest.ROOT.resolve("scripts/part4c").toString(), "--data", missing.toString(),
        "--out", dir.resolve("out").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    List<String> lines = Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("building tfvae")).toList();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("part4c: error: MNIST directory " + missing + " does not exist");
  }
}
