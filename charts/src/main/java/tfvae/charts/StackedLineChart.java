package tfvae.charts;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jspecify.annotations.Nullable;

/**
 * Two {@link LineChart}s stacked over one shared x axis, for quantities of different scales measured at the same x
 * (a bound in nats per image above, the small difference of two bounds below), with one legend; the lower panel's
 * curves take the colours after the upper panel's.
 */
public final class StackedLineChart {
  private StackedLineChart() {}

  /**
   * @param name the figure's file name, without extension
   * @param title the title; null or empty for none
   * @param xLabel the shared x axis label
   * @param top the upper panel's curves (distinct names)
   * @param topLabel its y axis label
   * @param bottom the lower panel's curves (distinct names)
   * @param bottomLabel its y axis label
   * @return an 800 x 800 figure, the upper panel twice the height of the lower
   * @throws IllegalArgumentException if two curves of one panel share a name
   */
  public static Figure figure(String name, @Nullable String title, String xLabel, List<LineChart.Curve> top, String topLabel,
      List<LineChart.Curve> bottom, String bottomLabel) {
    XYPlot upper = (XYPlot) LineChart.chart(LineChart.dataset(top), null, xLabel, topLabel).getPlot();
    XYPlot lower = (XYPlot) LineChart.chart(LineChart.dataset(bottom), null, xLabel, bottomLabel).getPlot();
    // the lower panel's curves continue the upper one's colours, so that the shared legend tells every curve apart
    var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) lower.getRenderer();
    for (int k = 0; k < bottom.size(); k++) {
      renderer.setSeriesPaint(k, Palette.color(top.size() + k));
      renderer.setSeriesStroke(k, Palette.stroke(top.size() + k, 1.5f));
      renderer.setSeriesShape(k, Palette.shape(top.size() + k, 5));
    }
    NumberAxis x = (NumberAxis) lower.getDomainAxis();
    var plot = new CombinedDomainXYPlot(x);
    plot.setGap(12);
    plot.add(upper, 2);
    plot.add(lower, 1);
    var chart = new JFreeChart(Palette.emptyToNull(title), Palette.TITLE_FONT, plot, true);
    Palette.style(chart, upper); // the chart's background, title and legend; each panel is styled already
    return new Figure(Check.notNull("name", name), chart, 800, 800);
  }
}
