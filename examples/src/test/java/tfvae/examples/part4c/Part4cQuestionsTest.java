package tfvae.examples.part4c;

import tfvae.examples.TestData;
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
import tfvae.GridPosterior;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/**
 * The computations behind the part 4(c) answers (a), (b), (d) and (e), on a small model (64 hidden units, 20 epochs)
 * trained on the fixture, each checked against an independent computation; then the command itself writes the five rows
 * in order. The exact ELBO and KL of (c) are the library's, tested in runtime's ExactMeasuresTest.
 */
class Part4cQuestionsTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    // small but not untrained: with 3 epochs at the default rate the decoder barely depends on z (every dependence below 1e-4)
    data = DataSplit.assignment(TestData.FIXTURE, 800, 200).binarize();
    model = Vae.builder().hidden(64).seed(0).build().train(data, TrainOptions.builder().epochs(20).learningRate(3e-3).testEvery(0)
        .progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  @Test void aTheBottomHalfGivenZFactorizesToFloatPrecision() {
    Checks.Factorization f = Checks.factorization(model, data.test().image(0), 4);
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
    float[] top = java.util.Arrays.copyOf(data.test().image(image), Checks.TOP);
    Checks.Dependence d = Checks.dependence(model, top, image, data.test().label(image));
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
    for (Checks.Pair p : d.pairs()) {
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
    Checks.Pair most = d.pairs().get(0);
    System.out.printf("fixture model, test image 0: max |P_ij - P_i P_j| %.3g, grid error %.3g%n", d.maxDependence(), d.maxError());
    // measured: 4.6e-4 against a grid error of 2.4e-10 (the 100-epoch model on real data: 0.0096 against 4e-9)
    assertThat(Math.abs(most.dependence())).isEqualTo(d.maxDependence()).isGreaterThan(1e-4);
    assertThat(d.maxError()).isLessThan(d.maxDependence() / 1000);
    assertThat(most.error()).isLessThan(Math.abs(most.dependence()) / 1000);
  }

  @Test void dAndeTheClosedForms() {
    KlCurve.Closed c = KlCurve.closedForms();
    assertThat(c.negatives()).isZero();
    assertThat(c.minOverSweep()).isPositive();
    assertThat(c.atMean()).isCloseTo(3.9894, within(1e-4)).isGreaterThan(1);
    assertThat(KlCurve.normalPdf(0, 0, 0.5)).isLessThan(1);
  }

  @Test void theCommandWritesTheFiveRowsInOrder(@TempDir Path out) throws Exception {
    int status = new CommandLine(new Part4cQuestions()).execute("--data", TestData.FIXTURE.toString(), "--train", "500",
        "--test", "500", "--hidden", "64", "--epochs", "3", "--until", "3", "--images", "20", "--mc-seeds", "2",
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
    Process p = new ProcessBuilder(TestData.ROOT.resolve("scripts/part4c").toString(), "--data", missing.toString(),
        "--out", dir.resolve("out").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    List<String> lines = Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("building tfvae")).toList();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("part4c: error: MNIST directory " + missing + " does not exist");
  }
}
