package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import tfvae.ConditionalDraws;
import tfvae.Likelihood;

/**
 * The figures of a conditional model with a label condition (issue 22): samples per class and the style grid, drawn
 * from the means {@link ConditionalDraws} computes.
 *
 * <pre>{@code
 * float[][] means = ConditionalDraws.perClass(model, 10, 0);                              // compute with the model
 * ConditionalFigures.samples(means, 10, model.spec().likelihood()).save(Path.of("out"));   // draw and save
 * }</pre>
 */
public final class ConditionalFigures {
  private ConditionalFigures() {}

  /**
   * @param means K * perClass decoded means, row k * perClass + j of class k: {@link ConditionalDraws#perClass}
   * @param perClass samples per class (columns)
   * @param likelihood the model's likelihood, which names the means in the title
   * @return {@code fig-conditional-samples}: one row per class c, E[x | z, c] for z ~ N(0, I)
   * @throws IllegalArgumentException if the means are not a whole number of rows of perClass
   */
  public static Figure samples(float[][] means, int perClass, Likelihood likelihood) {
    return grid("fig-conditional-samples", means, perClass,
        "samples from p(x | z, c), z ~ N(0, I): one row per class c (" + VaeFigures.meansName(likelihood) + ")");
  }

  /**
   * @param means K * styles decoded means, row k * styles + j the j-th z under class k: {@link ConditionalDraws#styleGrid}
   * @param styles how many z (columns)
   * @param likelihood the model's likelihood, which names the means in the title
   * @return {@code fig-conditional-styles}: column j is one z ~ N(0, I) decoded under every class (rows)
   * @throws IllegalArgumentException if the means are not a whole number of rows of styles
   */
  public static Figure styles(float[][] means, int styles, Likelihood likelihood) {
    return grid("fig-conditional-styles", means, styles,
        "the same z under every class: column = one z ~ N(0, I), row = class c (" + VaeFigures.meansName(likelihood) + ")");
  }

  private static Figure grid(String name, float[][] tiles, int cols, String title) {
    Check.positive("columns", cols);
    if (tiles.length == 0 || tiles.length % cols != 0)
      throw new IllegalArgumentException(name + " needs a whole number of rows of " + cols + " means, got " + tiles.length + " means");
    int rows = tiles.length / cols;
    List<String> captions = new ArrayList<>();
    for (int r = 0; r < rows; r++) captions.add("c = " + r);
    return new Figure(name, ImageGrid.chart(ImageGrid.dataset(tiles, rows, cols), title, captions, List.of()), 100 + 90 * cols, 90 + 90 * rows);
  }
}
