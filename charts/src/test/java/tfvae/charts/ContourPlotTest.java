package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jfree.chart.JFreeChart;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.charts.ContourPlot.Lines;
import tfvae.charts.ContourPlot.Surface;

class ContourPlotTest {
  static final double[] G = Contours.linspace(-4, 4, 161);
  static final double[][] GAUSS = Contours.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);

  @Test
  void datasetHasOneSeriesPerLevelWithPolylinesSeparatedByNanAndNamesItsSurfaces() {
    double[][] v = Contours.sample((x, y) -> Math.exp(-((x - 2) * (x - 2) + y * y)) + Math.exp(-((x + 2) * (x + 2) + y * y)), G, G);
    var two = Surface.of("two bumps", G, G, v, new double[] {0.5, 0.9});
    var one = Surface.of("gauss", G, G, GAUSS, 3);
    Lines lines = ContourPlot.dataset(List.of(two, one));
    XYSeriesCollection ds = lines.series();
    assertThat(ds.getSeriesCount()).isEqualTo(5);
    assertThat(ds.getSeriesKey(0)).isEqualTo("two bumps = 0.5000");
    assertThat(lines.names()).containsExactly("two bumps", "two bumps", "gauss", "gauss", "gauss");
    for (int k = 0; k < ds.getSeriesCount(); k++) assertThat(ds.getSeries(k).getDescription()).isNull(); // names travel in Lines
    int nans = 0;
    for (int i = 0; i < ds.getItemCount(0); i++) if (Double.isNaN(ds.getXValue(0, i))) nans++;
    assertThat(nans).isEqualTo(1); // two loops, one separator

    JFreeChart chart = ContourPlot.chart(lines, "contours", "z1", "z2", new Range(-4, 4), new Range(-3, 3));
    assertThat(chart.getXYPlot().getLegendItems().getItemCount()).isEqualTo(2);
    assertThat(chart.getXYPlot().getLegendItems().get(1).getLabel()).isEqualTo("gauss");
    assertThat(chart.getXYPlot().getRangeAxis().getRange()).isEqualTo(new Range(-3, 3));
    assertThat(Figures.image(chart, 400, 400).getHeight()).isEqualTo(400);
  }

  @Test
  void theChartGroupsSeriesByTheNamesItIsGiven() {
    var ds = new XYSeriesCollection();
    for (String key : new String[] {"a1", "a2", "b1"}) {
      var s = new XYSeries(key, false, true);
      s.add(0, 0);
      s.add(1, 1);
      ds.addSeries(s);
    }
    JFreeChart chart = ContourPlot.chart(new Lines(ds, List.of("a", "a", "b")), null, "x", "y", new Range(0, 1), new Range(0, 1));
    var legend = chart.getXYPlot().getLegendItems();
    assertThat(legend.getItemCount()).isEqualTo(2);
    assertThat(legend.get(0).getLabel()).isEqualTo("a");
    assertThat(legend.get(1).getLabel()).isEqualTo("b");
    var r = chart.getXYPlot().getRenderer();
    assertThat(r.getSeriesPaint(1)).isEqualTo(r.getSeriesPaint(0)).isNotEqualTo(r.getSeriesPaint(2));
  }

  static Stream<Arguments> badInputs() {
    double[] g = {0, 1, 2};
    return Stream.of(
        arguments((ThrowingCallable) () -> Surface.of("f", g, g, new double[3][3], new double[] {1, 1}),
            "levels must be distinct, got 1.0 twice"),
        arguments((ThrowingCallable) () -> Surface.of("f", g, new double[] {0, 1}, new double[3][2], new double[] {1}),
            "values has 3 rows but ys has 2 points"),
        arguments((ThrowingCallable) () -> new Lines(new XYSeriesCollection(), List.of("a")), "0 series need as many names, got 1"),
        arguments((ThrowingCallable) () -> ContourPlot.chart(new Lines(new XYSeriesCollection(), List.of()), null, "x", "y",
            new Range(1, 1), new Range(0, 1)), "xRange must have lower < upper, got [1.0, 1.0]"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
