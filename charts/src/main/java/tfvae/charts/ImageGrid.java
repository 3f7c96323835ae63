package tfvae.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.ui.RectangleInsets;
import org.jspecify.annotations.Nullable;

/**
 * A grid of grayscale images (digits, reconstructions, decoder samples) with optional row captions on the left,
 * column captions on top and a title. Gray levels use one fixed scale for every tile, 0 = black to 1 = white, so a
 * mid-gray tile stays mid-gray. The tiles are drawn as one image, at the largest whole number of screen pixels per
 * image pixel that fits, with {@value #GAP_PIXELS}-pixel {@link #SEPARATOR} gaps between tiles; the grid keeps its
 * aspect ratio and is centred.
 *
 * <pre>{@code
 * GrayTiles tiles = ImageGrid.dataset(images, 2, 10, 28, 28);
 * JFreeChart chart = ImageGrid.chart(tiles, "Reconstructions", List.of("input", "output"), List.of());
 * Figures.save(chart, Path.of("figures/recon"), 900, 240);
 * }</pre>
 */
public final class ImageGrid {
  /** Width of the gap between neighbouring tiles, in screen pixels. */
  public static final int GAP_PIXELS = 2;
  /** Colour of the gaps between tiles: a blue that cannot be read as a gray level. */
  public static final Color SEPARATOR = new Color(0x6f94c4);

  private ImageGrid() {}

  /**
   * Step 1: checks and copies the tiles; values outside [0, 1] are clamped.
   *
   * @param tiles {@code rows * cols} images in row-major tile order, each {@code height * width} gray levels in
   *     row-major pixel order
   * @param rows tile rows, at least 1
   * @param cols tile columns, at least 1
   * @param height pixel rows per tile, at least 1
   * @param width pixel columns per tile, at least 1
   * @return the dataset
   * @throws IllegalArgumentException if a count is not positive, {@code tiles.length != rows * cols}
   *     ({@code "tiles has 19 images but rows x cols = 20"}), a tile has the wrong length
   *     ({@code "tiles[3] has 783 pixels but height x width = 784"}), or a pixel is NaN
   *     ({@code "tiles[2][17] is NaN"})
   */
  public static GrayTiles dataset(float[][] tiles, int rows, int cols, int height, int width) {
    return GrayTiles.of(tiles, rows, cols, height, width);
  }

  /**
   * Step 1 for square tiles: like {@link #dataset(float[][], int, int, int, int)} with the side taken from the
   * first tile's length (784 gives 28 x 28).
   *
   * @param tiles {@code rows * cols} square images, row-major
   * @param rows tile rows, at least 1
   * @param cols tile columns, at least 1
   * @return the dataset
   * @throws IllegalArgumentException as the general form, or if the first tile's length is not a square number
   */
  public static GrayTiles dataset(float[][] tiles, int rows, int cols) {
    Check.notNull("tiles", tiles);
    int n = tiles.length == 0 || tiles[0] == null ? 0 : tiles[0].length;
    int side = (int) Math.round(Math.sqrt(n));
    if (side * side != n || n == 0) {
      throw new IllegalArgumentException("tiles[0] must have a square number of pixels, got " + n);
    }
    return GrayTiles.of(tiles, rows, cols, side, side);
  }

  /**
   * Step 2: the chart, with no legend.
   *
   * @param tiles the dataset
   * @param title the title above the grid; null or empty for none
   * @param rowCaptions one caption per tile row, drawn left of the row; empty for none
   * @param columnCaptions one caption per tile column, drawn above it; empty for none
   * @return the chart; its plot is not an {@code XYPlot}
   * @throws IllegalArgumentException if a non-empty caption list does not have one entry per row or column
   */
  public static JFreeChart chart(GrayTiles tiles, @Nullable String title, List<String> rowCaptions,
      List<String> columnCaptions) {
    Check.notNull("tiles", tiles);
    List<String> rc = List.copyOf(Check.notNull("rowCaptions", rowCaptions));
    List<String> cc = List.copyOf(Check.notNull("columnCaptions", columnCaptions));
    if (!rc.isEmpty() && rc.size() != tiles.rows()) {
      throw new IllegalArgumentException("rowCaptions has " + rc.size() + " entries but rows = " + tiles.rows());
    }
    if (!cc.isEmpty() && cc.size() != tiles.cols()) {
      throw new IllegalArgumentException("columnCaptions has " + cc.size() + " entries but cols = " + tiles.cols());
    }
    var chart = new JFreeChart(Palette.emptyToNull(title), Palette.TITLE_FONT, new TilePlot(tiles, rc, cc), false);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * Step 2 with no captions.
   *
   * @param tiles the dataset
   * @param title the title; null or empty for none
   * @return the chart
   */
  public static JFreeChart chart(GrayTiles tiles, @Nullable String title) {
    return chart(tiles, title, List.of(), List.of());
  }

  /**
   * The tiles at {@code scale} screen pixels per image pixel with {@link #GAP_PIXELS} gaps, as an RGB image.
   *
   * @param tiles the dataset
   * @param scale screen pixels per image pixel, at least 1
   * @return an image of {@code cols * width * scale + (cols - 1) * GAP_PIXELS} by the matching height
   * @throws IllegalArgumentException if {@code scale} is not positive
   */
  public static BufferedImage image(GrayTiles tiles, int scale) {
    Check.positive("scale", scale);
    int tw = tiles.width() * scale;
    int th = tiles.height() * scale;
    int w = tiles.cols() * tw + (tiles.cols() - 1) * GAP_PIXELS;
    int h = tiles.rows() * th + (tiles.rows() - 1) * GAP_PIXELS;
    var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int sep = SEPARATOR.getRGB();
    int[] line = new int[w];
    for (int py = 0; py < h; py++) {
      java.util.Arrays.fill(line, sep);
      int r = py / (th + GAP_PIXELS);
      int yIn = py - r * (th + GAP_PIXELS);
      if (yIn < th) {
        for (int c = 0; c < tiles.cols(); c++) {
          int x0 = c * (tw + GAP_PIXELS);
          for (int px = 0; px < tw; px++) {
            int g = Math.round(tiles.gray(r, c, yIn / scale, px / scale) * 255f);
            line[x0 + px] = 0xff000000 | g << 16 | g << 8 | g;
          }
        }
      }
      img.setRGB(0, py, w, 1, line, 0, w);
    }
    return img;
  }

  /** Lays out captions and the tile image inside the plot area; the data area it reports is the tile block. */
  static final class TilePlot extends Plot {
    private static final long serialVersionUID = 1L;
    private static final int PAD = 6;
    private final GrayTiles tiles;
    private final List<String> rowCaptions;
    private final List<String> columnCaptions;

    TilePlot(GrayTiles tiles, List<String> rowCaptions, List<String> columnCaptions) {
      this.tiles = tiles;
      this.rowCaptions = rowCaptions;
      this.columnCaptions = columnCaptions;
      setBackgroundPaint(Color.WHITE);
      setOutlineVisible(false);
      setInsets(new RectangleInsets(4, 4, 4, 4));
    }

    GrayTiles tiles() { return tiles; }

    List<String> rowCaptions() { return rowCaptions; }

    List<String> colCaptions() { return columnCaptions; }

    @Override
    public String getPlotType() { return "Image grid"; }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, @Nullable Point2D anchor, @Nullable PlotState parentState,
        @Nullable PlotRenderingInfo info) {
      if (info != null) info.setPlotArea(area);
      Rectangle2D inner = (Rectangle2D) area.clone();
      getInsets().trim(inner);
      drawBackground(g2, inner);
      Font font = Palette.LABEL_FONT;
      FontMetrics fm = g2.getFontMetrics(font);
      int left = 0;
      for (String s : rowCaptions) left = Math.max(left, fm.stringWidth(s) + PAD);
      int top = columnCaptions.isEmpty() ? 0 : fm.getAscent() + fm.getDescent() + PAD;

      int cols = tiles.cols();
      int rows = tiles.rows();
      double fitW = (inner.getWidth() - left - (cols - 1) * GAP_PIXELS) / (cols * (double) tiles.width());
      double fitH = (inner.getHeight() - top - (rows - 1) * GAP_PIXELS) / (rows * (double) tiles.height());
      double fit = Math.min(fitW, fitH);
      if (!(fit > 0)) return; // no room at all
      int scale = Math.max(1, (int) Math.floor(fit));
      BufferedImage img = image(tiles, scale);
      double shrink = fit < 1 ? fit : 1; // only when even one screen pixel per image pixel does not fit
      double w = img.getWidth() * shrink;
      double h = img.getHeight() * shrink;
      int x0 = (int) Math.round(inner.getX() + (inner.getWidth() - left - w) / 2 + left);
      int y0 = (int) Math.round(inner.getY() + (inner.getHeight() - top - h) / 2 + top);

      Object interpolation = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
      g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      if (shrink == 1) {
        g2.drawImage(img, x0, y0, null);
      } else {
        g2.drawImage(img, x0, y0, (int) Math.round(w), (int) Math.round(h), null);
      }
      if (interpolation != null) g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      if (info != null) info.setDataArea(new Rectangle2D.Double(x0, y0, w, h));

      g2.setFont(font);
      g2.setPaint(Color.BLACK);
      double pitchX = (w + GAP_PIXELS * shrink) / cols;
      double pitchY = (h + GAP_PIXELS * shrink) / rows;
      for (int c = 0; c < columnCaptions.size(); c++) {
        String s = columnCaptions.get(c);
        float cx = (float) (x0 + c * pitchX + (pitchX - GAP_PIXELS * shrink) / 2);
        g2.drawString(s, cx - fm.stringWidth(s) / 2f, y0 - PAD / 2f - fm.getDescent());
      }
      for (int r = 0; r < rowCaptions.size(); r++) {
        String s = rowCaptions.get(r);
        float cy = (float) (y0 + r * pitchY + (pitchY - GAP_PIXELS * shrink) / 2);
        g2.drawString(s, x0 - PAD / 2f - fm.stringWidth(s), cy + (fm.getAscent() - fm.getDescent()) / 2f);
      }
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof TilePlot p && tiles.equals(p.tiles) && rowCaptions.equals(p.rowCaptions)
          && columnCaptions.equals(p.columnCaptions) && super.equals(o);
    }

    @Override
    public int hashCode() { return Objects.hash(tiles, rowCaptions, columnCaptions); }
  }
}
