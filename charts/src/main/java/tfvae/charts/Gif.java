package tfvae.charts;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import tfvae.io.AtomicFiles;

/**
 * Writes an animated, looping GIF with the JDK's own GIF writer (ImageIO). After the first frame, each frame stores
 * only the rectangle in which it differs from the one before (drawn over it: disposal "none"). Each frame is mapped to one fixed palette
 * (a 6 x 6 x 6 colour cube plus a ramp of grays, so charts' anti-aliased text stays smooth) by nearest colour, which
 * is fast and deterministic; ImageIO's own quantizer takes about 90 ms a frame. The frame delay and the loop are
 * set in the standard GIF metadata: a Graphic Control Extension per frame and the NETSCAPE2.0 application extension
 * (see the {@code javax_imageio_gif_image_1.0} format description in the {@code javax.imageio} package docs).
 */
final class Gif {
  private static final IndexColorModel PALETTE = palette();

  private Gif() {}

  /**
   * @param frames the frames, all of the same size, at least one
   * @param delays how long each frame shows, in hundredths of a second, one per frame
   * @param file the target, replaced atomically
   */
  static void write(List<BufferedImage> frames, int[] delays, Path file) {
    if (frames.isEmpty()) throw new IllegalArgumentException("frames must not be empty");
    if (delays.length != frames.size()) throw new IllegalArgumentException(frames.size() + " frames need as many delays, got " + delays.length);
    AtomicFiles.write(file, out -> {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
        BufferedImage previous = null;
        for (int k = 0; k < frames.size(); k++) {
          BufferedImage indexed = frames.get(k).getColorModel() == PALETTE ? frames.get(k) : indexed(frames.get(k));
          // after the first frame, only the rectangle that changed is stored, drawn over the previous frame
          java.awt.Rectangle r = previous == null ? new java.awt.Rectangle(indexed.getWidth(), indexed.getHeight()) : changed(previous, indexed);
          BufferedImage part = crop(indexed, r);
          ImageWriteParam param = writer.getDefaultWriteParam();
          IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(part), param);
          meta.mergeTree(meta.getNativeMetadataFormatName(), frameTree(meta, delays[k], k == 0, r));
          writer.writeToSequence(new IIOImage(part, null, meta), param);
          previous = indexed;
        }
        writer.endWriteSequence();
      } finally {
        writer.dispose();
      }
    });
  }

  /** @return the frame's pixels as indices into {@link #PALETTE}, each the nearest palette colour */
  static BufferedImage indexed(BufferedImage rgb) {
    int w = rgb.getWidth(), h = rgb.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, PALETTE);
    byte[] px = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rgb.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) px[y * w + x] = (byte) nearest(row[x]);
    }
    return out;
  }

  /** @return the smallest rectangle holding every pixel in which the two frames differ (1 x 1 if none does) */
  static java.awt.Rectangle changed(BufferedImage a, BufferedImage b) {
    byte[] pa = pixels(a), pb = pixels(b);
    int w = a.getWidth(), h = a.getHeight(), x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        if (pa[y * w + x] != pb[y * w + x]) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
    return x1 < 0 ? new java.awt.Rectangle(0, 0, 1, 1) : new java.awt.Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
  }

  private static BufferedImage crop(BufferedImage indexed, java.awt.Rectangle r) {
    if (r.x == 0 && r.y == 0 && r.width == indexed.getWidth() && r.height == indexed.getHeight()) return indexed;
    BufferedImage out = new BufferedImage(r.width, r.height, BufferedImage.TYPE_BYTE_INDEXED, PALETTE);
    byte[] from = pixels(indexed), to = pixels(out);
    for (int y = 0; y < r.height; y++) System.arraycopy(from, (r.y + y) * indexed.getWidth() + r.x, to, y * r.width, r.width);
    return out;
  }

  private static byte[] pixels(BufferedImage indexed) {
    return ((java.awt.image.DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
  }

  /** Index of the nearest palette colour: the gray ramp for near-grays, else the cube. */
  static int nearest(int argb) {
    int r = argb >> 16 & 0xff, g = argb >> 8 & 0xff, b = argb & 0xff;
    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) < 12) return 216 + Math.round((r + g + b) / 3f * 39 / 255f);
    return 36 * Math.round(r / 51f) + 6 * Math.round(g / 51f) + Math.round(b / 51f);
  }

  private static IndexColorModel palette() {
    byte[] r = new byte[256], g = new byte[256], b = new byte[256];
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    for (int k = 0; k < 40; k++) r[216 + k] = g[216 + k] = b[216 + k] = (byte) Math.round(k * 255 / 39f);
    return new IndexColorModel(8, 256, r, g, b);
  }

  private static IIOMetadataNode frameTree(IIOMetadata meta, int delay, boolean first, java.awt.Rectangle r)
      throws IIOInvalidTreeException {
    IIOMetadataNode root = new IIOMetadataNode(meta.getNativeMetadataFormatName());
    IIOMetadataNode where = new IIOMetadataNode("ImageDescriptor");
    where.setAttribute("imageLeftPosition", Integer.toString(r.x));
    where.setAttribute("imageTopPosition", Integer.toString(r.y));
    where.setAttribute("imageWidth", Integer.toString(r.width));
    where.setAttribute("imageHeight", Integer.toString(r.height));
    where.setAttribute("interlaceFlag", "FALSE");
    root.appendChild(where);
    IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(delay));
    gce.setAttribute("transparentColorIndex", "0");
    root.appendChild(gce);
    if (first) {
      IIOMetadataNode apps = new IIOMetadataNode("ApplicationExtensions");
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = for ever
      apps.appendChild(loop);
      root.appendChild(apps);
    }
    return root;
  }
}
