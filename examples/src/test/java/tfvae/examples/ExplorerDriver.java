package tfvae.examples;

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Explorer;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * Run by {@link ExplorerXvfbTest} in a JVM of its own on an Xvfb display: opens the explorer on a checkpoint and the
 * fixture's test images, moves the real mouse pointer (java.awt.Robot) onto the scatter points of the images with the
 * smallest and the largest z1, screenshots the decoded digit after each, and prints one line per move:
 * {@code point <image> <z the explorer decoded, comma-separated> <screenshot file> <the image nearest the point>}.
 *
 * <p>Arguments: checkpoint, fixture directory, output directory.
 */
public final class ExplorerDriver {
  private ExplorerDriver() {}

  public static void main(String[] args) throws Exception {
    Images images = DataSplit.assignment(Path.of(args[1]), 500, 500).binarize().test();
    Path out = Path.of(args[2]);
    try (TrainedVae model = Vae.load(Path.of(args[0])); Explorer explorer = Explorer.open(model, images)) {
      Robot robot = new Robot();
      robot.setAutoDelay(20);
      settle(robot);
      int lo = 0, hi = 0;
      for (int i = 1; i < explorer.count(); i++) {
        if (explorer.scatterPoint(i)[0] < explorer.scatterPoint(lo)[0]) lo = i;
        if (explorer.scatterPoint(i)[0] > explorer.scatterPoint(hi)[0]) hi = i;
      }
      for (int i : new int[] {lo, hi}) {
        double[] ab = explorer.scatterPoint(i);
        Point p = explorer.screenPoint(ab[0], ab[1]);
        robot.mouseMove(p.x + 3, p.y + 3); // approach from nearby, so that the last move is a real motion event
        robot.mouseMove(p.x, p.y);
        settle(robot);
        Rectangle r = explorer.digitBounds();
        BufferedImage shot = robot.createScreenCapture(r);
        Path file = out.resolve("decoded-" + i + ".png");
        ImageIO.write(shot, "png", file.toFile());
        float[] z = explorer.latent();
        StringBuilder zs = new StringBuilder();
        for (float v : z) zs.append(zs.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", v));
        System.out.println("point " + i + " " + zs + " " + file + " " + explorer.nearest(ab[0] + 1e-6, ab[1] - 1e-6));
      }
    }
    System.exit(0);
  }

  private static void settle(Robot robot) throws InterruptedException {
    robot.waitForIdle();
    Thread.sleep(300);
    robot.waitForIdle();
  }
}
