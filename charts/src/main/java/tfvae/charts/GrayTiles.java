package tfvae.charts;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The dataset of an {@link ImageGrid}: {@code rows} x {@code cols} grayscale tiles of {@code height} x {@code width}
 * pixels each, on the fixed scale 0 = black to 1 = white. An immutable value; make one with
 * {@link ImageGrid#dataset(float[][], int, int, int, int)}.
 */
public final class GrayTiles {
  private final int rows;
  private final int cols;
  private final int height;
  private final int width;
  private final float[][] tiles; // clamped to [0, 1], row-major, owned

  private GrayTiles(int rows, int cols, int height, int width, float[][] tiles) {
    this.rows = rows;
    this.cols = cols;
    this.height = height;
    this.width = width;
    this.tiles = tiles;
  }

  /** Validates, copies and clamps; see {@link ImageGrid#dataset(float[][], int, int, int, int)}. */
  static GrayTiles of(float[][] tiles, int rows, int cols, int height, int width) {
    Check.notNull("tiles", tiles);
    Check.positive("rows", rows);
    Check.positive("cols", cols);
    Check.positive("height", height);
    Check.positive("width", width);
    if ((long) rows * cols != tiles.length) {
      throw new IllegalArgumentException(
          "tiles has " + tiles.length + " images but rows x cols = " + (long) rows * cols);
    }
    int pixels = height * width;
    float[][] copy = new float[tiles.length][];
    for (int i = 0; i < tiles.length; i++) {
      float[] tile = tiles[i];
      if (tile == null) throw new IllegalArgumentException("tiles[" + i + "] is null");
      if (tile.length != pixels) {
        throw new IllegalArgumentException(
            "tiles[" + i + "] has " + tile.length + " pixels but height x width = " + pixels);
      }
      float[] c = new float[pixels];
      for (int p = 0; p < pixels; p++) {
        float v = tile[p];
        if (Float.isNaN(v)) throw new IllegalArgumentException("tiles[" + i + "][" + p + "] is NaN");
        c[p] = Math.min(1f, Math.max(0f, v));
      }
      copy[i] = c;
    }
    return new GrayTiles(rows, cols, height, width, copy);
  }

  /** @return the number of tile rows, at least 1 */
  public int rows() { return rows; }

  /** @return the number of tile columns, at least 1 */
  public int cols() { return cols; }

  /** @return each tile's height in image pixels */
  public int height() { return height; }

  /** @return each tile's width in image pixels */
  public int width() { return width; }

  /**
   * @param row tile row, in [0, rows)
   * @param col tile column, in [0, cols)
   * @param y pixel row inside the tile, in [0, height)
   * @param x pixel column inside the tile, in [0, width)
   * @return the pixel's gray level in [0, 1] (inputs outside [0, 1] were clamped)
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public float gray(int row, int col, int y, int x) {
    java.util.Objects.checkIndex(row, rows);
    java.util.Objects.checkIndex(col, cols);
    java.util.Objects.checkIndex(y, height);
    java.util.Objects.checkIndex(x, width);
    return tiles[row * cols + col][y * width + x];
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GrayTiles t && rows == t.rows && cols == t.cols && height == t.height && width == t.width
        && Arrays.deepEquals(tiles, t.tiles);
  }

  @Override
  public int hashCode() { return 31 * (31 * rows + cols) + Arrays.deepHashCode(tiles); }

  @Override
  public String toString() {
    return "GrayTiles[" + rows + " x " + cols + " tiles of " + height + " x " + width + "]";
  }
}
