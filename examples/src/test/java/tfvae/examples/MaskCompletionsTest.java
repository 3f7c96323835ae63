package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.charts.MaskCompletions;
import tfvae.data.DataSplit;

/**
 * Completions under other masks: the exact predictive mean of {@code complete} (its grid's weights times decoded
 * means) against a quadrature written here on a grid of its own placed from the SVI fit, using only
 * {@code logJointObserved} and {@code decodeMeans}; observed values are kept; and the figure is drawn.
 */
class MaskCompletionsTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    data = DataSplit.assignment(TestData.FIXTURE, 800, 200).binarize();
    // trained enough that the decoder depends on z (two digits' completions below differ by 0.1 somewhere)
    model = Vae.builder().hidden(64).seed(2).build().train(DataSplit.trainingOnly(data.train()), TrainOptions.builder().epochs(40).learningRate(3e-3)
        .testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  @Test void theExactPredictiveMeanAgreesWithAnIndependentQuadratureUnderEachMask() {
    float[] x = data.test().image(4);
    for (Mask mask : MaskCompletions.standardMasks(28, 28, 0)) {
      float[] exact = model.completion(x, mask, 1, 0).values();
      float[] want = plainPredictiveMean(x, mask);
      double worst = 0;
      for (int d = 0; d < 784; d++) {
        if (mask.isObserved(d)) assertThat(exact[d]).as("observed value %d is kept", d).isEqualTo(x[d]);
        else worst = Math.max(worst, Math.abs(want[d] - exact[d]));
      }
      System.out.printf("%s: largest |exact - independent quadrature| predictive mean %.5f%n", mask, worst);
      assertThat(worst).as("%s: largest |exact - independent quadrature| predictive mean", mask).isLessThan(5e-4);
      float[] other = model.completion(data.test().image(7), mask, 1, 0).values();
      double apart = 0;
      for (int d = 0; d < 784; d++) if (!mask.isObserved(d)) apart = Math.max(apart, Math.abs(other[d] - exact[d]));
      System.out.printf("%s: largest difference from another digit's completion %.3f%n", mask, apart);
      assertThat(apart).as("%s: the completion depends on what was observed", mask).isGreaterThan(0.05);
    }
  }

  /**
   * E[x_d | x_obs] by a Riemann sum written here: a 241 x 241 grid over q's mean +- 7 standard deviations (q from SVI),
   * weights exp(log p(z, x_obs) - max) from {@code logJointObserved}, the decoder's means at the points that carry
   * more than 1e-8 of the largest weight.
   */
  private static float[] plainPredictiveMean(float[] x, Mask mask) {
    PosteriorFit q = model.fitPosterior(x, mask, SviOptions.builder().samples(300).iterations(600).learningRate(0.05).seed(3).build());
    int n = 241;
    float[][] z = new float[n * n][];
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++) {
        float a = q.mean()[0] + (float) (Math.exp(q.logStd()[0]) * 7 * (2.0 * i / (n - 1) - 1));
        float b = q.mean()[1] + (float) (Math.exp(q.logStd()[1]) * 7 * (2.0 * j / (n - 1) - 1));
        z[j * n + i] = new float[] {a, b};
      }
    double[] logJoint = model.logJointObserved(x, mask, z);
    double max = java.util.Arrays.stream(logJoint).max().orElseThrow();
    java.util.List<float[]> kept = new java.util.ArrayList<>();
    java.util.List<Double> w = new java.util.ArrayList<>();
    for (int k = 0; k < z.length; k++)
      if (logJoint[k] > max + Math.log(1e-8)) {
        kept.add(z[k]);
        w.add(Math.exp(logJoint[k] - max));
      }
    float[][] means = model.decodeMeans(kept.toArray(new float[0][]));
    double total = 0;
    double[] sum = new double[784];
    for (int k = 0; k < means.length; k++) {
      total += w.get(k);
      for (int d = 0; d < 784; d++) sum[d] += w.get(k) * means[k][d];
    }
    float[] out = new float[784];
    for (int d = 0; d < 784; d++) out[d] = (float) (sum[d] / total);
    return out;
  }

  @Test void theFigureIsDrawnWithTwoColumnsPerMask(@TempDir Path dir) {
    List<Mask> masks = List.of(Mask.leftHalf(28, 28));
    int[] two = {0, 1};
    float[][][] done = tfvae.Completions.of(model, data.test(), two, masks, 100, 0);
    assertThat(done[1][0]).isEqualTo(model.completion(data.test().image(1), masks.get(0), 100, 1).values()); // image r's seed is seed + r
    Figure f = MaskCompletions.figure(data.test(), two, masks, done, MaskCompletions.method(2, 100));
    assertThat(f.name()).isEqualTo("fig-4d-mask-completions");
    assertThat(f.save(dir)).allMatch(p -> p.toFile().length() > 1000);
  }
}
