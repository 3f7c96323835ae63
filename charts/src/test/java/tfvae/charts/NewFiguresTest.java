package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.GridPosterior;
import tfvae.LatentViews;
import tfvae.TrainedVae;
import tfvae.data.DataSplit;

/** fig-3d-manifold and fig-4b-svi.gif: their values against plain-Java computations, the GIF read back with ImageIO. */
class NewFiguresTest {
  @TempDir Path dir;

  // ---- fig-3d-manifold ----

  /** Tile (r, c) is mean r * n + c of the grid; row captions are z2 decreasing downwards, column captions z1. */
  @Test void theManifoldTilesAreTheGridsMeansWithTheirZAsCaptions() {
    double[] axis = {-1.5, -0.5, 0.25, 1.5};
    float[][] means = VaeFiguresTest.images(16, 12);
    Figure f = VaeFigures.manifold(new LatentViews.Manifold(axis, means));
    assertThat(f.name()).isEqualTo("fig-3d-manifold");
    ImageGrid.TilePlot plot = (ImageGrid.TilePlot) f.chart().getPlot();
    GrayTiles tiles = plot.tiles();
    assertThat(tiles.rows()).isEqualTo(4);
    assertThat(tiles.cols()).isEqualTo(4);
    for (int r = 0; r < 4; r++)
      for (int c = 0; c < 4; c++) assertThat(VaeFiguresTest.tile(tiles, r, c)).as("tile (%d, %d)", r, c).containsExactly(means[r * 4 + c]);
    assertThat(plot.rowCaptions()).containsExactly("1.50", "0.25", "-0.50", "-1.50");
    assertThat(plot.colCaptions()).containsExactly("-1.50", "-0.50", "0.25", "1.50");
    assertThat(f.chart().getSubtitles()).extracting(t -> ((TextTitle) t).getText()).contains("z1 (columns) \u2192", "z2 (rows) \u2192");
    assertThatThrownBy(() -> VaeFigures.manifold(new LatentViews.Manifold(axis, VaeFiguresTest.images(15, 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the grid has 15 means for 4 axis points; it needs 16");
  }

  // ---- fig-4b-svi.gif ----

  /** A posterior N((-1, 0.5), diag(0.3, 0.2)^2) on a grid, and q = N((-0.9, 0.45), diag(0.28, 0.25)^2) tabulated beside it. */
  static final float[] Q_MEAN = {-0.9f, 0.45f}, Q_LOG_STD = {(float) Math.log(0.28), (float) Math.log(0.25)};

  static GridPosterior posterior() {
    double[] xs = Contours.linspace(-2.5, 0.5, 61), ys = Contours.linspace(-0.5, 1.5, 51);
    double[][] lp = new double[ys.length][xs.length], lq = new double[ys.length][xs.length];
    float[] pm = {-1f, 0.5f}, ps = {(float) Math.log(0.3), (float) Math.log(0.2)};
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) {
        lp[j][i] = PosteriorContours.logDiagGaussian(xs[i], ys[j], pm, ps);
        lq[j][i] = PosteriorContours.logDiagGaussian(xs[i], ys[j], Q_MEAN, Q_LOG_STD);
      }
    return new GridPosterior(xs, ys, lp, -50, 0, 1e-3, lq);
  }

  /** q moving in a straight line from the prior to Q_MEAN, shrinking from logStd 0, over 200 iterations, recorded every 10th. */
  static List<SviPath.Step> path() {
    SviPath path = SviPath.every(10);
    for (int i = 0; i <= 200; i++) {
      double t = i / 200.0;
      path.iteration(i, new float[] {(float) (t * Q_MEAN[0]), (float) (t * Q_MEAN[1])},
          new float[] {(float) (t * Q_LOG_STD[0]), (float) (t * Q_LOG_STD[1])}, -100 + 10 * t);
    }
    return path.steps();
  }

  @Test void theAnimationHasAFrameEveryTenthIterationAndEndsWithFig4bContours() {
    GridPosterior exact = posterior();
    List<SviPath.Step> steps = path();
    assertThat(steps).extracting(SviPath.Step::iteration).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
        130, 140, 150, 160, 170, 180, 190, 200);
    Animation a = VaeFigures.sviAnimation(exact, "a test", steps);
    assertThat(a.name()).isEqualTo("fig-4b-svi");
    assertThat(a.frames()).hasSize(21);
    assertThat(a.delays()).startsWith(10, 10).endsWith(200); // 10 frames a second; the fit held for 2 s

    JFreeChart last = a.frames().get(20), contours = VaeFigures.posteriorContours(exact, "a test").chart();
    XYPlot lp = last.getXYPlot(), cp = contours.getXYPlot();
    assertThat(lp.getDataset()).as("the last frame's lines are fig-4b-contours' lines").isEqualTo(cp.getDataset());
    assertThat(lp.getDomainAxis().getRange()).isEqualTo(cp.getDomainAxis().getRange());
    assertThat(lp.getRangeAxis().getRange()).isEqualTo(cp.getRangeAxis().getRange());
    assertThat(last.getTitle().getText()).isEqualTo(contours.getTitle().getText());
    assertThat(subtitle(last)).isEqualTo("SVI iteration 200 of 200: ELBO -90.00 nats (the fit)");
    assertThat(subtitle(a.frames().get(0))).isEqualTo("SVI iteration 0 of 200: ELBO -100.00 nats (q = the prior)");
    assertThat(subtitle(a.frames().get(7))).isEqualTo("SVI iteration 70 of 200: ELBO -96.50 nats");

    // the exact posterior's lines are the same in every frame; q's move
    int pSeries = 5; // one series per level: the first five are p's
    for (JFreeChart f : a.frames())
      for (int s = 0; s < pSeries; s++) assertThat(f.getXYPlot().getDataset().getSeriesKey(s)).isEqualTo(cp.getDataset().getSeriesKey(s));
    assertThat(a.frames().get(0).getXYPlot().getDomainAxis().getLowerBound()).as("the first view takes in the prior's 3 sd")
        .isLessThanOrEqualTo(-3);
    assertThat(a.frames().get(0).getXYPlot().getDomainAxis().getUpperBound()).isGreaterThanOrEqualTo(3);
  }

  /** q's contours in a frame are the level sets of its plain-Java density: every vertex of its lines lies on one. */
  @Test void eachFramesQLinesAreItsLevelSets() {
    GridPosterior exact = posterior();
    List<SviPath.Step> steps = path();
    Animation a = VaeFigures.sviAnimation(exact, "a test", steps);
    SviPath.Step s = steps.get(12);
    var data = a.frames().get(12).getXYPlot().getDataset();
    double pMax = 1 / (2 * Math.PI * 0.3 * 0.2);
    double[] fractions = {0.05, 0.2, 0.4, 0.6, 0.8};
    int seen = 0;
    for (int k = 0; k < 5; k++) {
      int series = 5 + k;
      for (int i = 0; i < data.getItemCount(series); i++) {
        double x = data.getXValue(series, i), y = data.getYValue(series, i);
        if (Double.isNaN(x)) continue;
        double q = Math.exp(PosteriorContours.logDiagGaussian(x, y, s.mean(), s.logStd()));
        assertThat(q / (fractions[k] * pMax)).as("series %d vertex %d", series, i).isCloseTo(1, within(0.02));
        seen++;
      }
    }
    assertThat(seen).isGreaterThan(50);
  }

  @Test void theAnimationRefusesAPathThatDoesNotEndAtTheTabulatedQ() {
    List<SviPath.Step> steps = path().subList(0, 15);
    assertThatThrownBy(() -> VaeFigures.sviAnimation(posterior(), "a test", steps)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the path's last step (iteration 140) is not the q that the exact posterior tabulates; record the path of the fit"
            + " passed to exactPosterior");
  }

  /** The GIF as ImageIO reads it back: every frame, its delay, the loop extension, and the last frame's pixels. */
  @Test void theGifHoldsEveryFrameWithItsDelayAndLoopsForEver() throws Exception {
    Animation a = VaeFigures.sviAnimation(posterior(), "a test", path());
    Path gif = a.save(dir);
    assertThat(gif).isEqualTo(dir.resolve("fig-4b-svi.gif"));
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(Files.newInputStream(gif))) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(21);
      for (int k = 0; k < 21; k++) {
        var meta = reader.getImageMetadata(k);
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(meta.getNativeMetadataFormatName());
        var gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        assertThat(gce.getAttribute("delayTime")).isEqualTo(k == 20 ? "200" : "10");
        if (k == 0) {
          var app = (IIOMetadataNode) root.getElementsByTagName("ApplicationExtension").item(0);
          assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
          assertThat((byte[]) app.getUserObject()).containsExactly(1, 0, 0);
        }
      }
      // each stored frame is the rectangle that changed, at its offset: draw them in turn, as a viewer does
      BufferedImage last = new BufferedImage(a.width(), a.height(), BufferedImage.TYPE_INT_RGB);
      var g = last.createGraphics();
      for (int k = 0; k < 21; k++) {
        var meta = reader.getImageMetadata(k);
        var d = (IIOMetadataNode) ((IIOMetadataNode) meta.getAsTree(meta.getNativeMetadataFormatName()))
            .getElementsByTagName("ImageDescriptor").item(0);
        g.drawImage(reader.read(k), Integer.parseInt(d.getAttribute("imageLeftPosition")), Integer.parseInt(d.getAttribute("imageTopPosition")), null);
        if (k > 0) assertThat(reader.read(k).getHeight()).as("frame %d stores only what changed", k).isLessThan(a.height());
      }
      g.dispose();
      BufferedImage want = Figures.image(a.frames().get(20), a.width(), a.height());
      assertThat(last.getWidth()).isEqualTo(760);
      long off = 0;
      for (int y = 0; y < want.getHeight(); y++)
        for (int x = 0; x < want.getWidth(); x++) {
          int p = last.getRGB(x, y), w = want.getRGB(x, y);
          for (int sh = 0; sh <= 16; sh += 8) off = Math.max(off, Math.abs((p >> sh & 0xff) - (w >> sh & 0xff)));
        }
      assertThat(off).as("largest channel error of the palette (6 levels a channel: at most half a step of 51)").isLessThanOrEqualTo(26);
    } finally {
      reader.dispose();
    }
  }

  @Test void thePaletteKeepsWhiteBlackAndTheChartColoursClose() {
    for (int rgb : new int[] {0xffffff, 0x000000, Palette.color(0).getRGB(), Palette.color(1).getRGB(), 0x808080}) {
      BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
      one.setRGB(0, 0, rgb);
      int back = Gif.indexed(one).getRGB(0, 0);
      for (int sh = 0; sh <= 16; sh += 8) assertThat(Math.abs((back >> sh & 0xff) - (rgb >> sh & 0xff))).as("%06x", rgb & 0xffffff).isLessThanOrEqualTo(26);
    }
  }

  @Test void aPathRecordsOneFitInOrder() {
    SviPath path = SviPath.every(4);
    for (int i = 0; i <= 9; i++) path.iteration(i, new float[] {i, 0}, new float[] {0, 0}, i);
    assertThat(path.steps()).extracting(SviPath.Step::iteration).containsExactly(0, 4, 8, 9);
    assertThatThrownBy(() -> path.iteration(3, new float[2], new float[2], 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("an SviPath records one fit; this one is at iteration 9, got 3");
  }

  // ---- the explorer without a display ----

  /** The tests run headless (the build's argLine): open says, in one line with no stack trace, what is missing. */
  @Test void theExplorerWithoutADisplayFailsWithOneLineThatSaysHowToGetOne() {
    assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
    var images = tfvae.data.DataSplit.assignment(VaeFiguresTest.FIXTURE, 500, 500).binarize().train().slice(0, 50);
    TrainedVae model = (TrainedVae) java.lang.reflect.Proxy.newProxyInstance(TrainedVae.class.getClassLoader(), new Class<?>[] {TrainedVae.class},
        (proxy, method, args) -> { throw new AssertionError("the explorer needs a display before it asks the model anything, not " + method.getName()); });
    assertThatThrownBy(() -> Explorer.open(model, images)).isInstanceOf(NoDisplayException.class)
        .hasMessage(NoDisplayException.MESSAGE).satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThat(NoDisplayException.MESSAGE).doesNotContain("\n").contains("xvfb-run");
  }

  private static String subtitle(JFreeChart c) { return ((TextTitle) c.getSubtitle(c.getSubtitleCount() - 1)).getText(); }
}
