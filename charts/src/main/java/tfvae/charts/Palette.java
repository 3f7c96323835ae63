package tfvae.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jspecify.annotations.Nullable;

/**
 * The fixed colours, marker shapes and dash patterns shared by every figure, so a class or a series looks the same
 * in each one: ten colours (matplotlib's "tab10") told apart in colour, and ten shapes and ten dash patterns told
 * apart in grayscale.
 */
public final class Palette {
  /** The ten class colours, for labels 0 to 9: tab10 (blue, orange, green, red, purple, brown, pink, gray, olive, cyan). */
  public static final List<Color> COLORS = List.of(
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf));

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Color GRID = new Color(0xdddddd);

  private Palette() {}

  /**
   * @param index a class label or series index, any non-negative int (wraps around after 9)
   * @return the colour for that index
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static Color color(int index) {
    return COLORS.get(nonNegative(index) % COLORS.size());
  }

  /**
   * A marker centred on the origin: circle, square, triangle up, diamond, triangle down, plus, cross, star, bar,
   * hourglass, for indices 0 to 9 (wrapping around after 9).
   *
   * @param index a class label or series index, non-negative
   * @param size the marker's width in pixels, positive
   * @return the marker outline
   * @throws IllegalArgumentException if {@code index} is negative or {@code size} is not positive and finite
   */
  public static Shape shape(int index, double size) {
    nonNegative(index);
    if (!(size > 0) || Double.isInfinite(size)) throw new IllegalArgumentException("size must be positive, got " + size);
    double r = size / 2;
    double t = r / 3; // half-thickness of the bar-like markers
    return switch (index % 10) {
      case 0 -> new Ellipse2D.Double(-r, -r, size, size);
      case 1 -> new Rectangle2D.Double(-r * 0.85, -r * 0.85, size * 0.85, size * 0.85);
      case 2 -> polygon(0, -r, r, r, -r, r);
      case 3 -> polygon(0, -r, r, 0, 0, r, -r, 0);
      case 4 -> polygon(-r, -r, r, -r, 0, r);
      case 5 -> polygon(-t, -r, t, -r, t, -t, r, -t, r, t, t, t, t, r, -t, r, -t, t, -r, t, -r, -t, -t, -t);
      case 6 -> polygon(-r, -r + t, -r + t, -r, 0, -t, r - t, -r, r, -r + t, t, 0, r, r - t, r - t, r, 0, t,
          -r + t, r, -r, r - t, -t, 0);
      case 7 -> star(r);
      case 8 -> new Rectangle2D.Double(-r, -t, size, 2 * t);
      default -> polygon(-r, -r, r, -r, -r, r, r, r);
    };
  }

  /**
   * A dash pattern for contour or curve index {@code index}: solid, dashed, dotted, dash-dot, ... (wrapping around).
   *
   * @param index a series index, non-negative
   * @param width line width in pixels, positive
   * @return the stroke
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static Stroke stroke(int index, float width) {
    nonNegative(index);
    float w = Math.max(width, 0.5f);
    float[][] dashes = {null, {6, 3}, {1.5f, 2.5f}, {6, 2.5f, 1.5f, 2.5f}, {10, 4}, {3, 3}, {10, 3, 3, 3, 3, 3}};
    float[] dash = dashes[index % dashes.length];
    if (dash == null) return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
    float[] scaled = new float[dash.length];
    for (int i = 0; i < dash.length; i++) scaled[i] = dash[i] * w;
    return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, scaled, 0f);
  }

  /** White backgrounds, light gray grid lines, our fonts; shared by every XY figure. */
  static void style(JFreeChart chart, XYPlot plot) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    TextTitle title = chart.getTitle();
    if (title != null) title.setFont(TITLE_FONT);
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LABEL_FONT);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.getDomainAxis().setLabelFont(LABEL_FONT);
    plot.getRangeAxis().setLabelFont(LABEL_FONT);
  }

  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static int nonNegative(int index) {
    if (index < 0) throw new IllegalArgumentException("index must be non-negative, got " + index);
    return index;
  }

  private static Shape polygon(double... xy) {
    var p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
    p.closePath();
    return p;
  }

  private static Shape star(double r) {
    double[] xy = new double[20];
    for (int k = 0; k < 10; k++) {
      double a = -Math.PI / 2 + k * Math.PI / 5;
      double rr = k % 2 == 0 ? r : r * 0.45;
      xy[2 * k] = rr * Math.cos(a);
      xy[2 * k + 1] = rr * Math.sin(a);
    }
    return polygon(xy);
  }
}
