package tfvae.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import tfvae.BadDataException;

/**
 * An immutable set of {@code count} images of {@code rows x cols} pixels in [0, 1], row-major, with optional
 * integer labels. Accessors copy, so no caller can change an {@code Images}.
 */
public final class Images {
  private final int count;
  private final int rows;
  private final int cols;
  private final float[] pixels;
  private final int @Nullable [] labels;

  private Images(int count, int rows, int cols, float[] pixels, int @Nullable [] labels) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * @param rows pixel rows per image
   * @param cols pixel columns per image
   * @param pixels {@code count * rows * cols} values in [0, 1], image after image, row-major (copied)
   * @param labels one label per image, or null
   * @return the images
   * @throws BadDataException if the lengths disagree or a pixel is outside [0, 1] or NaN
   */
  public static Images of(int rows, int cols, float[] pixels, int @Nullable [] labels) {
    if (rows < 1 || cols < 1) throw new BadDataException("image size must be at least 1x1, got " + rows + "x" + cols);
    if ((long) rows * cols > Integer.MAX_VALUE) throw new BadDataException("image size " + rows + "x" + cols + " is too large");
    int dim = rows * cols;
    if (pixels.length % dim != 0)
      throw new BadDataException("pixels has " + pixels.length + " values, not a multiple of " + rows + "x" + cols + " = " + dim);
    int n = pixels.length / dim;
    if (labels != null && labels.length != n)
      throw new BadDataException("there are " + n + " images but " + labels.length + " labels");
    for (int i = 0; i < pixels.length; i++) {
      float v = pixels[i];
      if (!(v >= 0f && v <= 1f))
        throw new BadDataException("pixel " + (i % dim) + " of image " + (i / dim) + " is " + v + "; pixels must be in [0, 1]");
    }
    return new Images(n, rows, cols, pixels.clone(), labels == null ? null : labels.clone());
  }

  /**
   * @param rows one row of pixels in [0, 1] per image, each of length {@code height * width}
   * @param height pixel rows per image
   * @param width pixel columns per image
   * @return the images, without labels
   * @throws BadDataException if a row has the wrong length or a pixel is outside [0, 1]
   */
  public static Images ofRows(float[][] rows, int height, int width) {
    int dim = height * width;
    float[] flat = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim)
        throw new BadDataException("row " + i + " has " + rows[i].length + " values, expected " + height + "x" + width + " = " + dim);
      System.arraycopy(rows[i], 0, flat, i * dim, dim);
    }
    return of(height, width, flat, null);
  }

  /** Wraps arrays that are already checked and owned by no one else. */
  static Images trusted(int count, int rows, int cols, float[] pixels, int @Nullable [] labels) {
    return new Images(count, rows, cols, pixels, labels);
  }

  /** @return the number of images */
  public int count() { return count; }

  /** @return pixel rows per image */
  public int rows() { return rows; }

  /** @return pixel columns per image */
  public int cols() { return cols; }

  /** @return pixels per image, {@code rows * cols} */
  public int dim() { return rows * cols; }

  /** @return whether labels are present */
  public boolean hasLabels() { return labels != null; }

  /** @return a copy of all pixels, image after image, row-major */
  public float[] pixels() { return pixels.clone(); }

  /**
   * @param i image index in [0, count)
   * @return a copy of image i's pixels, row-major
   */
  public float[] image(int i) {
    checkIndex(i);
    return Arrays.copyOfRange(pixels, i * dim(), (i + 1) * dim());
  }

  /** @return one row of pixels per image (copies) */
  public float[][] toRows() {
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) out[i] = image(i);
    return out;
  }

  /**
   * @param i image index in [0, count)
   * @return the label of image i
   * @throws IllegalStateException if there are no labels
   */
  public int label(int i) {
    checkIndex(i);
    return labelsOrThrow()[i];
  }

  /**
   * @return a copy of the labels
   * @throws IllegalStateException if there are no labels
   */
  public int[] labels() { return labelsOrThrow().clone(); }

  /**
   * @param from first index, inclusive
   * @param to last index, exclusive
   * @return images {@code from .. to-1}
   * @throws IndexOutOfBoundsException if the range is not within [0, count]
   */
  public Images slice(int from, int to) {
    if (from < 0 || to > count || from > to)
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") is outside [0, " + count + ")");
    return new Images(to - from, rows, cols, Arrays.copyOfRange(pixels, from * dim(), to * dim()),
        labels == null ? null : Arrays.copyOfRange(labels, from, to));
  }

  /**
   * @param indices the images to take, in order (repeats allowed)
   * @return those images
   */
  public Images select(int... indices) {
    float[] out = new float[indices.length * dim()];
    int[] lab = labels == null ? null : new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      checkIndex(indices[k]);
      System.arraycopy(pixels, indices[k] * dim(), out, k * dim(), dim());
      if (lab != null) lab[k] = labels[indices[k]];
    }
    return new Images(indices.length, rows, cols, out, lab);
  }

  /** @return these images with every pixel set to 1 if it is above 0.5, else 0 (the assignment's binarization) */
  public Images binarize() { return binarize(0.5f); }

  /**
   * @param threshold pixels strictly above it become 1, the rest 0
   * @return the binarized images
   */
  public Images binarize(float threshold) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = pixels[i] > threshold ? 1f : 0f;
    return new Images(count, rows, cols, out, labels);
  }

  /**
   * Stochastic binarization: each pixel becomes 1 with probability equal to its value.
   *
   * @param seed random seed; the same seed gives the same images
   * @return the binarized images
   */
  public Images binarizeStochastic(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) out[i] = rnd.nextDouble() < pixels[i] ? 1f : 0f;
    return new Images(count, rows, cols, out, labels);
  }

  /** @return whether every pixel is exactly 0 or 1 */
  public boolean isBinary() {
    for (float v : pixels) if (v != 0f && v != 1f) return false;
    return true;
  }

  /** @return the first {@code rows / 2} rows of every image (the "top half" of the assignment's part 4) */
  public Images topHalf() {
    int half = rows / 2;
    float[] out = new float[count * half * cols];
    for (int i = 0; i < count; i++) System.arraycopy(pixels, i * dim(), out, i * half * cols, half * cols);
    return new Images(count, half, cols, out, labels);
  }

  @Override public String toString() {
    return "Images[" + count + " x " + rows + "x" + cols + (labels == null ? "" : ", labelled") + "]";
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= count) throw new IndexOutOfBoundsException("image " + i + " is outside [0, " + count + ")");
  }

  private int[] labelsOrThrow() {
    if (labels == null) throw new IllegalStateException("these images have no labels");
    return labels;
  }
}
