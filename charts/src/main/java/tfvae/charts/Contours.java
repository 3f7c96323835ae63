package tfvae.charts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour maths on a regular grid, with no chart in it: sampling a function, choosing levels, and marching squares
 * from a sampled grid and a level to the polylines where the function equals that level. {@link ContourPlot} draws
 * the lines; this class only computes them.
 *
 * <p>Axis order: sampled values are row-major by y, like an image and like {@code tfvae.GridPosterior}:
 * {@code values[j][i]} = f(xs[i], ys[j]), ys.length rows of xs.length values. Non-finite values mark missing
 * samples; cells touching one get no line.
 *
 * <pre>{@code
 * double[] g = Contours.linspace(-3, 3, 121);
 * List<Contours.Polyline> circle = Contours.contour(g, g, Contours.sample(Math::hypot, g, g), 1.0);
 * }</pre>
 */
public final class Contours {
  private Contours() {}

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

  static void checkGrid(double[] xs, double[] ys, double[][] values) {
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
