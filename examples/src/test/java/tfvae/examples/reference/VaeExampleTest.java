package tfvae.examples.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/** Runs the reference program on the test fixture for two epochs, and on bad input. */
class VaeExampleTest {
  static final Path FIXTURE = Path.of("..").toAbsolutePath().normalize().resolve("api/src/test/resources/mnist-fixture");

  record Run(int status, String out, String err) {}

  static Run run(Object... args) {
    PrintStream stdout = System.out, stderr = System.err;
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      String[] words = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
      int status = tfvae.cli.Cli.execute(new VaeExample(), words); // what main runs, without its exit
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test void itTrainsEvaluatesSamplesAndSavesAModelThatLoadsBackWithTheSameElbo(@TempDir Path dir) throws Exception {
    Run r = run("--data", FIXTURE, "--out", dir, "--epochs", 2, "--train", 500, "--test", 200, "--k", 50);

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("data: 500 training and 200 test images of 784 pixels\n")
        .contains("model: latent 2, layers 500\n")
        .containsPattern("epoch   1  train ELBO +-\\d+\\.\\d\\d  test ELBO +-\\d+\\.\\d\\d nats")
        .containsPattern("epoch   2  train ELBO").doesNotContain("epoch   3");
    Matcher m = Pattern.compile("test ELBO (-\\d+\\.\\d\\d) nats, IW k = 50 (-\\d+\\.\\d\\d) nats \\(200 test images\\)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    double elbo = Double.parseDouble(m.group(1)), iw = Double.parseDouble(m.group(2));
    assertThat(iw).as("the importance-weighted bound is tighter than the ELBO").isGreaterThan(elbo);

    BufferedImage samples = ImageIO.read(dir.resolve("samples.png").toFile());
    assertThat(samples.getWidth()).isEqualTo(800);     // 8 columns of 100 pixels
    assertThat(samples.getHeight()).isEqualTo(860);    // 8 rows of 100, and the title
    BufferedImage pairs = ImageIO.read(dir.resolve("reconstructions.png").toFile());
    assertThat(pairs.getWidth()).isEqualTo(800);
    assertThat(pairs.getHeight()).isEqualTo(260);
    assertThat(dir.resolve("samples.svg")).isNotEmptyFile();
    assertThat(r.out()).contains("wrote " + dir.resolve("model.ckpt"));

    var test = DataSplit.assignment(FIXTURE, 500, 200).binarize().test();
    try (TrainedVae loaded = Vae.load(dir.resolve("model.ckpt"))) {
      assertThat(loaded.history()).hasSize(2);
      assertThat(String.format(Locale.ROOT, "%.2f", loaded.elbo(test))).isEqualTo(m.group(1));
    }
  }

  @Test void badInputEndsWithOneLineAndStatusTwoBeforeWritingAnything(@TempDir Path dir) {
    Path out = dir.resolve("out");
    Run epochs = run("--data", FIXTURE, "--out", out, "--epochs", 0, "--train", 500, "--test", 200);
    assertThat(epochs.status()).isEqualTo(2);
    assertThat(epochs.err()).isEqualTo("vae-example: error: --epochs must be in [1, 100000], got 0\n");

    Run word = run("--epochs", "ten");
    assertThat(word.status()).isEqualTo(2);
    assertThat(word.err()).isEqualTo("vae-example: error: Invalid value for option '--epochs': 'ten' is not an int"
        + " (vae-example --help lists the options)\n");

    Run data = run("--data", dir.resolve("nothing"), "--out", out);
    assertThat(data.status()).isEqualTo(2);
    assertThat(data.err()).startsWith("vae-example: error: ").contains("does not exist; expected a directory holding the idx files")
        .hasLineCount(1);
    assertThat(out).doesNotExist();
  }
}
