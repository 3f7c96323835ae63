package tfvae;

import tfvae.internal.Check;

/**
 * The height, width and channels of the images a model takes, in the row-major order of their values (NHWC: value
 * (r, c, k) of an image is entry (r * width + c) * channels + k). Convolution layers need it.
 *
 * @param height rows, in [1, 4096]
 * @param width columns, in [1, 4096]
 * @param channels values per pixel, in [1, 64]
 */
public record ImageShape(int height, int width, int channels) {
  /**
   * Checks every component.
   *
   * @param height rows, in [1, 4096]
   * @param width columns, in [1, 4096]
   * @param channels values per pixel, in [1, 64]
   * @throws InvalidConfigException if one is out of range
   */
  public ImageShape {
    Check.range("image height", height, 1, 4096);
    Check.range("image width", width, 1, 4096);
    Check.range("image channels", channels, 1, 64);
  }

  /** @return values per image: height * width * channels */
  public long size() { return (long) height * width * channels; }

  /** @return {@code 28x28x1} */
  @Override public String toString() { return height + "x" + width + "x" + channels; }
}
