package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import tfvae.ConditionalDraws;
import tfvae.TrainedVae;

/**
 * The figures of a conditional model with a label condition (issue 22): samples per class and the style grid, drawn
 * from {@link ConditionalDraws}.
 */
public final class ConditionalFigures {
  private ConditionalFigures() {}

  /**
   * @param model a model with a label condition of K classes
   * @param perClass samples per class
   * @param seed seed of the prior draws
   * @return {@code fig-conditional-samples}: one row per class c, E[x | z, c] for z ~ N(0, I)
   */
  public static Figure samples(TrainedVae model, int perClass, long seed) {
    int k = model.spec().condition() == null ? 0 : model.spec().condition().dims();
    return grid("fig-conditional-samples", ConditionalDraws.perClass(model, perClass, seed), k, perClass,
        "samples from p(x | z, c), z ~ N(0, I): one row per class c (" + VaeFigures.meansName(model) + ")");
  }

  /**
   * @param model a model with a label condition of K classes
   * @param styles how many z (columns)
   * @param seed seed of the prior draws
   * @return {@code fig-conditional-styles}: column j is one z ~ N(0, I) decoded under every class (rows)
   */
  public static Figure styles(TrainedVae model, int styles, long seed) {
    int k = model.spec().condition() == null ? 0 : model.spec().condition().dims();
    return grid("fig-conditional-styles", ConditionalDraws.styleGrid(model, styles, seed), k, styles,
        "the same z under every class: column = one z ~ N(0, I), row = class c (" + VaeFigures.meansName(model) + ")");
  }

  private static Figure grid(String name, float[][] tiles, int rows, int cols, String title) {
    List<String> captions = new ArrayList<>();
    for (int r = 0; r < rows; r++) captions.add("c = " + r);
    return new Figure(name, ImageGrid.chart(ImageGrid.dataset(tiles, rows, cols), title, captions, List.of()), 100 + 90 * cols, 90 + 90 * rows);
  }
}
