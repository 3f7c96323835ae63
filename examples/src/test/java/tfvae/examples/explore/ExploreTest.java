package tfvae.examples.explore;

import tfvae.examples.TestData;
import tfvae.cli.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.NoDisplayException;
import tfvae.data.DataSplit;

/** The explore command: one line and exit 2 without a display or with a bad --at; a screenshot under Xvfb. */
class ExploreTest {
  @TempDir static Path dir;
  static Path checkpoint;

  @BeforeAll static void model() {
    checkpoint = dir.resolve("model.ckpt");
    try (TrainedVae m = Vae.builder().hidden(32).seed(1).build().train(DataSplit.trainingOnly(DataSplit.assignment(TestData.FIXTURE, 500, 500).binarize().train()), TrainOptions.builder().epochs(1).testEvery(0).progress(false).build(), CheckpointPolicy.REPLACE).model()) {
      m.save(checkpoint);
    }
  }

  /** The tests run headless (the build's argLine): the command says in one line what is missing, with no stack trace. */
  @Test void withoutADisplayItPrintsOneLineAndExits2() {
    String[] err = new String[1];
    int status = run(err, "--checkpoint", checkpoint.toString(), "--data", TestData.FIXTURE.toString(), "--images", "100");
    assertThat(status).isEqualTo(2);
    assertThat(err[0]).isEqualTo("explore: error: " + NoDisplayException.MESSAGE + System.lineSeparator());
  }

  @Test void aBadAtIsOneLineAndExit2() {
    String[] err = new String[1];
    assertThat(run(err, "--checkpoint", checkpoint.toString(), "--at", "1,2,3")).isEqualTo(2);
    assertThat(err[0]).isEqualTo("explore: error: --at must be two numbers Z1,Z2, got 3" + System.lineSeparator());
  }

  @Test void underXvfbItSavesAScreenshotOfTheWindow() throws Exception {
    Assumptions.assumeTrue(onPath("xvfb-run") && onPath("Xvfb"),
        "Xvfb is not installed (Debian: apt-get install xvfb; scripts/test installs it): the screenshot test is skipped");
    Path png = dir.resolve("explorer.png");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", java, "-cp", System.getProperty("java.class.path"),
        Explore.class.getName(), "--checkpoint", checkpoint.toString(), "--data", TestData.FIXTURE.toString(), "--images", "300",
        "--screenshot", png.toString(), "--at", "0.5,-0.5").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("wrote " + png);
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot.getWidth()).as("scatter and digit side by side").isGreaterThan(900);
    assertThat(shot.getHeight()).isGreaterThan(500);
  }

  private static int run(String[] err, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return Cli.execute(new Explore(), args);
    } finally {
      System.setErr(old);
      err[0] = buf.toString(StandardCharsets.UTF_8);
    }
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
    return false;
  }
}
