package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.Encoding;
import tfvae.EpochStats;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * The values behind {@link VaeFigures}' figures, read back from the chart's tiles ({@code TilePlot.tiles()}). charts
 * may not depend on the TensorFlow runtime (ModuleBoundariesTest), so the model here is a plain-Java {@link FakeVae}:
 * its encoder and decoder are fixed, known functions, so every tile can be predicted exactly.
 */
class VaeFiguresTest {
  static final Path FIXTURE = Path.of("..", "api", "src", "test", "resources", "mnist-fixture");
  static Images train;

  @BeforeAll static void load() { train = DataSplit.assignment(FIXTURE, 500, 500).binarize().train(); }

  /**
   * A model whose encoder mean is a fixed linear function of the pixel counts of the top and bottom halves, whose
   * decoder is sigmoid(u_d . z + v_d) with fixed random u, v (nonlinear, so the mean of decoded samples is not the
   * decoding of the mean), and whose sampleGaussian draws z = mean + exp(logStd) eps from java.util.SplittableRandom
   * and records every draw and its arguments.
   */
  static final class FakeVae implements TrainedVae {
    final float[][] u = new float[784][2];
    final float[] v = new float[784];
    final List<float[][]> draws = new ArrayList<>();
    final List<float[]> drawMeans = new ArrayList<>(), drawLogStds = new ArrayList<>();

    FakeVae() {
      SplittableRandom r = new SplittableRandom(11);
      for (int d = 0; d < 784; d++) {
        u[d][0] = (float) r.nextGaussian();
        u[d][1] = (float) r.nextGaussian();
        v[d] = (float) r.nextGaussian();
      }
    }

    @Override public Vae spec() { return Vae.builder().build(); }
    @Override public List<EpochStats> history() { return List.of(); }

    @Override public tfvae.@Nullable TrainingRecord training() { return null; }

    @Override public Encoding encode(Images images) {
      float[][] mean = new float[images.count()][2], logStd = new float[images.count()][2];
      for (int i = 0; i < images.count(); i++) {
        float[] x = images.image(i);
        float top = 0, bottom = 0;
        for (int d = 0; d < 784; d++) if (d < 392) top += x[d]; else bottom += x[d];
        mean[i] = new float[] {0.02f * top - 1f, 0.03f * bottom - 1.5f};
      }
      return new Encoding(mean, logStd);
    }

    @Override public float[][] decodeMeans(float[][] z) {
      float[][] out = new float[z.length][784];
      for (int i = 0; i < z.length; i++)
        for (int d = 0; d < 784; d++) out[i][d] = (float) (1 / (1 + Math.exp(-(u[d][0] * z[i][0] + u[d][1] * z[i][1] + v[d]))));
      return out;
    }

    @Override public float[][] sampleGaussian(float[] mean, float[] logStd, int n, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      float[][] z = new float[n][2];
      for (int i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) z[i][k] = (float) (mean[k] + Math.exp(logStd[k]) * r.nextGaussian());
      draws.add(z);
      drawMeans.add(mean.clone());
      drawLogStds.add(logStd.clone());
      return z;
    }

    @Override public float[][] decodeLogits(float[][] z) { throw new UnsupportedOperationException(); }
    @Override public float[][] sampleImages(float[][] z, long seed) { throw new UnsupportedOperationException(); }
    @Override public double[] elboPerImage(Images images, long seed) { throw new UnsupportedOperationException(); }
    @Override public float[][] samplePrior(int n, long seed) { throw new UnsupportedOperationException(); }
    @Override public double[] logJointObserved(float[] example, tfvae.Mask mask, float[][] z) { throw new UnsupportedOperationException(); }
    @Override public double[][] logJoint(Images examples, float[][][] z) { throw new UnsupportedOperationException(); }
    @Override public PosteriorFit fitPosterior(float[] example, tfvae.Mask mask, SviOptions options) { throw new UnsupportedOperationException(); }
    @Override public GridPosterior exactPosterior(float[] example, tfvae.Mask mask, @Nullable PosteriorFit q) { throw new UnsupportedOperationException(); }
    @Override public Evidence logEvidence(Images images, tfvae.Mask mask, double tolerance) { throw new UnsupportedOperationException(); }
    @Override public double[] importanceWeighted(Images images, int k, long seed) { throw new UnsupportedOperationException(); }
    @Override public void save(Path file) { throw new UnsupportedOperationException(); }
    @Override public void exportNpz(Path file) { throw new UnsupportedOperationException(); }
    @Override public void exportSavedModel(Path dir) { throw new UnsupportedOperationException(); }
    @Override public void close() {}
  }

  static GrayTiles tiles(Figure f) { return ((ImageGrid.TilePlot) f.chart().getPlot()).tiles(); }

  static float[] tile(GrayTiles t, int row, int col) {
    float[] out = new float[t.height() * t.width()];
    for (int y = 0; y < t.height(); y++) for (int x = 0; x < t.width(); x++) out[y * t.width() + x] = t.gray(row, col, y, x);
    return out;
  }

  /**
   * Row r of the interpolation is [x_b, decode(z(alpha_0)), ..., decode(z(alpha_{steps-1})), x_a] with z(alpha) =
   * alpha z_a + (1 - alpha) z_b: so alpha = 0 (the first decoded column) must decode z_b exactly and alpha = 1 (the
   * last) z_a exactly (0 * z_a + 1 * z_b is z_b bit for bit). The columns between are compared within 1e-6: the
   * decoder's sigmoid is evaluated at float z, and the only difference is the rounding of alpha z_a + (1 - alpha)
   * z_b, a few ulps of |z| < 10 times a slope of at most |u| / 4.
   */
  @Test void theInterpolationRunsFromTheDecodedZbAtAlphaZeroToTheDecodedZaAtAlphaOne() {
    FakeVae m = new FakeVae();
    int[][] pairs = VaeFigures.interpolationPairs(train, 3, 5);
    int steps = 10;
    GrayTiles t = tiles(VaeFigures.interpolation(m, train, pairs, steps));
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.cols()).isEqualTo(steps + 2);
    for (int r = 0; r < pairs.length; r++) {
      int a = pairs[r][0], b = pairs[r][1];
      float[] za = m.encode(train.select(a)).mean()[0], zb = m.encode(train.select(b)).mean()[0];
      float[] decA = m.decodeMeans(new float[][] {za})[0], decB = m.decodeMeans(new float[][] {zb})[0];
      double apart = 0;
      for (int d = 0; d < 784; d++) apart = Math.max(apart, Math.abs(decA[d] - decB[d]));
      assertThat(apart).as("row %d: the two ends must look different for the test to tell them apart", r).isGreaterThan(0.1);
      assertThat(tile(t, r, 0)).as("row %d: original b on the left", r).containsExactly(train.image(b));
      assertThat(tile(t, r, 1)).as("row %d: alpha = 0 decodes z_b", r).containsExactly(decB);
      assertThat(tile(t, r, steps)).as("row %d: alpha = 1 decodes z_a", r).containsExactly(decA);
      assertThat(tile(t, r, steps + 1)).as("row %d: original a on the right", r).containsExactly(train.image(a));
      for (int k = 0; k < steps; k++) {
        double alpha = k / (double) (steps - 1);
        float[] z = {(float) (alpha * za[0] + (1 - alpha) * zb[0]), (float) (alpha * za[1] + (1 - alpha) * zb[1])};
        float[] want = m.decodeMeans(new float[][] {z})[0], got = tile(t, r, k + 1);
        for (int d = 0; d < 784; d++) assertThat(got[d]).as("row %d, alpha %.3f, pixel %d", r, alpha, d).isCloseTo(want[d], within(1e-6f));
      }
    }
  }

  /**
   * Every pair has two different labels, for many seeds; while there are label pairs left (45 for 10 digits), no
   * label pair is used twice; past that, pairs still have different labels. Indices are in range, and the same
   * seed gives the same pairs.
   */
  @Test void interpolationPairsHaveDifferentLabelsAndDistinctLabelPairs() {
    int[] labels = train.labels();
    for (long seed = 0; seed < 20; seed++) {
      for (int n : new int[] {3, 10, 45, 60}) {
        int[][] pairs = VaeFigures.interpolationPairs(train, n, seed);
        assertThat(pairs).hasNumberOfRows(n);
        assertThat(VaeFigures.interpolationPairs(train, n, seed)).isDeepEqualTo(pairs);
        Set<String> used = new HashSet<>();
        for (int[] p : pairs) {
          assertThat(p).hasSize(2);
          assertThat(p[0]).isBetween(0, labels.length - 1);
          assertThat(p[1]).isBetween(0, labels.length - 1);
          assertThat(labels[p[0]]).as("seed %d, %d pairs: labels of pair %s", seed, n, Arrays.toString(p)).isNotEqualTo(labels[p[1]]);
          String key = Math.min(labels[p[0]], labels[p[1]]) + "-" + Math.max(labels[p[0]], labels[p[1]]);
          if (n <= 45) assertThat(used.add(key)).as("seed %d, %d pairs: label pair %s used twice", seed, n, key).isTrue();
        }
      }
    }
  }

  /**
   * Row r of the completions figure is [original, top + bottom of decode(z_1), top + mean_k bottom of decode(z_k)]
   * for the draws z_1..z_K ~ q_r the figure asked the model for (recorded by the fake model). The predictive tile is
   * compared with the mean computed here in double, within 1e-6 (the tile holds that mean rounded to float: half an
   * ulp of a value in [0, 1] is 6e-8). The decoder is nonlinear, and the test also checks that the mean of the
   * decoded samples differs from both the first sample's decoding and the decoding of q's mean, so neither shortcut
   * passes.
   */
  @Test void thePredictiveMeanTileIsTheMeanOfTheDecodedSamples() {
    FakeVae m = new FakeVae();
    Images test = DataSplit.assignment(FIXTURE, 500, 500).binarize().test();
    int[] idx = VaeFigures.differentClasses(test, 3, 2);
    List<PosteriorFit> fits = new ArrayList<>();
    for (int r = 0; r < idx.length; r++)
      fits.add(new PosteriorFit(new float[] {0.3f * r - 0.5f, 0.7f - 0.4f * r}, new float[] {-0.2f - 0.3f * r, -0.5f + 0.2f * r},
          new double[0], 0, 0));
    int samples = 200;
    GrayTiles t = tiles(VaeFigures.completions(m, test, idx, fits, samples, 9));
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.cols()).isEqualTo(3);
    assertThat(m.draws).hasSize(idx.length);
    for (int r = 0; r < idx.length; r++) {
      float[] original = test.image(idx[r]);
      assertThat(m.drawMeans.get(r)).as("row %d draws from its own q", r).containsExactly(fits.get(r).mean());
      assertThat(m.drawLogStds.get(r)).containsExactly(fits.get(r).logStd());
      float[][] z = m.draws.get(r);
      assertThat(z).hasNumberOfRows(samples);
      float[][] dec = m.decodeMeans(z);
      float[] atMean = m.decodeMeans(new float[][] {fits.get(r).mean()})[0];
      float[] one = tile(t, r, 1), pred = tile(t, r, 2);
      assertThat(tile(t, r, 0)).containsExactly(original);
      double apartFromFirst = 0, apartFromMean = 0;
      for (int d = 0; d < 784; d++) {
        if (d < 392) {
          assertThat(one[d]).as("row %d: the observed top half, pixel %d", r, d).isEqualTo(original[d]);
          assertThat(pred[d]).as("row %d: the observed top half, pixel %d", r, d).isEqualTo(original[d]);
          continue;
        }
        double mean = 0;
        for (float[] s : dec) mean += s[d];
        mean /= samples;
        assertThat(one[d]).as("row %d: one z ~ q, pixel %d", r, d).isEqualTo(dec[0][d]);
        assertThat((double) pred[d]).as("row %d: predictive mean, pixel %d", r, d).isCloseTo(mean, within(1e-6));
        apartFromFirst = Math.max(apartFromFirst, Math.abs(mean - dec[0][d]));
        apartFromMean = Math.max(apartFromMean, Math.abs(mean - atMean[d]));
      }
      assertThat(apartFromFirst).isGreaterThan(0.01);
      assertThat(apartFromMean).isGreaterThan(0.01);
    }
  }
}
