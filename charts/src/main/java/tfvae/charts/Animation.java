package tfvae.charts;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * A named sequence of charts of one pixel size, each shown for its own time: what {@link VaeFigures#sviAnimation}
 * returns. {@link #save} writes it as a looping animated GIF.
 *
 * @param name the file name without extension, e.g. {@code fig-4b-svi}
 * @param frames the charts, in order
 * @param delays how long each frame shows, in hundredths of a second
 * @param width width in pixels
 * @param height height in pixels
 */
public record Animation(String name, List<JFreeChart> frames, int[] delays, int width, int height) {
  /** Checks that there is one delay per frame and copies both. */
  public Animation {
    frames = List.copyOf(frames);
    delays = delays.clone();
    if (frames.isEmpty()) throw new IllegalArgumentException("an animation needs at least one frame");
    if (delays.length != frames.size()) throw new IllegalArgumentException(frames.size() + " frames need as many delays, got " + delays.length);
  }

  @Override public int[] delays() { return delays.clone(); }

  /**
   * Renders every frame and writes {@code dir/name.gif} (atomically; {@code dir} is created if missing).
   *
   * @param dir the output directory
   * @return the GIF's path
   */
  public Path save(Path dir) {
    // frames are independent charts: drawn on every core, in order (about 70 ms each, a tenth of that to encode)
    List<BufferedImage> images = frames.parallelStream().map(c -> Gif.indexed(Figures.image(c, width, height))).toList();
    Path gif = dir.resolve(name + ".gif");
    Gif.write(images, delays, gif);
    return gif;
  }
}
