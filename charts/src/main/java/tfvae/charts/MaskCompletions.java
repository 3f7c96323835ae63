package tfvae.charts;

import java.util.ArrayList;
import java.util.List;
import tfvae.Mask;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * Completions of partially observed images under several masks: for each image and mask, what was observed (the
 * unobserved pixels drawn mid-gray) and the posterior predictive mean E[x_d | x_obs] filled in where nothing was
 * observed ({@link TrainedVae#complete}: exact with a 2-D latent, else over draws from an SVI fit).
 */
public final class MaskCompletions {
  /** How unobserved pixels are shown in the "observed" tiles. */
  public static final float UNOBSERVED_GRAY = 0.5f;

  private MaskCompletions() {}

  /** @return the masks of the figure for images of this size: left half, a random half (seeded), a centred square missing */
  public static List<Mask> standardMasks(int rows, int cols, long seed) {
    return List.of(Mask.leftHalf(rows, cols), Mask.random(rows * cols, 0.5, seed), Mask.centredSquareMissing(rows, cols, rows / 2));
  }

  /** @return a column caption short enough for a tile: "left half", "random 392 of 784", "14x14 square missing" */
  static String caption(Mask m) {
    return m.name().startsWith("centred ") ? m.name().substring("centred ".length()) : m.name().startsWith("random ")
        ? m.name() + " of " + m.dim() : m.name();
  }

  /**
   * @param model the trained model
   * @param images labelled or unlabelled images with an image shape
   * @param indices the images to complete, one figure row each
   * @param masks the masks, two columns each
   * @param samples draws from q per completion when the latent is not 2-D
   * @param seed seeds the SVI fits and the draws
   * @return {@code fig-4d-mask-completions}
   */
  public static Figure figure(TrainedVae model, Images images, int[] indices, List<Mask> masks, int samples, long seed) {
    boolean exact = model.spec().latent() == 2;
    float[][] tiles = new float[indices.length * (1 + 2 * masks.size())][];
    List<String> rowCaptions = new ArrayList<>(), colCaptions = new ArrayList<>(List.of("original"));
    for (Mask m : masks) {
      colCaptions.add(caption(m));
      colCaptions.add("completed");
    }
    int t = 0;
    for (int r = 0; r < indices.length; r++) {
      float[] x = images.image(indices[r]);
      tiles[t++] = x;
      for (Mask m : masks) {
        float[] shown = x.clone(), completed = model.complete(x, m, samples, seed + r);
        for (int d = 0; d < x.length; d++) if (!m.isObserved(d)) shown[d] = UNOBSERVED_GRAY;
        tiles[t++] = shown;
        tiles[t++] = completed;
      }
      rowCaptions.add(images.hasLabels() ? "label " + images.label(indices[r]) : "image " + indices[r]);
    }
    String how = exact ? "the exact posterior's predictive mean (2-D grid)" : "the mean over " + samples + " z ~ q from SVI";
    return new Figure("fig-4d-mask-completions", ImageGrid.chart(ImageGrid.dataset(tiles, indices.length, 1 + 2 * masks.size(),
        images.height(), images.width()), "Completions under other masks: observed pixels (gray = unobserved) and " + how, rowCaptions,
        colCaptions), 180 + 150 * (1 + 2 * masks.size()), 140 + 140 * indices.length);
  }
}
