package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tfvae.LatentViews;
import tfvae.Likelihood;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * {@link VaeFigures} and {@link ConditionalFigures} draw the arrays they are given: each tile read back from the
 * chart ({@code TilePlot.tiles()}) is the array it was given, in the place the figure's layout says. The library's
 * computations behind them are tested in api ({@code LatentViewsTest}).
 */
class VaeFiguresTest {
  static final Path FIXTURE = Path.of("..", "api", "src", "test", "resources", "mnist-fixture");
  static Images train;

  @BeforeAll static void load() { train = DataSplit.assignment(FIXTURE, 500, 500).binarize().train(); }

  static GrayTiles tiles(Figure f) { return ((ImageGrid.TilePlot) f.chart().getPlot()).tiles(); }

  static float[] tile(GrayTiles t, int row, int col) {
    float[] out = new float[t.height() * t.width()];
    for (int y = 0; y < t.height(); y++) for (int x = 0; x < t.width(); x++) out[y * t.width() + x] = t.gray(row, col, y, x);
    return out;
  }

  /** n distinct 28 x 28 images of values in [0, 1], by seed. */
  static float[][] images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] out = new float[n][784];
    for (float[] x : out) for (int d = 0; d < 784; d++) x[d] = (float) r.nextDouble();
    return out;
  }

  /** Row r is [x_b, the decoded means in order, x_a]; the columns are captioned with alpha; rows with b -> a. */
  @Test void theInterpolationShowsEachRowsDecodedMeansBetweenItsOriginals() {
    int[][] pairs = {{3, 7}, {10, 2}};
    float[][][] decoded = {images(4, 1), images(4, 2)};
    GrayTiles t = tiles(VaeFigures.interpolation(train, pairs, decoded));
    assertThat(t.rows()).isEqualTo(2);
    assertThat(t.cols()).isEqualTo(6);
    for (int r = 0; r < 2; r++) {
      assertThat(tile(t, r, 0)).as("row %d: original b on the left", r).containsExactly(train.image(pairs[r][1]));
      for (int k = 0; k < 4; k++) assertThat(tile(t, r, k + 1)).as("row %d, point %d", r, k).containsExactly(decoded[r][k]);
      assertThat(tile(t, r, 5)).as("row %d: original a on the right", r).containsExactly(train.image(pairs[r][0]));
    }
    assertThatThrownBy(() -> VaeFigures.interpolation(train, pairs, new float[][][] {images(4, 1)}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("interpolation needs one row of decoded means per pair, got 1 rows for 2 pairs");
  }

  /** Row r is [original, the one-draw completion, the predictive-mean completion]. */
  @Test void theCompletionsShowTheOriginalAndItsTwoCompletions() {
    int[] idx = {4, 9, 1};
    float[][][] done = {images(2, 3), images(2, 4), images(2, 5)};
    GrayTiles t = tiles(VaeFigures.completions(train, idx, done, 1000));
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.cols()).isEqualTo(3);
    for (int r = 0; r < 3; r++) {
      assertThat(tile(t, r, 0)).containsExactly(train.image(idx[r]));
      assertThat(tile(t, r, 1)).containsExactly(done[r][0]);
      assertThat(tile(t, r, 2)).containsExactly(done[r][1]);
    }
    assertThatThrownBy(() -> VaeFigures.completions(train, idx, new float[][][] {images(2, 3)}, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("completed has 1 rows for 3 images; pass one per image");
  }

  /** 2(e): the means in rows of 10, padded blank; 3(a): means on top, samples below; the titles name the likelihood. */
  @Test void thePriorFiguresTileTheirMeansAndSamples() {
    float[][] means = images(15, 6);
    Figure f = VaeFigures.priorSamples(means, Likelihood.BERNOULLI);
    GrayTiles t = tiles(f);
    assertThat(t.rows()).isEqualTo(2);
    assertThat(t.cols()).isEqualTo(10);
    for (int i = 0; i < 15; i++) assertThat(tile(t, i / 10, i % 10)).as("sample %d", i).containsExactly(means[i]);
    assertThat(tile(t, 1, 7)).containsOnly(0f);
    assertThat(f.chart().getTitle().getText()).isEqualTo("15 samples from the prior: Bernoulli means of p(x|z), z ~ N(0, I)");

    float[][] samples = images(10, 7);
    Figure g = VaeFigures.priorSamplesAndBinary(new LatentViews.MeansAndSamples(images(10, 8), samples), Likelihood.GAUSSIAN);
    GrayTiles u = tiles(g);
    assertThat(u.rows()).isEqualTo(2);
    for (int i = 0; i < 10; i++) {
      assertThat(tile(u, 0, i)).containsExactly(images(10, 8)[i]);
      assertThat(tile(u, 1, i)).containsExactly(samples[i]);
    }
    assertThat(g.chart().getTitle().getText()).isEqualTo("z ~ N(0, I): Gaussian means (top) and a sample x ~ p(x|z) (bottom)");
  }

  /** One row per class of perClass tiles, in the order given; a count that is not a whole number of rows is refused. */
  @Test void theConditionalFiguresShowOneRowPerClass() {
    float[][] means = images(12, 9);
    GrayTiles t = tiles(ConditionalFigures.samples(means, 4, Likelihood.BERNOULLI));
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.cols()).isEqualTo(4);
    for (int i = 0; i < 12; i++) assertThat(tile(t, i / 4, i % 4)).containsExactly(means[i]);
    assertThat(tiles(ConditionalFigures.styles(means, 6, Likelihood.BERNOULLI)).rows()).isEqualTo(2);
    assertThatThrownBy(() -> ConditionalFigures.styles(means, 5, Likelihood.BERNOULLI)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fig-conditional-styles needs a whole number of rows of 5 means, got 12 means");
  }

  @Test void theLatentSpaceNeedsOneLabelPerMean() {
    float[][] mean = {{0, 1}, {1, 0}};
    assertThat(VaeFigures.latentSpace(mean, new int[] {3, 4}).name()).isEqualTo("fig-3b-latent-space");
    assertThatThrownBy(() -> VaeFigures.latentSpace(mean, new int[] {3})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latentSpace needs one label per mean, got 1 labels for 2 means");
  }

}
