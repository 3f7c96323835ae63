package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Explorer;
import tfvae.data.DataSplit;

/**
 * The explorer for real, on a virtual X display: {@link ExplorerDriver} (in a JVM of its own, under {@code xvfb-run})
 * moves the mouse pointer onto two scatter points of a small model trained on the fixture and screenshots the decoded
 * digit after each; here the screenshots must differ, and each must be the model's {@code decodeMeans} at the z the
 * explorer decoded, which must be that point's encoder mean (to within the pixel the pointer landed on). Skipped,
 * saying so, where Xvfb is not installed; scripts/test installs it.
 */
class ExplorerXvfbTest {
  @TempDir Path dir;

  @Test void movingTheMouseOverTwoPointsDecodesEachPointsMean() throws Exception {
    Assumptions.assumeTrue(onPath("xvfb-run") && onPath("Xvfb"),
        "Xvfb is not installed (Debian: apt-get install xvfb; scripts/test installs it): the explorer's display test is skipped");
    DataSplit data = DataSplit.assignment(TestData.FIXTURE, 500, 500).binarize();
    Path checkpoint = dir.resolve("model.ckpt");
    // 60 epochs of 5 steps at Adam 0.01 (ten times the assignment's): enough for the decoder to draw different digits at the scatter's two ends
    try (TrainedVae model = Vae.builder().hidden(64).seed(3).build().train(DataSplit.trainingOnly(data.train()), TrainOptions.builder().epochs(60).learningRate(0.01).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model()) {
      model.save(checkpoint);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", java, "-Djava.awt.headless=false", "-cp",
          System.getProperty("java.class.path"), ExplorerDriver.class.getName(), checkpoint.toString(),
          TestData.FIXTURE.toString(), dir.toString()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();

      List<BufferedImage> shots = new ArrayList<>();
      for (String line : output.lines().filter(l -> l.startsWith("point ")).toList()) {
        String[] f = line.split(" ");
        int image = Integer.parseInt(f[1]);
        String[] zs = f[2].split(",");
        float[] z = {Float.parseFloat(zs[0]), Float.parseFloat(zs[1])};
        float[] mean = model.encode(data.test().select(image)).mean()[0];
        // the pointer lands on a whole pixel: within 1.5 pixels of the point (here a pixel is below 0.02 of a unit in z)
        assertThat(Math.hypot(z[0] - mean[0], z[1] - mean[1])).as("z decoded at image %d's point", image).isLessThan(0.05);
        assertThat(Integer.parseInt(f[4])).as("the image nearest image %d's point", image).isEqualTo(image);
        BufferedImage shot = ImageIO.read(new File(f[3]));
        assertThat(shot.getWidth()).isEqualTo(28 * Explorer.SCALE);
        float[] want = model.decodeMeans(new float[][] {z})[0];
        for (int r = 0; r < 28; r++)
          for (int c = 0; c < 28; c++) {
            int gray = shot.getRGB(c * Explorer.SCALE + Explorer.SCALE / 2, r * Explorer.SCALE + Explorer.SCALE / 2) & 0xff;
            assertThat(gray).as("image %d, pixel (%d, %d)", image, r, c).isCloseTo(Math.round(want[r * 28 + c] * 255), org.assertj.core.api.Assertions.within(1));
          }
        shots.add(shot);
      }
      assertThat(shots).as(output).hasSize(2);
      int changed = 0;
      for (int y = 0; y < shots.get(0).getHeight(); y++)
        for (int x = 0; x < shots.get(0).getWidth(); x++)
          if (Math.abs((shots.get(0).getRGB(x, y) & 0xff) - (shots.get(1).getRGB(x, y) & 0xff)) > 32) changed++;
      System.out.printf("explorer: %d of %d screen pixels of the decoded digit changed by more than 32 gray levels%n", changed, 280 * 280);
      // a tenth of the digit's area (78 of its 784 pixels, each 10 x 10 on screen)
      assertThat(changed).as("pixels of the decoded digit that changed between the two points").isGreaterThan(78 * 100);
    }
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
    return false;
  }
}
