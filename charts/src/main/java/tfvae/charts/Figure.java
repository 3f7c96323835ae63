package tfvae.charts;

import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * A named chart with its pixel size: what {@link VaeFigures} returns.
 *
 * @param name the file name without extension, e.g. {@code fig-3a-prior-samples}
 * @param chart the chart
 * @param width width in pixels
 * @param height height in pixels
 */
public record Figure(String name, JFreeChart chart, int width, int height) {
  /**
   * Writes {@code dir/name.png} and {@code dir/name.svg} (atomically; {@code dir} is created if missing).
   *
   * @param dir the output directory
   * @return the PNG path and the SVG path
   */
  public List<Path> save(Path dir) { return Figures.save(chart, dir.resolve(name), width, height); }
}
