package tfvae.charts;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/**
 * Named curves y(x) on one plot with a legend, such as the train and test ELBO per epoch. Each curve gets its
 * {@link Palette} colour, dash pattern and marker; NaN y values (an epoch without a test evaluation) are left out
 * and the line joins the points either side.
 *
 * <pre>{@code
 * var curves = List.of(Curve.of("train", trainElbo), Curve.of("test", testElbo));
 * JFreeChart chart = LineChart.chart(LineChart.dataset(curves), "ELBO", "epoch", "ELBO (nats per image)");
 * }</pre>
 */
public final class LineChart {
  private LineChart() {}

  /**
   * One named curve: points (x[i], y[i]). The arrays are copied in and out.
   *
   * @param name the legend label, not empty
   * @param x the x values, finite
   * @param y the y values, finite or NaN (NaN points are skipped); same length as {@code x}
   */
  public record Curve(String name, double[] x, double[] y) {
    /**
     * Checks and copies the arrays.
     *
     * @param name the legend label, not empty
     * @param x the x values, finite
     * @param y the y values, finite or NaN; same length as {@code x}
     * @throws IllegalArgumentException if the name is empty, the lengths differ, an x is not finite or a y is
     *     infinite ({@code "y[3] of \"test\" must be finite or NaN, got Infinity"})
     */
    public Curve {
      Check.notNull("name", name);
      if (name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
      x = Check.notNull("x", x).clone();
      y = Check.notNull("y", y).clone();
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "curve \"" + name + "\" has " + x.length + " x values but " + y.length + " y values");
      }
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw new IllegalArgumentException("x[" + i + "] of \"" + name + "\" must be finite, got " + x[i]);
        }
        if (Double.isInfinite(y[i])) {
          throw new IllegalArgumentException("y[" + i + "] of \"" + name + "\" must be finite or NaN, got " + y[i]);
        }
      }
    }

    /**
     * A curve over x = 1, 2, ..., n, as for per-epoch values.
     *
     * @param name the legend label
     * @param y the values, finite or NaN
     * @return the curve
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static Curve of(String name, double[] y) {
      double[] x = new double[Check.notNull("y", y).length];
      for (int i = 0; i < x.length; i++) x[i] = i + 1;
      return new Curve(name, x, y);
    }

    /** @return a copy of the x values */
    @Override
    public double[] x() { return x.clone(); }

    /** @return a copy of the y values */
    @Override
    public double[] y() { return y.clone(); }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Curve c && name.equals(c.name) && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() { return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y); }

    @Override
    public String toString() { return "Curve[" + name + ", " + x.length + " points]"; }
  }

  /**
   * Step 1: one series per curve, in order, keyed by name, with NaN-y points left out.
   *
   * @param curves the curves, with distinct names
   * @return the series
   * @throws IllegalArgumentException if two curves share a name
   */
  public static XYSeriesCollection dataset(List<Curve> curves) {
    Check.notNull("curves", curves);
    var dataset = new XYSeriesCollection();
    Set<String> names = new HashSet<>();
    for (Curve c : curves) {
      Check.notNull("curve", c);
      if (!names.add(c.name())) throw new IllegalArgumentException("curve names must be distinct, got \"" + c.name() + "\" twice");
      var s = new XYSeries(c.name(), false, true);
      for (int i = 0; i < c.x.length; i++) {
        if (!Double.isNaN(c.y[i])) s.add(c.x[i], c.y[i], false);
      }
      dataset.addSeries(s);
    }
    return dataset;
  }

  /**
   * Step 2: lines with small markers, the legend below; the x axis uses whole-number ticks when every x is whole.
   *
   * @param dataset the curves
   * @param title the title; null or empty for none
   * @param xLabel the x axis label
   * @param yLabel the y axis label
   * @return the chart
   */
  public static JFreeChart chart(XYSeriesCollection dataset, @Nullable String title, String xLabel, String yLabel) {
    Check.notNull("dataset", dataset);
    var x = new NumberAxis(Check.notNull("xLabel", xLabel));
    var y = new NumberAxis(Check.notNull("yLabel", yLabel));
    x.setAutoRangeIncludesZero(false);
    y.setAutoRangeIncludesZero(false);
    if (allWhole(dataset)) x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    var renderer = new XYLineAndShapeRenderer(true, true);
    for (int k = 0; k < dataset.getSeriesCount(); k++) {
      renderer.setSeriesPaint(k, Palette.color(k));
      renderer.setSeriesStroke(k, Palette.stroke(k, 1.5f));
      renderer.setSeriesShape(k, Palette.shape(k, 5));
    }
    renderer.setDrawSeriesLineAsPath(true); // dash patterns run on across points
    var plot = new XYPlot(dataset, x, y, renderer);
    var chart = new JFreeChart(Palette.emptyToNull(title), Palette.TITLE_FONT, plot, true);
    Palette.style(chart, plot);
    return chart;
  }

  private static boolean allWhole(XYSeriesCollection dataset) {
    for (int s = 0; s < dataset.getSeriesCount(); s++) {
      for (int i = 0; i < dataset.getItemCount(s); i++) {
        double v = dataset.getXValue(s, i);
        if (v != Math.rint(v)) return false;
      }
    }
    return true;
  }
}
