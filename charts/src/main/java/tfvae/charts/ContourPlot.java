package tfvae.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
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
 * approximation. JFreeChart 1.5 has no contour plot, so the lines come from our own marching squares
 * ({@link #contour}) and are drawn as ordinary XY series: one series per function and level, whose polylines are
 * separated by a (NaN, NaN) point. Each function gets one {@link Palette} colour, one dash pattern and one legend
 * entry.
 *
 * <p>Axis order: sampled values are row-major by y, like an image and like {@code tfvae.GridPosterior}:
 * {@code values[j][i]} = f(xs[i], ys[j]), ys.length rows of xs.length values.
 *
 * <pre>{@code
 * double[] g = ContourPlot.linspace(-3, 3, 121);
 * var prior = Surface.of("prior", g, g, ContourPlot.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), g, g), 5);
 * JFreeChart chart = ContourPlot.chart(ContourPlot.dataset(List.of(prior)), null, "z1", "z2",
 *     new Range(-3, 3), new Range(-3, 3));
 * }</pre>
 */
public final class ContourPlot {
  private ContourPlot() {}

  /**
   * One contour line: points (x(i), y(i)) in order; a closed line ends with a copy of its first point.
   */
  public static final class Polyline {
    private final double[] x;
    private final double[] y;
    private final boolean closed;

    Polyline(double[] x, double[] y, boolean closed) {
      this.x = x;
      this.y = y;
      this.closed = closed;
    }

    /** @return the number of points, at least 2 */
    public int size() { return x.length; }

    /**
     * @param i point index in [0, size())
     * @return the point's x coordinate
     */
    public double x(int i) { return x[i]; }

    /**
     * @param i point index in [0, size())
     * @return the point's y coordinate
     */
    public double y(int i) { return y[i]; }

    /** @return whether the line is a loop (its last point equals its first) */
    public boolean isClosed() { return closed; }

    @Override
    public String toString() { return (closed ? "closed" : "open") + " Polyline[" + x.length + " points]"; }
  }

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
      checkGrid(xs, ys, values);
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
     * A surface with {@code count} levels chosen by {@link ContourPlot#levels(double[][], int)}.
     *
     * @param name the legend label, not empty
     * @param xs grid x coordinates, at least 2, finite and strictly increasing
     * @param ys grid y coordinates, at least 2, finite and strictly increasing
     * @param values ys.length rows of xs.length samples, {@code values[j][i]} at (xs[i], ys[j])
     * @param count number of levels, at least 1
     * @return the surface
     * @throws IllegalArgumentException as {@link #of(String, double[], double[], double[][], double[])} and
     *     {@link ContourPlot#levels(double[][], int)}
     */
    public static Surface of(String name, double[] xs, double[] ys, double[][] values, int count) {
      checkGrid(xs, ys, values);
      return of(name, xs, ys, values, ContourPlot.levels(values, count));
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
   * {@code n} evenly spaced values from {@code lo} to {@code hi}, both included.
   *
   * @param lo first value, finite
   * @param hi last value, finite, greater than {@code lo}
   * @param n number of values, at least 2
   * @return the values
   * @throws IllegalArgumentException if {@code n < 2} or not {@code lo < hi}
   */
  public static double[] linspace(double lo, double hi, int n) {
    Check.interval("[lo, hi]", lo, hi);
    if (n < 2) throw new IllegalArgumentException("n must be at least 2, got " + n);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = i == n - 1 ? hi : lo + (hi - lo) * i / (n - 1);
    return v;
  }

  /**
   * Samples {@code f} on a grid: {@code result[j][i] = f(xs[i], ys[j])}, row-major by y.
   *
   * @param f the function
   * @param xs grid x coordinates
   * @param ys grid y coordinates
   * @return ys.length rows of xs.length samples
   */
  public static double[][] sample(DoubleBinaryOperator f, double[] xs, double[] ys) {
    Check.notNull("f", f);
    double[][] v = new double[Check.notNull("ys", ys).length][Check.notNull("xs", xs).length];
    for (int j = 0; j < ys.length; j++) {
      for (int i = 0; i < xs.length; i++) v[j][i] = f.applyAsDouble(xs[i], ys[j]);
    }
    return v;
  }

  /**
   * {@code count} levels evenly spaced strictly between the smallest and largest finite value:
   * min + (max - min) * k / (count + 1) for k = 1 .. count.
   *
   * @param values the samples
   * @param count number of levels, at least 1
   * @return the levels, increasing
   * @throws IllegalArgumentException if {@code count < 1} or the values have fewer than two distinct finite values
   */
  public static double[] levels(double[][] values, int count) {
    Check.notNull("values", values);
    Check.positive("count", count);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : values) {
      for (double v : Check.notNull("values row", row)) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(min < max)) {
      throw new IllegalArgumentException("values must have at least two distinct finite values to choose levels");
    }
    double[] levels = new double[count];
    for (int k = 0; k < count; k++) levels[k] = min + (max - min) * (k + 1) / (count + 1);
    return levels;
  }

  /**
   * Marching squares: the lines where the sampled function equals {@code level}. A sample counts as inside when {@code value >= level}; each grid edge whose ends differ gets one
   * crossing point by linear interpolation, and a saddle cell is resolved by the mean of its four corners. Lines
   * that meet the grid's border (or a missing sample) are open; the others are closed.
   *
   * @param xs grid x coordinates, at least 2, finite and strictly increasing
   * @param ys grid y coordinates, at least 2, finite and strictly increasing
   * @param values ys.length rows of xs.length samples, {@code values[j][i]} at (xs[i], ys[j]); non-finite = missing
   * @param level the level, finite
   * @return the polylines, open ones first; empty if the level is not crossed
   * @throws IllegalArgumentException if the grid is malformed or {@code level} is not finite
   */
  public static List<Polyline> contour(double[] xs, double[] ys, double[][] values, double level) {
    checkGrid(xs, ys, values);
    Check.finite("level", level);
    int ny = ys.length;
    List<long[]> segments = new ArrayList<>();
    for (int i = 0; i + 1 < xs.length; i++) {
      for (int j = 0; j + 1 < ny; j++) {
        double v00 = values[j][i];
        double v10 = values[j][i + 1];
        double v11 = values[j + 1][i + 1];
        double v01 = values[j + 1][i];
        if (!(Double.isFinite(v00) && Double.isFinite(v10) && Double.isFinite(v11) && Double.isFinite(v01))) continue;
        boolean a00 = v00 >= level;
        boolean a10 = v10 >= level;
        boolean a11 = v11 >= level;
        boolean a01 = v01 >= level;
        // edges: 0 bottom (00-10), 1 right (10-11), 2 top (01-11), 3 left (00-01)
        long[] edge = {hEdge(i, j, ny), vEdge(i + 1, j, ny), hEdge(i, j + 1, ny), vEdge(i, j, ny)};
        boolean[] cut = {a00 != a10, a10 != a11, a01 != a11, a00 != a01};
        int n = 0;
        int first = -1;
        int second = -1;
        for (int e = 0; e < 4; e++) {
          if (cut[e]) {
            if (n == 0) first = e; else second = e;
            n++;
          }
        }
        if (n == 2) {
          segments.add(new long[] {edge[first], edge[second]});
        } else if (n == 4) { // saddle: does the centre join the corners that agree with v00?
          boolean centre = (v00 + v10 + v11 + v01) / 4 >= level;
          if (centre == a00) {
            segments.add(new long[] {edge[0], edge[1]});
            segments.add(new long[] {edge[2], edge[3]});
          } else {
            segments.add(new long[] {edge[3], edge[0]});
            segments.add(new long[] {edge[1], edge[2]});
          }
        }
      }
    }
    return chain(segments, key -> crossing(key, xs, ys, values, level));
  }

  /**
   * Step 1: for each surface and level, one series keyed {@code "name = level"} whose polylines are separated by a
   * (NaN, NaN) point; the series' description is the surface name, which {@link #chart} uses to group them.
   *
   * @param surfaces the functions, with distinct names
   * @return the series, surface by surface, level by level
   * @throws IllegalArgumentException if two surfaces share a name
   */
  public static XYSeriesCollection dataset(List<Surface> surfaces) {
    Check.notNull("surfaces", surfaces);
    var dataset = new XYSeriesCollection();
    Set<String> names = new HashSet<>();
    for (Surface s : surfaces) {
      Check.notNull("surface", s);
      if (!names.add(s.name)) throw new IllegalArgumentException("surface names must be distinct, got \"" + s.name + "\" twice");
      String[] labels = levelLabels(s.levels);
      for (int k = 0; k < s.levels.length; k++) {
        var series = new XYSeries(s.name + " = " + labels[k], false, true);
        series.setDescription(s.name);
        boolean firstLine = true;
        for (Polyline p : contour(s.xs, s.ys, s.values, s.levels[k])) {
          if (!firstLine) series.add(Double.NaN, Double.NaN, false);
          firstLine = false;
          for (int i = 0; i < p.size(); i++) series.add(p.x(i), p.y(i), false);
        }
        dataset.addSeries(series);
      }
    }
    return dataset;
  }

  /**
   * Step 2: the contour lines over fixed axis ranges, one colour, dash pattern and legend entry per surface.
   *
   * @param dataset the series, as {@link #dataset} makes them (series with the same description share a style)
   * @param title the title; null or empty for none
   * @param xLabel the x axis label
   * @param yLabel the y axis label
   * @param xRange the x axis range
   * @param yRange the y axis range
   * @return the chart
   * @throws IllegalArgumentException if a range is empty
   */
  public static JFreeChart chart(XYSeriesCollection dataset, @Nullable String title, String xLabel, String yLabel,
      Range xRange, Range yRange) {
    Check.notNull("dataset", dataset);
    Check.interval("xRange", Check.notNull("xRange", xRange).getLowerBound(), xRange.getUpperBound());
    Check.interval("yRange", Check.notNull("yRange", yRange).getLowerBound(), yRange.getUpperBound());
    var x = new NumberAxis(Check.notNull("xLabel", xLabel));
    var y = new NumberAxis(Check.notNull("yLabel", yLabel));
    x.setRange(xRange);
    y.setRange(yRange);
    var renderer = new XYLineAndShapeRenderer(true, false);
    Map<String, Integer> groups = new LinkedHashMap<>();
    String[] legend = new String[dataset.getSeriesCount()];
    for (int k = 0; k < dataset.getSeriesCount(); k++) {
      XYSeries s = dataset.getSeries(k);
      String group = s.getDescription() != null ? s.getDescription() : String.valueOf(s.getKey());
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

  private static long hEdge(int i, int j, int ny) { return 2L * ((long) i * ny + j); }

  private static long vEdge(int i, int j, int ny) { return 2L * ((long) i * ny + j) + 1; }

  /** The point where {@code level} crosses the grid edge {@code key}, by linear interpolation along it. */
  private static double[] crossing(long key, double[] xs, double[] ys, double[][] values, double level) {
    int ny = ys.length;
    long node = key / 2;
    int i = (int) (node / ny);
    int j = (int) (node % ny);
    int i2 = key % 2 == 0 ? i + 1 : i;
    int j2 = key % 2 == 0 ? j : j + 1;
    double a = values[j][i];
    double t = (level - a) / (values[j2][i2] - a);
    return new double[] {xs[i] + t * (xs[i2] - xs[i]), ys[j] + t * (ys[j2] - ys[j])};
  }

  /** Joins segments that share an edge into polylines: open chains from their loose ends first, then loops. */
  private static List<Polyline> chain(List<long[]> segments, java.util.function.LongFunction<double[]> point) {
    Map<Long, int[]> incident = new HashMap<>();
    for (int s = 0; s < segments.size(); s++) {
      for (long key : segments.get(s)) {
        int[] slots = incident.computeIfAbsent(key, unused -> new int[] {-1, -1});
        slots[slots[0] < 0 ? 0 : 1] = s;
      }
    }
    boolean[] used = new boolean[segments.size()];
    List<Polyline> lines = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      for (long end : segments.get(s)) {
        if (!used[s] && incident.get(end)[1] < 0) lines.add(walk(end, s, segments, incident, used, point));
      }
    }
    for (int s = 0; s < segments.size(); s++) {
      if (!used[s]) lines.add(walk(segments.get(s)[0], s, segments, incident, used, point));
    }
    return lines;
  }

  private static Polyline walk(long start, int segment, List<long[]> segments, Map<Long, int[]> incident,
      boolean[] used, java.util.function.LongFunction<double[]> point) {
    List<Long> keys = new ArrayList<>();
    keys.add(start);
    long at = start;
    int s = segment;
    while (s >= 0) {
      used[s] = true;
      long[] seg = segments.get(s);
      at = seg[0] == at ? seg[1] : seg[0];
      keys.add(at);
      int[] next = incident.get(at);
      s = next[0] >= 0 && !used[next[0]] ? next[0] : next[1] >= 0 && !used[next[1]] ? next[1] : -1;
    }
    double[] x = new double[keys.size()];
    double[] y = new double[keys.size()];
    Map<Long, double[]> cache = new HashMap<>();
    for (int k = 0; k < keys.size(); k++) {
      double[] p = cache.computeIfAbsent(keys.get(k), point::apply);
      x[k] = p[0];
      y[k] = p[1];
    }
    return new Polyline(x, y, keys.size() > 2 && start == at);
  }

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

  private static void checkGrid(double[] xs, double[] ys, double[][] values) {
    increasing("xs", xs);
    increasing("ys", ys);
    Check.notNull("values", values);
    if (values.length != ys.length) {
      throw new IllegalArgumentException("values has " + values.length + " rows but ys has " + ys.length + " points");
    }
    for (int j = 0; j < values.length; j++) {
      if (values[j] == null || values[j].length != xs.length) {
        throw new IllegalArgumentException("values[" + j + "] has " + (values[j] == null ? "no" : values[j].length)
            + " entries but xs has " + xs.length + " points");
      }
    }
  }

  private static void increasing(String field, double[] v) {
    Check.notNull(field, v);
    if (v.length < 2) throw new IllegalArgumentException(field + " must have at least 2 points, got " + v.length);
    for (int i = 0; i < v.length; i++) {
      Check.finite(field + "[" + i + "]", v[i]);
      if (i > 0 && !(v[i] > v[i - 1])) {
        throw new IllegalArgumentException(field + " must be strictly increasing, got " + field + "[" + (i - 1) + "] = "
            + v[i - 1] + " and " + field + "[" + i + "] = " + v[i]);
      }
    }
  }
}
