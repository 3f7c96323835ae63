package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Subsets;
import tfvae.internal.NormalQuantileTest;

/**
 * {@link LatentViews} against independent computations, on a plain-Java {@link FakeVae} whose encoder and decoder are
 * fixed, known functions, and on a stand-in that records the seeds it is asked for.
 */
class LatentViewsTest {
  static Images train, test;

  @BeforeAll static void load() throws URISyntaxException {
    DataSplit split = DataSplit.assignment(Path.of(LatentViewsTest.class.getResource("/mnist-fixture").toURI()), 500, 500).binarize();
    train = split.train();
    test = split.test();
  }

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
    final int latent;

    FakeVae(int latent) {
      this.latent = latent;
      SplittableRandom r = new SplittableRandom(11);
      for (int d = 0; d < 784; d++) {
        u[d][0] = (float) r.nextGaussian();
        u[d][1] = (float) r.nextGaussian();
        v[d] = (float) r.nextGaussian();
      }
    }

    @Override public Vae spec() { return Vae.builder().latent(latent).build(); }
    @Override public List<EpochStats> history() { return List.of(); }
    @Override public @Nullable TrainingRecord training() { return null; }

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
    @Override public double[] logJointObserved(float[] example, Mask mask, float[][] z) { throw new UnsupportedOperationException(); }
    @Override public double[][] logJoint(Images examples, float[][][] z) { throw new UnsupportedOperationException(); }
    @Override public PosteriorFit fitPosterior(float[] example, Mask mask, SviOptions options) { throw new UnsupportedOperationException(); }
    @Override public GridPosterior exactPosterior(float[] example, Mask mask, @Nullable PosteriorFit q) { throw new UnsupportedOperationException(); }
    @Override public Evidence logEvidence(Images images, Mask mask, double tolerance) { throw new UnsupportedOperationException(); }
    @Override public double[] importanceWeighted(Images images, int k, long seed) { throw new UnsupportedOperationException(); }
    @Override public void save(Path file) { throw new UnsupportedOperationException(); }
    @Override public void exportNpz(Path file) { throw new UnsupportedOperationException(); }
    @Override public void exportSavedModel(Path dir) { throw new UnsupportedOperationException(); }
    @Override public void close() {}
  }

  // ---- interpolation ----

  /**
   * Row r is decode(alpha z_a + (1 - alpha) z_b) for alpha = k / (steps - 1): alpha = 0 must decode z_b exactly and
   * alpha = 1 z_a exactly (0 * z_a + 1 * z_b is z_b bit for bit), z_a and z_b encoded one image at a time here. The
   * points between are compared within 1e-6: the only difference is the rounding of alpha z_a + (1 - alpha) z_b, a
   * few ulps of |z| < 10 times a slope of at most |u| / 4.
   */
  @Test void theInterpolationRunsFromTheDecodedZbAtAlphaZeroToTheDecodedZaAtAlphaOne() {
    FakeVae m = new FakeVae(2);
    int[][] pairs = Subsets.interpolationPairs(train, 3, 5);
    int steps = 10;
    float[][][] rows = LatentViews.interpolation(m, train, pairs, steps);
    assertThat(rows).hasDimensions(3, steps);
    for (int r = 0; r < pairs.length; r++) {
      float[] za = m.encode(train.select(pairs[r][0])).mean()[0], zb = m.encode(train.select(pairs[r][1])).mean()[0];
      float[] decA = m.decodeMeans(new float[][] {za})[0], decB = m.decodeMeans(new float[][] {zb})[0];
      double apart = 0;
      for (int d = 0; d < 784; d++) apart = Math.max(apart, Math.abs(decA[d] - decB[d]));
      assertThat(apart).as("row %d: the two ends must look different for the test to tell them apart", r).isGreaterThan(0.1);
      assertThat(rows[r][0]).as("row %d: alpha = 0 decodes z_b", r).containsExactly(decB);
      assertThat(rows[r][steps - 1]).as("row %d: alpha = 1 decodes z_a", r).containsExactly(decA);
      for (int k = 0; k < steps; k++) {
        double alpha = k / (double) (steps - 1);
        float[] z = {(float) (alpha * za[0] + (1 - alpha) * zb[0]), (float) (alpha * za[1] + (1 - alpha) * zb[1])};
        float[] want = m.decodeMeans(new float[][] {z})[0];
        for (int d = 0; d < 784; d++) assertThat(rows[r][k][d]).as("row %d, alpha %.3f, pixel %d", r, alpha, d).isCloseTo(want[d], within(1e-6f));
      }
    }
    assertThatThrownBy(() -> LatentViews.interpolation(m, train, pairs, 1)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("steps must be at least 2, got 1");
  }

  // ---- the manifold grid ----

  @Test void theManifoldAxisIsEvenlySpacedInPriorProbability() {
    double[] z = LatentViews.manifoldAxis(20);
    assertThat(z).hasSize(20);
    for (int k = 0; k < 20; k++) {
      assertThat(NormalQuantileTest.phi(z[k])).as("Phi(z_%d)", k).isCloseTo((k + 0.5) / 20, within(1e-14));
      assertThat(z[k]).isCloseTo(-z[19 - k], within(1e-12));
    }
    assertThat(z[19]).isCloseTo(1.959963984540054, within(1e-12)); // Phi^-1(0.975)
    assertThatThrownBy(() -> LatentViews.manifoldAxis(0)).isInstanceOf(InvalidConfigException.class).hasMessage("n must be at least 1, got 0");
  }

  /** Mean (r, c) is the fake decoder at (z1 = axis[c], z2 = axis[n - 1 - r]), the axis Phi^-1((k + 1/2) / n) computed here. */
  @Test void theManifoldMeansAreTheDecodedMeansAtNormalQuantilePoints() {
    FakeVae model = new FakeVae(2);
    int n = 5;
    LatentViews.Manifold grid = LatentViews.manifold(model, n);
    double[] axis = new double[n];
    for (int k = 0; k < n; k++) axis[k] = tfvae.internal.NormalQuantile.of((k + 0.5) / n);
    assertThat(grid.axis()).containsExactly(axis);
    assertThat(grid.means()).hasNumberOfRows(n * n);
    for (int r = 0; r < n; r++)
      for (int c = 0; c < n; c++)
        assertThat(grid.means()[r * n + c]).as("mean (%d, %d)", r, c)
            .containsExactly(model.decodeMeans(new float[][] {{(float) axis[c], (float) axis[n - 1 - r]}})[0]);
  }

  @Test void theManifoldNeedsATwoDimensionalLatentAndAFewPointsPerAxis() {
    assertThatThrownBy(() -> LatentViews.manifold(new FakeVae(3), 20)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("manifold needs a 2-D latent, got 3");
    assertThatThrownBy(() -> LatentViews.manifold(new FakeVae(2), 1)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("n must be in [2, 40], got 1");
  }

  // ---- completions of top halves ----

  /**
   * Completion r is [top + bottom of decode(z_1), top + mean_k bottom of decode(z_k)] for the draws z_1..z_K ~ q_r
   * the library asked the model for (recorded by the fake model). The predictive mean is compared with the mean
   * computed here in double, within 1e-6 (it is held as a float: half an ulp of a value in [0, 1] is 6e-8). The
   * decoder is nonlinear, and the test also checks that the mean of the decoded samples differs from both the first
   * sample's decoding and the decoding of q's mean, so neither shortcut passes.
   */
  @Test void thePredictiveMeanIsTheMeanOfTheDecodedSamplesBelowTheObservedTopHalf() {
    FakeVae m = new FakeVae(2);
    int[] idx = Subsets.differentClasses(test, 3, 2);
    List<PosteriorFit> fits = new ArrayList<>();
    for (int r = 0; r < idx.length; r++)
      fits.add(new PosteriorFit(new float[] {0.3f * r - 0.5f, 0.7f - 0.4f * r}, new float[] {-0.2f - 0.3f * r, -0.5f + 0.2f * r},
          new double[0], 0, 0));
    int samples = 200;
    float[][][] done = LatentViews.topHalfCompletions(m, test, idx, fits, samples, 9);
    assertThat(done).hasDimensions(3, 2);
    assertThat(m.draws).hasSize(idx.length);
    for (int r = 0; r < idx.length; r++) {
      float[] original = test.image(idx[r]);
      assertThat(m.drawMeans.get(r)).as("row %d draws from its own q", r).containsExactly(fits.get(r).mean());
      assertThat(m.drawLogStds.get(r)).containsExactly(fits.get(r).logStd());
      float[][] z = m.draws.get(r);
      assertThat(z).hasNumberOfRows(samples);
      assertThat(z).isDeepEqualTo(m.sampleGaussian(fits.get(r).mean(), fits.get(r).logStd(), samples, 9 + r)); // seed + r
      float[][] dec = m.decodeMeans(z);
      float[] atMean = m.decodeMeans(new float[][] {fits.get(r).mean()})[0];
      float[] one = done[r][0], pred = done[r][1];
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
    assertThatThrownBy(() -> LatentViews.topHalfCompletions(m, test, idx, fits.subList(0, 2), samples, 9))
        .isInstanceOf(InvalidConfigException.class).hasMessage("fits has 2 entries for 3 images; pass one per image");
  }

  // ---- prior draws and their seeds ----

  /** The z decoded and the seeds sampled with, in call order. */
  final List<float[][]> decoded = new ArrayList<>(), sampled = new ArrayList<>();
  final List<Long> priorSeeds = new ArrayList<>(), imageSeeds = new ArrayList<>();

  /**
   * A TrainedVae whose prior draws are, like TensorFlow's stateless ones, a pure function of (seed, row): the first
   * rows are the same whatever the count. Decoding gives z's first coordinate in every pixel, a sample its second.
   */
  final TrainedVae recorder = (TrainedVae) Proxy.newProxyInstance(TrainedVae.class.getClassLoader(), new Class<?>[] {TrainedVae.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "samplePrior" -> {
          int n = (Integer) args[0];
          long seed = (Long) args[1];
          priorSeeds.add(seed);
          float[][] z = new float[n][];
          for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
            z[i] = new float[] {(float) r.nextDouble(-3, 3), (float) r.nextDouble(-3, 3)};
          }
          yield z;
        }
        case "decodeMeans" -> {
          decoded.add((float[][]) args[0]);
          yield fill((float[][]) args[0], 0);
        }
        case "sampleImages" -> {
          sampled.add((float[][]) args[0]);
          imageSeeds.add((Long) args[1]);
          yield fill((float[][]) args[0], 1);
        }
        default -> throw new UnsupportedOperationException(method.getName());
      });

  private static float[][] fill(float[][] z, int coordinate) {
    float[][] out = new float[z.length][4];
    for (int i = 0; i < z.length; i++) java.util.Arrays.fill(out[i], z[i][coordinate]);
    return out;
  }

  @Test void priorMeansAndPriorMeansAndSamplesDrawDifferentZForTheSameSeed() {
    float[][] fig2e = LatentViews.priorMeans(recorder, 20, 0);
    LatentViews.MeansAndSamples fig3a = LatentViews.priorMeansAndSamples(recorder, 10, 0);

    assertThat(priorSeeds).containsExactly(0L, LatentViews.meansAndSamplesSeed(0));
    assertThat(fig2e).isDeepEqualTo(fill(decoded.get(0), 0));
    assertThat(decoded.get(0)).hasNumberOfRows(20);
    assertThat(decoded.get(1)).hasNumberOfRows(10);
    for (int i = 0; i < 10; i++)
      for (int j = 0; j < 20; j++) assertThat(decoded.get(1)[i]).as("3(a) column %d against 2(e) sample %d", i, j).isNotEqualTo(decoded.get(0)[j]);
    assertThat(fig3a.means()).isDeepEqualTo(fill(decoded.get(1), 0));
    assertThat(fig3a.samples()).isDeepEqualTo(fill(decoded.get(1), 1));
  }

  @Test void priorMeansAndSamplesDecodesAndSamplesTheSameZWithTheSaltedSeed() {
    LatentViews.priorMeansAndSamples(recorder, 10, 42);

    assertThat(LatentViews.meansAndSamplesSeed(42)).isEqualTo(42 ^ LatentViews.MEANS_AND_SAMPLES_SEED_SALT).isNotEqualTo(42);
    assertThat(LatentViews.MEANS_AND_SAMPLES_SEED_SALT).as("the seed of figure 3(a) since it was first drawn").isEqualTo(0x3A5EED3A5EED3A5EL);
    assertThat(priorSeeds).containsExactly(LatentViews.meansAndSamplesSeed(42));
    assertThat(imageSeeds).containsExactly(LatentViews.meansAndSamplesSeed(42));
    assertThat(sampled.get(0)).isSameAs(decoded.get(0));
  }

  @Test void priorMeansDrawsWithTheGivenSeed() {
    LatentViews.priorMeans(recorder, 20, 7);

    assertThat(priorSeeds).containsExactly(7L);
  }
}
