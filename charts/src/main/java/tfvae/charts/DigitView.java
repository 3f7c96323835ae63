package tfvae.charts;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Rectangle;
import javax.swing.JComponent;

/** One gray image (0 black, 1 white) drawn at a whole number of screen pixels per image pixel, centred; blank until set. */
final class DigitView extends JComponent {
  private static final long serialVersionUID = 1L;
  private final int rows, cols, scale;
  private float[] pixels;

  DigitView(int rows, int cols, int scale) {
    this.rows = rows;
    this.cols = cols;
    this.scale = scale;
    this.pixels = new float[rows * cols];
    setPreferredSize(new Dimension(cols * scale + 2, rows * scale + 2));
    setMinimumSize(getPreferredSize());
  }

  /** @param image rows x cols gray levels; values outside [0, 1] are clamped */
  void show(float[] image) {
    if (image.length != rows * cols) throw new IllegalArgumentException("image must have " + rows * cols + " pixels, got " + image.length);
    pixels = image.clone();
    repaint();
  }

  /** @return the area the image is drawn in, in this component's coordinates */
  Rectangle imageBounds() {
    return new Rectangle((getWidth() - cols * scale) / 2, (getHeight() - rows * scale) / 2, cols * scale, rows * scale);
  }

  @Override protected void paintComponent(Graphics g) {
    Rectangle r = imageBounds();
    g.setColor(ImageGrid.SEPARATOR);
    g.drawRect(r.x - 1, r.y - 1, r.width + 1, r.height + 1);
    for (int y = 0; y < rows; y++)
      for (int x = 0; x < cols; x++) {
        int v = Math.round(Math.max(0, Math.min(1, pixels[y * cols + x])) * 255);
        g.setColor(new Color(v, v, v));
        g.fillRect(r.x + x * scale, r.y + y * scale, scale, scale);
      }
  }
}
