package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.awt.image.BufferedImage;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatentScatterTest {
  /** n points: label i % 10 for i < n - 5, and five more of class 3; class k centred at (k, -k). */
  static float[][] points(int n, int[] labels) {
    var rnd = new java.util.Random(1);
    float[][] z = new float[n][];
    for (int i = 0; i < n; i++) {
      labels[i] = i < n - 5 ? i % 10 : 3;
      z[i] = new float[] {labels[i] + (float) rnd.nextGaussian() * 0.2f, -labels[i] + (float) rnd.nextGaussian() * 0.2f};
    }
    return z;
  }

  @Test
  void datasetHasTenSeriesKeyedByClassWithTheRightCounts() {
    int[] labels = new int[105];
    XYSeriesCollection ds = LatentScatter.dataset(points(105, labels), labels);
    assertThat(ds.getSeriesCount()).isEqualTo(10);
    for (int k = 0; k < 10; k++) {
      assertThat(ds.getSeriesKey(k)).isEqualTo(Integer.toString(k));
      assertThat(ds.getItemCount(k)).as("class %d", k).isEqualTo(k == 3 ? 15 : 10);
    }
    assertThat(ds.getXValue(3, 14)).isBetween(2.0, 4.0);
  }

  @Test
  void absentClassesStillGetAnEmptySeriesSoColoursStayFixed() {
    XYSeriesCollection ds = LatentScatter.dataset(new float[][] {{0, 0}, {1, 1}}, new int[] {7, 7});
    assertThat(ds.getSeriesCount()).isEqualTo(10);
    assertThat(ds.getItemCount(7)).isEqualTo(2);
    assertThat(ds.getItemCount(0)).isZero();
  }

  @Test
  void chartRendersAtTheRequestedSizeWithClassColoursAndAxisLabels() {
    int[] labels = new int[10_000];
    JFreeChart chart = LatentScatter.chart(LatentScatter.dataset(points(10_000, labels), labels), "latent");
    BufferedImage img = Figures.image(chart, 640, 480);
    assertThat(img.getWidth()).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(480);
    XYPlot plot = chart.getXYPlot();
    assertThat(plot.getDomainAxis().getLabel()).isEqualTo("z1");
    assertThat(plot.getRangeAxis().getLabel()).isEqualTo("z2");
    assertThat(plot.getLegendItems().getItemCount()).isEqualTo(10);
    java.awt.Color c0 = (java.awt.Color) plot.getRenderer().getSeriesPaint(0);
    assertThat(c0.getRGB() & 0xffffff).isEqualTo(Palette.color(0).getRGB() & 0xffffff);
  }

  @Test
  void paletteColoursAndShapesAreDistinct() {
    var colours = new java.util.HashSet<Integer>();
    var shapes = new java.util.HashSet<String>();
    for (int k = 0; k < 10; k++) {
      colours.add(Palette.color(k).getRGB());
      var it = Palette.shape(k, 10).getPathIterator(null);
      var sb = new StringBuilder();
      double[] c = new double[6];
      while (!it.isDone()) {
        sb.append(it.currentSegment(c)).append(java.util.Arrays.toString(c));
        it.next();
      }
      shapes.add(sb.toString());
    }
    assertThat(colours).hasSize(10);
    assertThat(shapes).hasSize(10);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        arguments((ThrowingCallable) () -> LatentScatter.dataset(new float[10][2], new int[9]),
            "labels has 9 entries but z has 10 points"),
        arguments((ThrowingCallable) () -> LatentScatter.dataset(new float[][] {{0, 0}, {1, 2, 3}}, new int[2]),
            "z[1] must have 2 coordinates, got 3"),
        arguments((ThrowingCallable) () -> LatentScatter.dataset(new float[][] {{0, Float.NaN}}, new int[1]),
            "z[0][1] must be finite, got NaN"),
        arguments((ThrowingCallable) () -> LatentScatter.dataset(new float[2][2], new int[] {0, 10}),
            "labels[1] must be in [0, 9], got 10"),
        arguments((ThrowingCallable) () -> LatentScatter.dataset(new float[1][2], new int[] {-1}),
            "labels[0] must be in [0, 9], got -1"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
