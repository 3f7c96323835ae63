package tfvae.charts;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/**
 * A scatter of 2-D latent codes coloured by class label 0 to 9, with a legend: one series per class, each with its
 * {@link Palette} colour and marker shape, drawn as small translucent dots so that ten thousand points still show
 * the clusters' shapes. Axes are labelled "z1" and "z2".
 *
 * <pre>{@code
 * XYSeriesCollection points = LatentScatter.dataset(model.encode(test).mean(), test.labels());
 * Figures.save(LatentScatter.chart(points, "Latent means of the test set"), Path.of("figures/latent"), 800, 700);
 * }</pre>
 */
public final class LatentScatter {
  /** Number of classes, and of series in every dataset: the labels 0 to 9. */
  public static final int CLASSES = 10;
  /** Marker width in pixels. */
  public static final double DOT_SIZE = 3.0;

  private LatentScatter() {}

  /**
   * Step 1: one series per class, keyed "0" to "9" in that order (empty series for absent classes), points in
   * input order.
   *
   * @param z the points, n x 2, finite
   * @param labels the class of each point, length n, each in [0, 9]
   * @return ten series
   * @throws IllegalArgumentException if the lengths differ ({@code "labels has 9 entries but z has 10 points"}), a
   *     row of {@code z} does not have 2 entries ({@code "z[4] must have 2 coordinates, got 3"}), a coordinate is
   *     not finite ({@code "z[4][1] must be finite, got NaN"}) or a label is out of range
   *     ({@code "labels[7] must be in [0, 9], got 10"})
   */
  public static XYSeriesCollection dataset(float[][] z, int[] labels) {
    Check.notNull("z", z);
    Check.notNull("labels", labels);
    if (labels.length != z.length) {
      throw new IllegalArgumentException("labels has " + labels.length + " entries but z has " + z.length + " points");
    }
    var series = new XYSeries[CLASSES];
    for (int k = 0; k < CLASSES; k++) series[k] = new XYSeries(Integer.toString(k), false, true);
    for (int i = 0; i < z.length; i++) {
      float[] p = z[i];
      if (p == null || p.length != 2) {
        throw new IllegalArgumentException("z[" + i + "] must have 2 coordinates, got " + (p == null ? "null" : p.length));
      }
      Check.finite("z[" + i + "][0]", p[0]);
      Check.finite("z[" + i + "][1]", p[1]);
      int k = labels[i];
      if (k < 0 || k >= CLASSES) {
        throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + (CLASSES - 1) + "], got " + k);
      }
      series[k].add(p[0], p[1], false);
    }
    var dataset = new XYSeriesCollection();
    for (XYSeries s : series) dataset.addSeries(s);
    return dataset;
  }

  /**
   * Step 2: the scatter, with the legend on the right.
   *
   * @param dataset the points, series index = class label (as {@link #dataset} makes them)
   * @param title the title; null or empty for none
   * @return the chart
   */
  public static JFreeChart chart(XYSeriesCollection dataset, @Nullable String title) { return chart(dataset, title, "z1", "z2"); }

  /**
   * Step 2 with other axis names (for a projection of a latent above 2).
   *
   * @param dataset the points, series index = class label
   * @param title the title; null or empty for none
   * @param xLabel the horizontal axis' label
   * @param yLabel the vertical axis' label
   * @return the chart
   */
  public static JFreeChart chart(XYSeriesCollection dataset, @Nullable String title, String xLabel, String yLabel) {
    Check.notNull("dataset", dataset);
    var x = new NumberAxis(xLabel);
    var y = new NumberAxis(yLabel);
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    var renderer = new XYLineAndShapeRenderer(false, true);
    for (int k = 0; k < dataset.getSeriesCount(); k++) {
      Color c = Palette.color(k);
      renderer.setSeriesPaint(k, new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
      renderer.setSeriesShape(k, Palette.shape(k, DOT_SIZE));
      renderer.setLegendShape(k, Palette.shape(k, 9));
    }
    renderer.setDefaultShapesFilled(true);
    renderer.setDrawOutlines(false);
    var plot = new XYPlot(dataset, x, y, renderer);
    var chart = new JFreeChart(Palette.emptyToNull(title), Palette.TITLE_FONT, plot, true);
    Palette.style(chart, plot);
    var legend = chart.getLegend();
    if (legend != null) legend.setPosition(RectangleEdge.RIGHT);
    return chart;
  }
}
