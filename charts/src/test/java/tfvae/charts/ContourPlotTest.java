package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jfree.chart.JFreeChart;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.charts.ContourPlot.Polyline;
import tfvae.charts.ContourPlot.Surface;

class ContourPlotTest {
  static final double STEP = 0.05;
  static final double[] G = ContourPlot.linspace(-4, 4, 161); // spacing 0.05
  static final double[][] GAUSS = ContourPlot.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);

  @Test
  void gaussianContoursAreCirclesOfRadiusSqrtMinusTwoLogLevel() {
    for (double level : new double[] {0.05, 0.2, 0.5, 0.8, 0.95}) {
      List<Polyline> lines = ContourPlot.contour(G, G, GAUSS, level);
      assertThat(lines).as("level %s", level).hasSize(1);
      Polyline p = lines.get(0);
      double radius = Math.sqrt(-2 * Math.log(level));
      // linear interpolation along a grid edge is off by far less than one grid spacing
      for (int i = 0; i < p.size(); i++) {
        assertThat(Math.hypot(p.x(i), p.y(i))).as("level %s point %d", level, i).isCloseTo(radius, within(STEP));
      }
      assertThat(p.size()).isGreaterThan((int) (2 * Math.PI * radius / STEP)); // about one point per cell crossed
    }
  }

  @Test
  void aClosedContourClosesOnItsFirstPoint() {
    Polyline p = ContourPlot.contour(G, G, GAUSS, 0.5).get(0);
    assertThat(p.isClosed()).isTrue();
    assertThat(p.x(p.size() - 1)).isEqualTo(p.x(0));
    assertThat(p.y(p.size() - 1)).isEqualTo(p.y(0));
  }

  @Test
  void contourLeavingTheGridIsOpenAndStraightForALinearFunction() {
    double[] xs = ContourPlot.linspace(0, 1, 11);
    double[] ys = ContourPlot.linspace(0, 2, 21);
    List<Polyline> lines = ContourPlot.contour(xs, ys, ContourPlot.sample((x, y) -> x + 0 * y, xs, ys), 0.33);
    assertThat(lines).hasSize(1);
    Polyline p = lines.get(0);
    assertThat(p.isClosed()).isFalse();
    assertThat(p.size()).isEqualTo(21);
    for (int i = 0; i < p.size(); i++) assertThat(p.x(i)).isCloseTo(0.33, within(1e-12));
  }

  @Test
  void valuesAreRowsOfYLikeGridPosterior() {
    double[] xs = {0, 1, 2}, ys = {0, 1};
    double[][] rowsOfY = {{0, 1, 2}, {0, 1, 2}}; // f(x, y) = x: ys.length rows of xs.length values
    assertThat(ContourPlot.sample((x, y) -> x, xs, ys)).isDeepEqualTo(rowsOfY);
    List<Polyline> lines = ContourPlot.contour(xs, ys, rowsOfY, 0.5);
    assertThat(lines).hasSize(1);
    Polyline p = lines.get(0);
    assertThat(p.size()).isEqualTo(2);
    for (int k = 0; k < p.size(); k++) assertThat(p.x(k)).isEqualTo(0.5); // the vertical line x = 0.5, y from 0 to 1
    assertThat(List.of(p.y(0), p.y(1))).containsExactlyInAnyOrder(0.0, 1.0);
  }

  @Test
  void twoSeparateBumpsGiveTwoClosedLinesAndNoContourOutsideTheRangeGivesNone() {
    double[][] v = ContourPlot.sample((x, y) -> Math.exp(-((x - 2) * (x - 2) + y * y)) + Math.exp(-((x + 2) * (x + 2) + y * y)), G, G);
    assertThat(ContourPlot.contour(G, G, v, 0.5)).hasSize(2).allMatch(Polyline::isClosed);
    assertThat(ContourPlot.contour(G, G, v, 5.0)).isEmpty();
  }

  @Test
  void saddleCellIsResolvedByItsCentreValue() {
    double[] g = {0, 1};
    // corners (0,0) and (1,1) high; mean 0.5 >= 0.4 joins them, so the two low corners are cut off
    List<Polyline> lines = ContourPlot.contour(g, g, new double[][] {{1, 0}, {0, 1}}, 0.4);
    assertThat(lines).hasSize(2).noneMatch(Polyline::isClosed);
    // corner (1,0) is low: its line joins the bottom edge (y = 0) and the right edge (x = 1)
    assertThat(lines).anySatisfy(p -> {
      assertThat(p.size()).isEqualTo(2);
      assertThat(List.of(p.y(0), p.y(1))).contains(0.0);
      assertThat(List.of(p.x(0), p.x(1))).contains(1.0);
    });
  }

  @Test
  void missingSamplesBreakTheLineInsteadOfFailing() {
    double[][] v = ContourPlot.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);
    for (int j = 0; j < G.length; j++) v[j][100] = Double.NaN; // the column x = 1 cuts the radius-1.18 circle twice
    List<Polyline> lines = ContourPlot.contour(G, G, v, 0.5);
    assertThat(lines).hasSize(2).noneMatch(Polyline::isClosed);
  }

  @Test
  void automaticLevelsAreEvenlySpacedStrictlyInsideTheRange() {
    assertThat(ContourPlot.levels(new double[][] {{0, 1}, {2, Double.NaN}}, 3)).containsExactly(0.5, 1.0, 1.5);
  }

  @Test
  void datasetHasOneSeriesPerLevelWithPolylinesSeparatedByNan() {
    double[][] v = ContourPlot.sample((x, y) -> Math.exp(-((x - 2) * (x - 2) + y * y)) + Math.exp(-((x + 2) * (x + 2) + y * y)), G, G);
    var two = Surface.of("two bumps", G, G, v, new double[] {0.5, 0.9});
    var one = Surface.of("gauss", G, G, GAUSS, 3);
    XYSeriesCollection ds = ContourPlot.dataset(List.of(two, one));
    assertThat(ds.getSeriesCount()).isEqualTo(5);
    assertThat(ds.getSeriesKey(0)).isEqualTo("two bumps = 0.5000");
    assertThat(ds.getSeries(0).getDescription()).isEqualTo("two bumps");
    assertThat(ds.getSeries(4).getDescription()).isEqualTo("gauss");
    int nans = 0;
    for (int i = 0; i < ds.getItemCount(0); i++) if (Double.isNaN(ds.getXValue(0, i))) nans++;
    assertThat(nans).isEqualTo(1); // two loops, one separator

    JFreeChart chart = ContourPlot.chart(ds, "contours", "z1", "z2", new Range(-4, 4), new Range(-3, 3));
    assertThat(chart.getXYPlot().getLegendItems().getItemCount()).isEqualTo(2);
    assertThat(chart.getXYPlot().getLegendItems().get(1).getLabel()).isEqualTo("gauss");
    assertThat(chart.getXYPlot().getRangeAxis().getRange()).isEqualTo(new Range(-3, 3));
    assertThat(Figures.image(chart, 400, 400).getHeight()).isEqualTo(400);
  }

  static Stream<Arguments> badInputs() {
    double[] g = {0, 1, 2};
    return Stream.of(
        arguments((ThrowingCallable) () -> ContourPlot.contour(g, g, new double[2][3], 0.5),
            "values has 2 rows but ys has 3 points"),
        arguments((ThrowingCallable) () -> ContourPlot.contour(g, g, new double[][] {{0, 0, 0}, {0, 0}, {0, 0, 0}}, 0.5),
            "values[1] has 2 entries but xs has 3 points"),
        arguments((ThrowingCallable) () -> ContourPlot.contour(new double[] {0, 2, 1}, g, new double[3][3], 0.5),
            "xs must be strictly increasing, got xs[1] = 2.0 and xs[2] = 1.0"),
        arguments((ThrowingCallable) () -> ContourPlot.contour(g, g, new double[3][3], Double.NaN),
            "level must be finite, got NaN"),
        arguments((ThrowingCallable) () -> ContourPlot.levels(new double[3][3], 4),
            "values must have at least two distinct finite values to choose levels"),
        arguments((ThrowingCallable) () -> Surface.of("f", g, g, new double[3][3], new double[] {1, 1}),
            "levels must be distinct, got 1.0 twice"),
        arguments((ThrowingCallable) () -> ContourPlot.chart(new XYSeriesCollection(), null, "x", "y",
            new Range(1, 1), new Range(0, 1)), "xRange must have lower < upper, got [1.0, 1.0]"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
