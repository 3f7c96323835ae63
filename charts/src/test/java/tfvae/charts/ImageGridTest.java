package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageGridTest {
  @TempDir Path dir;

  static float[][] constantTiles(int count, int pixels, float... levels) {
    float[][] tiles = new float[count][pixels];
    for (int i = 0; i < count; i++) Arrays.fill(tiles[i], levels[i]);
    return tiles;
  }

  /** Gray level (0..255) of the red channel at the centre of tile (r, c), given the tile block's bounds. */
  static int grayAtTileCentre(BufferedImage img, Rectangle2D block, int rows, int cols, int r, int c) {
    int x = (int) (block.getX() + (c + 0.5) * block.getWidth() / cols);
    int y = (int) (block.getY() + (r + 0.5) * block.getHeight() / rows);
    int rgb = img.getRGB(x, y);
    assertThat((rgb >> 16) & 0xff).as("gray pixel").isEqualTo((rgb >> 8) & 0xff).isEqualTo(rgb & 0xff);
    return (rgb >> 16) & 0xff;
  }

  @Test
  void savedPngHasRequestedSizeAndEachTileCentreHasItsFixedScaleGrayLevel() throws Exception {
    float[] levels = {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f};
    GrayTiles tiles = ImageGrid.dataset(constantTiles(6, 28 * 28, levels), 2, 3, 28, 28);
    JFreeChart chart = ImageGrid.chart(tiles, "Six grays", List.of("a", "b"), List.of("x", "y", "z"));
    var info = new ChartRenderingInfo();
    Figures.image(chart, 400, 300, info); // same layout as the saved file, which is drawn the same way
    Path png = dir.resolve("grid.png");
    Figures.savePng(chart, png, 400, 300);

    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(400);
    assertThat(img.getHeight()).isEqualTo(300);
    Rectangle2D block = info.getPlotInfo().getDataArea();
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        // tolerance 1: 255 * level is rounded to a whole gray level
        assertThat(grayAtTileCentre(img, block, 2, 3, r, c)).as("tile (%d, %d)", r, c)
            .isCloseTo(Math.round(255 * levels[r * 3 + c]), within(1));
      }
    }
  }

  @Test
  void midGrayTileIsNotAutoScaledToWhite() {
    GrayTiles tiles = ImageGrid.dataset(constantTiles(1, 16, 0.5f), 1, 1, 4, 4);
    var info = new ChartRenderingInfo();
    BufferedImage img = Figures.image(ImageGrid.chart(tiles, null), 120, 100, info);
    assertThat(grayAtTileCentre(img, info.getPlotInfo().getDataArea(), 1, 1, 0, 0)).isCloseTo(128, within(1));
  }

  @Test
  void valuesOutsideZeroOneAreClampedNotRejected() {
    GrayTiles tiles = ImageGrid.dataset(new float[][] {{-3f, 0.25f, 7f, Float.POSITIVE_INFINITY}}, 1, 1, 2, 2);
    assertThat(tiles.gray(0, 0, 0, 0)).isEqualTo(0f);
    assertThat(tiles.gray(0, 0, 0, 1)).isEqualTo(0.25f);
    assertThat(tiles.gray(0, 0, 1, 0)).isEqualTo(1f);
    assertThat(tiles.gray(0, 0, 1, 1)).isEqualTo(1f);
  }

  @Test
  void datasetCopiesItsInput() {
    float[][] raw = {{0.1f, 0.2f, 0.3f, 0.4f}};
    GrayTiles tiles = ImageGrid.dataset(raw, 1, 1);
    raw[0][0] = 0.9f;
    assertThat(tiles.gray(0, 0, 0, 0)).isEqualTo(0.1f);
    assertThat(tiles.height()).isEqualTo(2);
    assertThat(tiles.width()).isEqualTo(2);
  }

  @Test
  void tileImageHasWholeScreenPixelsPerImagePixelAndBlueGaps() {
    GrayTiles tiles = ImageGrid.dataset(constantTiles(2, 4, 0f, 1f), 1, 2, 2, 2);
    BufferedImage img = ImageGrid.image(tiles, 3);
    assertThat(img.getWidth()).isEqualTo(2 * 2 * 3 + ImageGrid.GAP_PIXELS);
    assertThat(img.getHeight()).isEqualTo(2 * 3);
    assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0x000000);
    assertThat(img.getRGB(6, 0) & 0xffffff).isEqualTo(ImageGrid.SEPARATOR.getRGB() & 0xffffff);
    assertThat(img.getRGB(6 + ImageGrid.GAP_PIXELS, 5) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void svgEmbedsTheTilesAsOneImageNotOneRectanglePerPixel() throws Exception {
    float[][] noise = new float[20][784];
    var rnd = new java.util.Random(0);
    for (float[] t : noise) for (int p = 0; p < t.length; p++) t[p] = rnd.nextFloat();
    Path svg = dir.resolve("grid.svg");
    Figures.saveSvg(ImageGrid.chart(ImageGrid.dataset(noise, 4, 5), "noise"), svg, 500, 420);
    String text = java.nio.file.Files.readString(svg);
    assertThat(text.split("<image", -1)).hasSize(2);
    assertThat(text).contains("data:image/png;base64,");
    assertThat(text.split("<rect", -1).length).isLessThan(20);
  }

  static Stream<Arguments> badInputs() {
    float[][] nineteen = new float[19][784];
    float[][] shortTile = new float[20][784];
    shortTile[3] = new float[783];
    float[][] nan = new float[20][784];
    nan[2][17] = Float.NaN;
    return Stream.of(
        arguments((ThrowingCallable) () -> ImageGrid.dataset(nineteen, 4, 5, 28, 28),
            "tiles has 19 images but rows x cols = 20"),
        arguments((ThrowingCallable) () -> ImageGrid.dataset(shortTile, 4, 5, 28, 28),
            "tiles[3] has 783 pixels but height x width = 784"),
        arguments((ThrowingCallable) () -> ImageGrid.dataset(nan, 4, 5, 28, 28), "tiles[2][17] is NaN"),
        arguments((ThrowingCallable) () -> ImageGrid.dataset(new float[20][784], 0, 5, 28, 28),
            "rows must be positive, got 0"),
        arguments((ThrowingCallable) () -> ImageGrid.dataset(new float[][] {new float[10]}, 1, 1),
            "tiles[0] must have a square number of pixels, got 10"),
        arguments((ThrowingCallable) () -> ImageGrid.chart(ImageGrid.dataset(new float[20][784], 4, 5), null,
            List.of("a", "b"), List.of()), "rowCaptions has 2 entries but rows = 4"),
        arguments((ThrowingCallable) () -> ImageGrid.chart(ImageGrid.dataset(new float[20][784], 4, 5), null,
            List.of(), List.of("a")), "columnCaptions has 1 entries but cols = 5"),
        arguments((ThrowingCallable) () -> ImageGrid.image(ImageGrid.dataset(new float[20][784], 4, 5), 0),
            "scale must be positive, got 0"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
