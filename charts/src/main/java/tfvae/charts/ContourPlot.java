package tfvae.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/**
 * Isocontour lines of one or more functions sampled on a regular grid, e.g. the true posterior and its
 * approximation, drawn as a chart. JFreeChart 1.5 has no contour plot, so the lines come from {@link Contours}
 * (our own marching squares) and are drawn as ordinary XY series: one series per function and level, whose
 * polylines are separated by a (NaN, NaN) point. Each function gets one {@link Palette} colour, one dash pattern and
 * one legend entry.
 *
 * <p>Axis order: sampled values are row-major by y, like an image and like {@code tfvae.GridPosterior}:
 * {@code values[j][i]} = f(xs[i], ys[j]), ys.length rows of xs.length values.
 *
 * <pre>{@code
 * double[] g = Contours.linspace(-3, 3, 121);
 * var prior = Surface.of("prior", g, g, Contours.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), g, g), 5);
 * JFreeChart chart = ContourPlot.chart(ContourPlot.dataset(List.of(prior)), null, "z1", "z2",
 *     new Range(-3, 3), new Range(-3, 3));
 * }</pre>
 */
public final class ContourPlot {
  private ContourPlot() {}

  /**
   * One named function sampled on a grid, with the levels to draw: {@code values[j][i]} = f(xs[i], ys[j]).
   * Non-finite values mark missing samples; cells touching one get no line. An immutable value.
   */
  public static final class Surface {
    private final String name;
    private final double[] xs;
    private final double[] ys;
    private final double[][] values;
    private final double[] levels;

    private Surface(String name, double[] xs, double[] ys, double[][] values, double[] levels) {
      this.name = name;
      this.xs = xs;
      this.ys = ys;
      this.values = values;
      this.levels = levels;
    }

    /**
     * A surface with the given levels; the arrays are copied.
     *
     * @param name the legend label, not empty
     * @param xs grid x coordinates, at least 2, finite and strictly increasing
     * @param ys grid y coordinates, at least 2, finite and strictly increasing
     * @param values ys.length rows of xs.length samples, {@code values[j][i]} at (xs[i], ys[j])
     * @param levels the contour levels, finite and distinct, at least one
     * @return the surface
     * @throws IllegalArgumentException if a shape or value rule above is broken
     */
    public static Surface of(String name, double[] xs, double[] ys, double[][] values, double[] levels) {
      Check.notNull("name", name);
      if (name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
      Contours.checkGrid(xs, ys, values);
      Check.notNull("levels", levels);
      if (levels.length == 0) throw new IllegalArgumentException("levels must not be empty");
      Set<Double> seen = new HashSet<>();
      for (int k = 0; k < levels.length; k++) {
        Check.finite("levels[" + k + "]", levels[k]);
        if (!seen.add(levels[k])) throw new IllegalArgumentException("levels must be distinct, got " + levels[k] + " twice");
      }
      double[][] v = new double[values.length][];
      for (int i = 0; i < v.length; i++) v[i] = values[i].clone();
      return new Surface(name, xs.clone(), ys.clone(), v, levels.clone());
    }

    /**
     * A surface with {@code count} levels chosen by {@link Contours#levels(double[][], int)}.
     *
     * @param name the legend label, not empty
     * @param xs grid x coordinates, at least 2, finite and strictly increasing
     * @param ys grid y coordinates, at least 2, finite and strictly increasing
     * @param values ys.length rows of xs.length samples, {@code values[j][i]} at (xs[i], ys[j])
     * @param count number of levels, at least 1
     * @return the surface
     * @throws IllegalArgumentException as {@link #of(String, double[], double[], double[][], double[])} and
     *     {@link Contours#levels(double[][], int)}
     */
    public static Surface of(String name, double[] xs, double[] ys, double[][] values, int count) {
      Contours.checkGrid(xs, ys, values);
      return of(name, xs, ys, values, Contours.levels(values, count));
    }

    /** @return the legend label */
    public String name() { return name; }

    /** @return a copy of the levels */
    public double[] levels() { return levels.clone(); }

    @Override
    public String toString() {
      return "Surface[" + name + ", " + xs.length + " x " + ys.length + " grid, levels " + Arrays.toString(levels) + "]";
    }
  }

  /**
   * The contour series and, for each, the surface it belongs to: {@code names.get(k)} is the name of the surface
   * whose level series {@code k} draws. Series with the same name share a colour, a dash pattern and one legend
   * entry.
   *
   * @param series the series, one per surface and level
   * @param names one surface name per series, in series order
   */
  public record Lines(XYSeriesCollection series, List<String> names) {
    /**
     * @param series the series
     * @param names one surface name per series; copied
     * @throws IllegalArgumentException if the counts differ
     */
    public Lines {
      Check.notNull("series", series);
      names = List.copyOf(Check.notNull("names", names));
      if (names.size() != series.getSeriesCount()) {
        throw new IllegalArgumentException(series.getSeriesCount() + " series need as many names, got " + names.size());
      }
    }
  }

  /**
   * Step 1: for each surface and level, one series keyed {@code "name = level"} whose polylines are separated by a
   * (NaN, NaN) point, named by its surface in {@link Lines#names()}, which {@link #chart} uses to group them.
   *
   * @param surfaces the functions, with distinct names
   * @return the series, surface by surface, level by level, with their surface names
   * @throws IllegalArgumentException if two surfaces share a name
   */
  public static Lines dataset(List<Surface> surfaces) {
    Check.notNull("surfaces", surfaces);
    var dataset = new XYSeriesCollection();
    List<String> owners = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Surface s : surfaces) {
      Check.notNull("surface", s);
      if (!names.add(s.name)) throw new IllegalArgumentException("surface names must be distinct, got \"" + s.name + "\" twice");
      String[] labels = levelLabels(s.levels);
      for (int k = 0; k < s.levels.length; k++) {
        var series = new XYSeries(s.name + " = " + labels[k], false, true);
        boolean firstLine = true;
        for (Contours.Polyline p : Contours.contour(s.xs, s.ys, s.values, s.levels[k])) {
          if (!firstLine) series.add(Double.NaN, Double.NaN, false);
          firstLine = false;
          for (int i = 0; i < p.size(); i++) series.add(p.x(i), p.y(i), false);
        }
        dataset.addSeries(series);
        owners.add(s.name);
      }
    }
    return new Lines(dataset, owners);
  }

  /**
   * Step 2: the contour lines over fixed axis ranges, one colour, dash pattern and legend entry per surface.
   *
   * @param lines the series and their surface names, as {@link #dataset} makes them
   * @param title the title; null or empty for none
   * @param xLabel the x axis label
   * @param yLabel the y axis label
   * @param xRange the x axis range
   * @param yRange the y axis range
   * @return the chart
   * @throws IllegalArgumentException if a range is empty
   */
  public static JFreeChart chart(Lines lines, @Nullable String title, String xLabel, String yLabel,
      Range xRange, Range yRange) {
    Check.notNull("lines", lines);
    Check.interval("xRange", Check.notNull("xRange", xRange).getLowerBound(), xRange.getUpperBound());
    Check.interval("yRange", Check.notNull("yRange", yRange).getLowerBound(), yRange.getUpperBound());
    var x = new NumberAxis(Check.notNull("xLabel", xLabel));
    var y = new NumberAxis(Check.notNull("yLabel", yLabel));
    x.setRange(xRange);
    y.setRange(yRange);
    var renderer = new XYLineAndShapeRenderer(true, false);
    XYSeriesCollection dataset = lines.series();
    Map<String, Integer> groups = new LinkedHashMap<>();
    String[] legend = new String[dataset.getSeriesCount()];
    for (int k = 0; k < dataset.getSeriesCount(); k++) {
      String group = lines.names().get(k);
      boolean firstOfGroup = !groups.containsKey(group);
      int g = groups.computeIfAbsent(group, unused -> groups.size());
      legend[k] = group;
      renderer.setSeriesPaint(k, Palette.color(g));
      renderer.setSeriesStroke(k, Palette.stroke(g, 1.5f));
      renderer.setSeriesVisibleInLegend(k, firstOfGroup);
    }
    renderer.setLegendItemLabelGenerator((ds, series) -> legend[series]);
    renderer.setDrawSeriesLineAsPath(true);
    var plot = new XYPlot(dataset, x, y, renderer);
    var chart = new JFreeChart(Palette.emptyToNull(title), Palette.TITLE_FONT, plot, true);
    Palette.style(chart, plot);
    return chart;
  }

  // ---- internals ----

  private static String[] levelLabels(double[] levels) {
    String[] labels = new String[levels.length];
    Set<String> distinct = new HashSet<>();
    for (int k = 0; k < levels.length; k++) {
      labels[k] = String.format(Locale.ROOT, "%.4g", levels[k]);
      distinct.add(labels[k]);
    }
    if (distinct.size() < levels.length) {
      for (int k = 0; k < levels.length; k++) labels[k] = Double.toString(levels[k]);
    }
    return labels;
  }
}
