package tfvae.charts;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Crosshair;
import org.jfree.chart.panel.CrosshairOverlay;
import org.jfree.chart.plot.XYPlot;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * An interactive window onto a trained model's latent space: on the left the scatter of the images' encoder means
 * coloured by label ({@link LatentScatter} in a JFreeChart {@code ChartPanel}); on the right the image decoded at the
 * mouse position, updated as the mouse moves, with its z. Clicking near a point of the scatter shows that image
 * beside its reconstruction (decoded at its encoder mean). A check box switches between the Bernoulli means and one
 * binary sample x ~ p(x|z). For a latent above 2 the scatter shows the means' first two principal axes
 * ({@link LatentProjection}) and decodes at mean + a v1 + b v2; the window says so.
 *
 * <p>The window lives on the Swing event thread: {@link #open} returns once it is shown, so JShell stays usable;
 * {@link #close} (or the window's close button) disposes it. The model stays the caller's to close, after the
 * explorer. Needs a display: without one {@link #open} throws {@link NoDisplayException}, whose one-line message
 * says how to get one.
 *
 * <pre>{@code
 * var explorer = Explorer.open(model, data.test().slice(0, 2000));
 * // ... move the mouse over the scatter ...
 * explorer.close();
 * }</pre>
 */
public final class Explorer implements AutoCloseable {
  /** Screen pixels per image pixel of the decoded digit. */
  public static final int SCALE = 10;
  private final TrainedVae model;
  private final Images images;
  private final LatentProjection projection;
  private final double[][] points; // the images' positions on the scatter
  private final JFrame frame;
  private final ChartPanel scatter;
  private final Crosshair xHair = new Crosshair(Double.NaN), yHair = new Crosshair(Double.NaN);
  private final DigitView decoded = new DigitView(28, 28, SCALE);
  private final DigitView original = new DigitView(28, 28, 4), reconstruction = new DigitView(28, 28, 4);
  private final JLabel zLabel = new JLabel(" "), clickedLabel = new JLabel("click a point of the scatter");
  private final JCheckBox sample = new JCheckBox("a sample x ~ p(x|z) (else the means)");
  private final CountDownLatch closed = new CountDownLatch(1);
  private float[] z;
  private long draws;

  private Explorer(TrainedVae model, Images images, float[][] means) {
    this.model = model;
    this.images = images;
    this.projection = LatentProjection.of(means);
    this.points = new double[means.length][];
    for (int i = 0; i < means.length; i++) points[i] = projection.project(means[i]);
    float[][] shown = new float[points.length][];
    for (int i = 0; i < points.length; i++) shown[i] = new float[] {(float) points[i][0], (float) points[i][1]};
    int latent = projection.latent();
    JFreeChart chart = LatentScatter.chart(LatentScatter.dataset(shown, images.labels()), projection.identity()
        ? "Means of q(z|x) of " + images.count() + " images" : "Means of q(z|x) of " + images.count() + " images, first two principal axes");
    if (!projection.identity()) {
      chart.getXYPlot().getDomainAxis().setLabel("a (first principal axis)");
      chart.getXYPlot().getRangeAxis().setLabel("b (second principal axis)");
    }
    scatter = new ChartPanel(chart, 640, 600, 300, 300, 2000, 2000, true, false, false, false, false, false);
    scatter.setDomainZoomable(false);
    scatter.setRangeZoomable(false);
    CrosshairOverlay overlay = new CrosshairOverlay(); // drawn over the panel's buffer: moving it does not redraw the points
    overlay.addDomainCrosshair(xHair);
    overlay.addRangeCrosshair(yHair);
    scatter.addOverlay(overlay);
    MouseAdapter mouse = new MouseAdapter() {
      @Override public void mouseMoved(MouseEvent e) { pointAtPanel(e.getPoint()); }

      @Override public void mouseDragged(MouseEvent e) { pointAtPanel(e.getPoint()); }

      @Override public void mouseClicked(MouseEvent e) { clickAtPanel(e.getPoint()); }
    };
    scatter.addMouseMotionListener(mouse);
    scatter.addMouseListener(mouse);
    sample.addActionListener(e -> { if (z != null) decodeAt(z); });

    JPanel right = new JPanel();
    right.setLayout(new BoxLayout(right, BoxLayout.Y_AXIS));
    right.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
    right.add(left(new JLabel("decoded at the cursor")));
    right.add(left(decoded));
    zLabel.setFont(zLabel.getFont().deriveFont(Font.PLAIN, 13f));
    right.add(left(zLabel));
    right.add(left(sample));
    if (!projection.identity()) {
      right.add(left(new JLabel(String.format(Locale.ROOT, "<html>The latent has %d dimensions: the scatter shows the means on their<br>"
          + "first two principal axes (%.0f %% of their variance), and the digit<br>is decoded at z = mean + a v1 + b v2.</html>",
          latent, 100 * projection.explainedVariance()))));
    }
    right.add(Box.createVerticalStrut(16));
    right.add(left(clickedLabel));
    JPanel pair = new JPanel();
    pair.setLayout(new BoxLayout(pair, BoxLayout.X_AXIS));
    pair.add(labelled("original", original));
    pair.add(Box.createHorizontalStrut(8));
    pair.add(labelled("reconstruction", reconstruction));
    right.add(left(pair));
    right.add(Box.createVerticalGlue());

    frame = new JFrame("tfvae explorer: " + model.spec().latent() + "-D latent, " + model.spec().hidden() + " hidden units");
    frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
    frame.addWindowListener(new WindowAdapter() {
      @Override public void windowClosed(WindowEvent e) { closed.countDown(); }
    });
    frame.getContentPane().add(scatter, BorderLayout.CENTER);
    frame.getContentPane().add(right, BorderLayout.EAST);
    frame.pack();
    frame.setLocation(0, 0);
    decodeAt(projection.lift(0, 0));
  }

  /**
   * Opens the window, on the Swing event thread, and returns once it is shown.
   *
   * @param model the trained model; it must stay open while the window is
   * @param images labelled images to scatter, e.g. a few thousand test images
   * @return the open explorer
   * @throws NoDisplayException if this JVM has no display
   * @throws IllegalArgumentException if the images have no labels or fewer than 2 images
   */
  public static Explorer open(TrainedVae model, Images images) {
    Check.notNull("model", model);
    Check.notNull("images", images);
    if (!images.hasLabels()) throw new IllegalArgumentException("the explorer needs labelled images, to colour the scatter");
    if (images.count() < 2) throw new IllegalArgumentException("the explorer needs at least 2 images, got " + images.count());
    if (GraphicsEnvironment.isHeadless()) throw new NoDisplayException();
    float[][] means = model.encode(images).mean();
    Explorer e = onEdt(() -> new Explorer(model, images, means));
    onEdt(() -> {
      e.frame.setVisible(true);
      return null;
    });
    return e;
  }

  /** Disposes the window (on the event thread); harmless if it is already closed. The model is not closed. */
  @Override public void close() {
    onEdt(() -> {
      frame.dispose();
      return null;
    });
  }

  /**
   * Waits until the window is closed, by {@link #close} or its close button.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitClose() throws InterruptedException { closed.await(); }

  /** @return the latent point of the digit shown now, a copy */
  public float[] latent() { return onEdt(() -> z.clone()); }

  /** @return whether the digit shown is a binary sample rather than the Bernoulli means */
  public boolean showsSample() { return onEdt(sample::isSelected); }

  /**
   * Shows the digit decoded at a point of the scatter, with the crosshair there, as if the mouse were on it.
   *
   * @param a the scatter's horizontal coordinate (z1, or the first principal axis)
   * @param b its vertical coordinate
   */
  public void pointAt(double a, double b) {
    onEdt(() -> {
      showCursor(a, b);
      return null;
    });
  }

  /**
   * @param a the scatter's horizontal coordinate
   * @param b its vertical coordinate
   * @return where that point of the scatter is on the screen
   */
  public Point screenPoint(double a, double b) {
    return onEdt(() -> {
      XYPlot plot = scatter.getChart().getXYPlot();
      Rectangle2D area = scatter.getScreenDataArea();
      Point p = new Point((int) Math.round(plot.getDomainAxis().valueToJava2D(a, area, plot.getDomainAxisEdge())),
          (int) Math.round(plot.getRangeAxis().valueToJava2D(b, area, plot.getRangeAxisEdge())));
      SwingUtilities.convertPointToScreen(p, scatter);
      return p;
    });
  }

  /** @return where the decoded digit is on the screen: 28 x 28 squares of {@value #SCALE} pixels */
  public Rectangle digitBounds() {
    return onEdt(() -> {
      Rectangle r = decoded.imageBounds();
      Point p = r.getLocation();
      SwingUtilities.convertPointToScreen(p, decoded);
      return new Rectangle(p.x, p.y, r.width, r.height);
    });
  }

  /**
   * Shows image {@code i} beside its reconstruction, as a click on its point does.
   *
   * @param i an image index
   */
  public void select(int i) {
    if (i < 0 || i >= points.length) throw new IllegalArgumentException("i must be in [0, " + (points.length - 1) + "], got " + i);
    onEdt(() -> {
      showImage(i);
      return null;
    });
  }

  /** @return how many images the scatter shows */
  public int count() { return points.length; }

  /**
   * @param i an image index
   * @return where image {@code i} is on the scatter (a, b)
   */
  public double[] scatterPoint(int i) { return points[i].clone(); }

  /**
   * @param a the first coordinate of the scatter
   * @param b the second
   * @return the image whose scatter point is nearest (a, b) (the first of equally near ones)
   */
  public int nearest(double a, double b) {
    int best = 0;
    for (int i = 1; i < points.length; i++)
      if (Math.hypot(points[i][0] - a, points[i][1] - b) < Math.hypot(points[best][0] - a, points[best][1] - b)) best = i;
    return best;
  }

  /** @return the window's contents as they are painted now (no screen capture: works wherever the window exists) */
  public BufferedImage snapshot() {
    return onEdt(() -> {
      JComponent root = frame.getRootPane();
      BufferedImage img = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
      var g = img.createGraphics();
      root.paint(g);
      g.dispose();
      return img;
    });
  }

  // ---- on the event thread ----

  private void pointAtPanel(Point p) {
    Rectangle2D area = scatter.getScreenDataArea();
    if (!area.contains(p)) return;
    XYPlot plot = scatter.getChart().getXYPlot();
    showCursor(plot.getDomainAxis().java2DToValue(p.getX(), area, plot.getDomainAxisEdge()),
        plot.getRangeAxis().java2DToValue(p.getY(), area, plot.getRangeAxisEdge()));
  }

  private void showCursor(double a, double b) {
    xHair.setValue(a);
    yHair.setValue(b);
    decodeAt(projection.lift(a, b));
  }

  private void decodeAt(float[] at) {
    z = at.clone();
    float[][] one = {z};
    decoded.show(sample.isSelected() ? model.sampleImages(one, draws++)[0] : model.decodeMeans(one)[0]);
    StringBuilder s = new StringBuilder(sample.isSelected() ? "sample at z = (" : "means at z = (");
    for (int d = 0; d < z.length; d++) s.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", z[d]));
    zLabel.setText(s.append(")").toString());
  }

  /** Shows the image whose point is nearest the click, if it lies within 8 pixels. */
  private void clickAtPanel(Point p) {
    XYPlot plot = scatter.getChart().getXYPlot();
    Rectangle2D area = scatter.getScreenDataArea();
    int best = -1;
    double bestD = 64;
    for (int i = 0; i < points.length; i++) {
      double dx = plot.getDomainAxis().valueToJava2D(points[i][0], area, plot.getDomainAxisEdge()) - p.getX();
      double dy = plot.getRangeAxis().valueToJava2D(points[i][1], area, plot.getRangeAxisEdge()) - p.getY();
      if (dx * dx + dy * dy < bestD) {
        bestD = dx * dx + dy * dy;
        best = i;
      }
    }
    if (best >= 0) showImage(best);
  }

  private void showImage(int i) {
    float[] x = images.image(i);
    float[][] mean = {projection.lift(points[i][0], points[i][1])};
    if (projection.latent() > 2) mean[0] = model.encode(images.select(i)).mean()[0]; // the full z, not its shadow on the plane
    original.show(x);
    reconstruction.show(sample.isSelected() ? model.sampleImages(mean, draws++)[0] : model.decodeMeans(mean)[0]);
    clickedLabel.setText("image " + i + " (a " + images.label(i) + "): original and decoded at its mean");
  }

  private static JComponent left(JComponent c) {
    c.setAlignmentX(Component.LEFT_ALIGNMENT);
    return c;
  }

  private static JComponent labelled(String caption, JComponent c) {
    JPanel p = new JPanel(new BorderLayout());
    p.add(new JLabel(caption), BorderLayout.NORTH);
    p.add(c, BorderLayout.CENTER);
    p.setMaximumSize(new Dimension(200, 160));
    return p;
  }

  /** Runs {@code task} on the event thread (at once if this is it) and returns its result; its exceptions are rethrown here. */
  private static <T> T onEdt(Supplier<T> task) {
    if (SwingUtilities.isEventDispatchThread()) return task.get();
    AtomicReference<T> out = new AtomicReference<>();
    try {
      SwingUtilities.invokeAndWait(() -> out.set(task.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Swing event thread", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
    return out.get();
  }
}
