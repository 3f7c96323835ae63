package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Figure;
import tfvae.charts.MaskCompletions;
import tfvae.data.DataSplit;
import tfvae.data.Mnist;

/**
 * The completions figure under other masks: its exact predictive mean (grid weights times decoded means) against an
 * independent estimate, self-normalized importance sampling with the SVI fit as proposal, using only
 * {@code logJointObserved} and q's density written here; and the figure's tiles keep every observed pixel.
 */
class MaskCompletionsTest {
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    data = Mnist.load(ReadmeExampleTest.FIXTURE, 800, 200);
    model = Vae.builder().hidden(64).seed(2).build().train(data.train(), TrainOptions.builder().epochs(40).testEvery(0).progress(false).build());
  }

  @AfterAll static void close() { model.close(); }

  @Test void theExactPredictiveMeanAgreesWithImportanceSamplingUnderEachMask() {
    float[] x = data.test().image(4);
    for (Mask mask : MaskCompletions.standardMasks(28, 28, 0)) {
      float[] exact = model.complete(x, mask, 1, 0);
      PosteriorFit q = model.fitPosterior(x, mask, SviOptions.builder().samples(300).iterations(600).learningRate(0.05).seed(3).build());
      int s = 40_000;
      float[] logStd = q.logStd(); // the proposal: q widened by 2, so that its tails cover the posterior's
      for (int k = 0; k < 2; k++) logStd[k] += (float) Math.log(2);
      float[][] z = model.sampleGaussian(q.mean(), logStd, s, 9);
      double[] logJoint = model.logJointObserved(x, mask, z);
      double[] logW = new double[s];
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < s; i++) {
        double logQ = 0;
        for (int k = 0; k < 2; k++) {
          double u = (z[i][k] - q.mean()[k]) / Math.exp(logStd[k]);
          logQ += -0.5 * u * u - logStd[k] - 0.5 * Math.log(2 * Math.PI);
        }
        logW[i] = logJoint[i] - logQ;
        max = Math.max(max, logW[i]);
      }
      double[] sum = new double[784];
      double total = 0, sumSq = 0;
      float[][] means = model.decodeMeans(z);
      for (int i = 0; i < s; i++) {
        double w = Math.exp(logW[i] - max);
        total += w;
        sumSq += w * w;
        for (int d = 0; d < 784; d++) sum[d] += w * means[i][d];
      }
      double ess = total * total / sumSq;
      System.out.printf("%s: effective sample size %.0f of %d%n", mask, ess, s);
      assertThat(ess).as("%s: effective sample size", mask).isGreaterThan(1000);
      double worst = 0;
      for (int d = 0; d < 784; d++) {
        if (mask.isObserved(d)) assertThat(exact[d]).as("observed value %d is kept", d).isEqualTo(x[d]);
        else worst = Math.max(worst, Math.abs(sum[d] / total - exact[d]));
      }
      System.out.printf("%s: largest |exact - importance sampled| predictive mean %.4f%n", mask, worst);
      assertThat(worst).as("%s: largest |exact - importance sampled| predictive mean", mask).isLessThan(0.005);
    }
  }

  @Test void theFigureIsDrawnWithTwoColumnsPerMask(@TempDir Path dir) {
    List<Mask> masks = List.of(Mask.leftHalf(28, 28));
    Figure f = MaskCompletions.figure(model, data.test(), new int[] {0, 1}, masks, 100, 0);
    assertThat(f.name()).isEqualTo("fig-4d-mask-completions");
    assertThat(f.save(dir)).allMatch(p -> p.toFile().length() > 1000);
  }
}
