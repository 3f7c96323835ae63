package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.charts.LineChart.Curve;

class LineChartTest {
  @Test
  void datasetKeepsCurveOrderAndSkipsNanValues() {
    var train = Curve.of("train", new double[] {-200, -150, -130, -120});
    var test = Curve.of("test", new double[] {Double.NaN, -155, Double.NaN, -125});
    XYSeriesCollection ds = LineChart.dataset(List.of(train, test));
    assertThat(ds.getSeriesCount()).isEqualTo(2);
    assertThat(ds.getSeriesKey(0)).isEqualTo("train");
    assertThat(ds.getItemCount(0)).isEqualTo(4);
    assertThat(ds.getItemCount(1)).isEqualTo(2);
    assertThat(ds.getXValue(1, 0)).isEqualTo(2.0);
    assertThat(ds.getYValue(1, 1)).isEqualTo(-125.0);
  }

  @Test
  void curveCopiesItsArraysInAndOut() {
    double[] y = {1, 2};
    var c = new Curve("a", new double[] {0, 1}, y);
    y[0] = 99;
    c.y()[1] = 99;
    assertThat(c.y()).containsExactly(1, 2);
    assertThat(c).isEqualTo(new Curve("a", new double[] {0, 1}, new double[] {1, 2}));
  }

  @Test
  void chartHasTheGivenAxisLabelsAndOneLegendEntryPerCurve() {
    JFreeChart chart = LineChart.chart(LineChart.dataset(List.of(Curve.of("train", new double[] {1, 2, 3}),
        Curve.of("test", new double[] {1, 3, 4}))), "ELBO", "epoch", "ELBO (nats)");
    assertThat(chart.getXYPlot().getDomainAxis().getLabel()).isEqualTo("epoch");
    assertThat(chart.getXYPlot().getRangeAxis().getLabel()).isEqualTo("ELBO (nats)");
    assertThat(chart.getXYPlot().getLegendItems().getItemCount()).isEqualTo(2);
    assertThat(Figures.image(chart, 300, 200).getWidth()).isEqualTo(300);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        arguments((ThrowingCallable) () -> new Curve("test", new double[] {1, 2}, new double[] {1}),
            "curve \"test\" has 2 x values but 1 y values"),
        arguments((ThrowingCallable) () -> Curve.of("test", new double[] {1, 2, 3, Double.POSITIVE_INFINITY}),
            "y[3] of \"test\" must be finite or NaN, got Infinity"),
        arguments((ThrowingCallable) () -> new Curve("t", new double[] {Double.NaN}, new double[] {1}),
            "x[0] of \"t\" must be finite, got NaN"),
        arguments((ThrowingCallable) () -> Curve.of("", new double[0]), "name must not be empty"),
        arguments((ThrowingCallable) () -> LineChart.dataset(List.of(Curve.of("a", new double[0]),
            Curve.of("a", new double[0]))), "curve names must be distinct, got \"a\" twice"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
