package tfvae.examples.reproduce;

import tfvae.examples.Launcher;
import tfvae.examples.Launcher.Run;
import tfvae.examples.TestData;
import tfvae.io.OutputLock;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Npz;

/**
 * The model family from the command line: the options reach the model and report.json, a latent above 2 skips only
 * the exact parts, a .npz of grayscale images trains the continuous likelihoods, and bad settings or files end in one
 * line and exit 2 with nothing written.
 */
class ReproduceFamilyTest {
  @TempDir Path dir;

  private Run reproduce(String... args) throws IOException, InterruptedException {
    return Launcher.run(dir, "reproduce", List.of(args));
  }

  private static JsonObject report(Path out) throws IOException {
    return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
  }

  @Test void twoHiddenLayersWithLatentEightTrainReportIwAndSkipOnlyTheExactParts() throws Exception {
    Path out = dir.resolve("l8");
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--train", "300", "--test", "100", "--epochs", "2",
        "--batch-size", "50", "--latent", "8", "--encoder", "64,32", "--decoder", "32,64", "--objective", "iwae", "--k", "3",
        "--shuffle", "--out", out.toString());
    assertThat(r.status()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("latent 8: skipped the exact parts (the exact posterior, its contour figure and the quadrature"
        + " log p(x)), which integrate over a 2-D latent grid; the SVI, completions and importance weighting ran");
    JsonObject rep = report(out);
    assertThat(rep.get("latent").getAsInt()).isEqualTo(8);
    assertThat(rep.get("encoder").toString()).isEqualTo("[64,32]");
    assertThat(rep.get("decoder").toString()).isEqualTo("[32,64]");
    assertThat(rep.get("objective").getAsString()).isEqualTo("iwae");
    assertThat(rep.get("k").getAsInt()).isEqualTo(3);
    assertThat(rep.get("batch_order").getAsString()).isEqualTo("shuffled");
    assertThat(rep.get("exact_parts_skipped_because").getAsString()).isEqualTo("latent 8 is not 2");
    List<String> rows = new ArrayList<>();
    rep.getAsJsonArray("evaluation").forEach(e -> rows.add(e.getAsJsonObject().get("estimate").getAsString()));
    assertThat(rows).containsExactly("ELBO (k = 1)", "IW k = 10", "IW k = 100", "IW k = 1000");
    double iw100 = rep.getAsJsonArray("evaluation").get(2).getAsJsonObject().get("mean_log_p").getAsDouble();
    double elbo = rep.getAsJsonArray("evaluation").get(0).getAsJsonObject().get("mean_log_p").getAsDouble();
    assertThat(iw100).isFinite().isGreaterThan(elbo);
    assertThat(out.resolve("fig-3b-latent-space.png")).isNotEmptyFile();
    assertThat(out.resolve("fig-4b-contours.png")).doesNotExist();
  }

  @Test void theStandardSplitTrainsOnTheTrainFileAndTestsOnTheT10kFile() throws Exception {
    Path out = dir.resolve("standard");
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--split", "standard", "--train", "200", "--test", "100",
        "--epochs", "1", "--hidden", "16", "--no-part4", "--no-evaluate", "--quiet", "--out", out.toString());
    assertThat(r.status()).as(r.stderr()).isZero();
    DataSplit standard = DataSplit.read(TestData.FIXTURE).binarize();
    TrainingRecord expected = TrainingRecord.of(TrainOptions.defaults(), standard.train().slice(0, 200), standard.test().slice(0, 100));
    try (TrainedVae model = Vae.load(out.resolve("model.ckpt"))) {
      assertThat(model.training().train()).isEqualTo(expected.train());
      assertThat(model.training().test()).isEqualTo(expected.test()); // the t10k file's first 100, not training-file images
    }
  }

  @Test void grayscaleImagesFromANpzTrainTheContinuousBernoulliAndTheGaussian() throws Exception {
    DataSplit gray = DataSplit.assignment(TestData.FIXTURE, 200, 100);
    Path npz = dir.resolve("gray.npz");
    Npz.writeUint8(npz, gray);
    for (String likelihood : List.of("continuous-bernoulli", "gaussian")) {
      Path out = dir.resolve(likelihood);
      Run r = reproduce("--data", npz.toString(), "--epochs", "2", "--batch-size", "50", "--likelihood", likelihood, "--no-part4", "--no-evaluate",
          "--out", out.toString(), "--quiet");
      assertThat(r.status()).as(r.stderr()).isZero();
      JsonObject rep = report(out);
      assertThat(rep.get("likelihood").getAsString()).isEqualTo(likelihood);
      assertThat(rep.get("test_elbo").isJsonNull()).isFalse();
      assertThat(rep.get("n_train").getAsInt()).isEqualTo(200);
      for (String f : List.of("fig-2e-samples", "fig-3a-prior-samples", "fig-3b-latent-space", "fig-3c-interpolation"))
        assertThat(out.resolve(f + ".png")).as(likelihood + " " + f).isNotEmptyFile();
    }
  }

  @Test void badSettingsAndFilesEndInOneLineAndExitTwo() throws Exception {
    Path out = dir.resolve("bad");
    Run likelihood = reproduce("--data", TestData.FIXTURE.toString(), "--likelihood", "poisson", "--out", out.toString());
    assertThat(likelihood.status()).isEqualTo(2);
    assertThat(likelihood.stderr()).isEqualTo("reproduce: error: likelihood must be bernoulli, continuous-bernoulli or gaussian, got poisson\n");
    Run k = reproduce("--data", TestData.FIXTURE.toString(), "--k", "4", "--out", out.toString());
    assertThat(k.stderr()).isEqualTo("reproduce: error: --k must be 1 for the elbo objective, got 4; k applies to iwae\n");
    Run layers = reproduce("--data", TestData.FIXTURE.toString(), "--encoder", "64,0", "--out", out.toString());
    assertThat(layers.stderr()).startsWith("reproduce: error: --encoder: layer '0' is not in the layer text form (dense layer units"
        + " must be in [1, 8192], got 0); write UNITS (e.g. 512 or 64*7*7), conv:FILTERS:KERNEL:STRIDE,").endsWith("\n").hasLineCount(1);
    Path csv = Files.writeString(dir.resolve("ragged.csv"), "1,0,1\n0,1\n");
    Run ragged = reproduce("--data", csv.toString(), "--out", out.toString());
    assertThat(ragged.status()).isEqualTo(2);
    assertThat(ragged.stderr()).startsWith("reproduce: error: " + csv).contains("line 2 has 2 fields but line 1 has 3").doesNotContain("\tat ");
    assertThat(ragged.stderr().lines().count()).isEqualTo(1);
    Path over = Files.writeString(dir.resolve("over.csv"), "a,b,c,split\n0.5,1.0,0.25,train\n0.75,2.0,0.0,train\n0.1,0.2,0.3,test\n");
    Run mismatch = reproduce("--data", over.toString(), "--likelihood", "continuous-bernoulli", "--out", out.toString());
    assertThat(mismatch.status()).isEqualTo(2);
    assertThat(mismatch.stderr()).isEqualTo("reproduce: error: training images: value 1 of example 1 is 2.0; the continuous-bernoulli"
        + " likelihood needs values in [0, 1]: scale them into [0, 1] or choose the gaussian likelihood\n");
    Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
    Run npz = reproduce("--data", empty.toString(), "--out", out.toString());
    assertThat(npz.status()).isEqualTo(2);
    assertThat(npz.stderr()).startsWith("reproduce: error: " + empty).doesNotContain("\tat ");
    assertThat(npz.stderr().lines().count()).isEqualTo(1);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(OutputLock.FILE); // nothing half-written
    }
  }
}
