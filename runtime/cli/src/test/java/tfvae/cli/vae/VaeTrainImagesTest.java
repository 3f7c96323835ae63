package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import tfvae.Likelihood;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.Vae;
import tfvae.cli.Cli;
import tfvae.cli.TestData;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Npz;

/**
 * {@code scripts/vae train} on images reads {@code --data} as {@code scripts/reproduce} does (one {@code ImageData}):
 * {@code --split}, {@code --train} and {@code --test} choose the images, and bad data is one line naming {@code --data}.
 * Runs in this JVM.
 */
class VaeTrainImagesTest {
  @TempDir Path dir;

  record Run(int status, String stderr) {}

  private static Run vae(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int status = Cli.execute(new VaeCommand(), args);
      return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
  }

  @Test void theAssignmentsSplitTrainsOnExactlyTheImagesAskedFor() throws Exception {
    Path out = dir.resolve("model");
    Run r = vae("train", "--data", TestData.FIXTURE.toString(), "--split", "assignment", "--train", "50", "--test", "20",
        "--out", out.toString(), "--epochs", "1", "--batch-size", "10", "--hidden", "8", "--quiet");
    assertThat(r.status()).as(r.stderr()).isZero();
    assertThat(Files.readString(out.resolve("report.json"))).containsPattern("\"rows\"\\s*:\\s*50\\b");
    DataSplit want = DataSplit.assignment(TestData.FIXTURE, 50, 20).forLikelihood(Likelihood.BERNOULLI);
    try (TrainedVae model = Vae.load(out.resolve("model.ckpt"))) {
      TrainingRecord t = model.training();
      assertThat(t).isNotNull();
      assertThat(t.train()).isEqualTo(TrainingRecord.Data.of(want.train()));
      assertThat(t.test()).isEqualTo(TrainingRecord.Data.of(want.test()));
    }
  }

  @Test void theReportSaysWhatRanAsReproducesDoes() throws Exception {
    Path out = dir.resolve("model");
    Run r = vae("train", "--data", TestData.FIXTURE.toString(), "--split", "assignment", "--train", "40", "--test", "30",
        "--out", out.toString(), "--epochs", "2", "--batch-size", "10", "--hidden", "8", "--seed", "7", "--quiet");
    assertThat(r.status()).as(r.stderr()).isZero();
    com.google.gson.JsonObject report = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    DataSplit want = DataSplit.assignment(TestData.FIXTURE, 40, 30).forLikelihood(Likelihood.BERNOULLI);
    assertThat(report.get("n_train").getAsInt()).isEqualTo(40);
    assertThat(report.get("n_test").getAsInt()).isEqualTo(30);
    assertThat(report.get("train_sha256").getAsString()).isEqualTo(TrainingRecord.Data.of(want.train()).sha256());
    assertThat(report.get("test_sha256").getAsString()).isEqualTo(TrainingRecord.Data.of(want.test()).sha256());
    assertThat(report.get("seed").getAsLong()).isEqualTo(7);
    assertThat(report.get("epochs").getAsInt()).isEqualTo(2);
    assertThat(report.get("batch_size").getAsInt()).isEqualTo(10);
    assertThat(report.get("outcome").getAsString()).isEqualTo("trained");
    assertThat(report.get("tfvae_version").getAsString()).isEqualTo(tfvae.Version.VERSION);
    try (TrainedVae model = Vae.load(out.resolve("model.ckpt"))) {
      assertThat(report.get("test_elbo").getAsDouble()).isEqualTo(model.history().get(1).testElbo());
    }
  }

  @Test void rawPixelsAreRefusedInOneLineNamingDataWithNothingWritten() {
    float[] raw = new float[30 * 4];
    Arrays.fill(raw, 255f);
    Images set = Images.of(2, 2, raw, null); // 30 images of 2x2
    Path npz = dir.resolve("raw.npz");
    Npz.write(npz, new DataSplit(set, set));
    Run r = vae("train", "--data", npz.toString(), "--out", dir.resolve("model").toString(), "--batch-size", "5");
    assertThat(r.stderr()).isEqualTo("vae train: error: --data " + npz + ": pixel 0 of training image 0 is 255.0, outside [0, 1];"
        + " --likelihood bernoulli (the default) binarizes values in [0, 1] at 0.5: scale the values into [0, 1] (0..255 pixels:"
        + " divide by 255), or pass --likelihood gaussian\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(dir.resolve("model")).doesNotExist();
  }

  @Test void theImageOptionsWithATableAreRefusedBeforeAnyWork() throws Exception {
    Path csv = Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n3,4\n5,6\n");
    Run r = vae("train", "--data", csv.toString(), "--out", dir.resolve("model").toString(), "--split", "standard", "--test", "2");
    assertThat(r.stderr()).isEqualTo("vae train: error: --split, --train and --test choose images (an idx directory or a .npz); "
        + csv + " is a .csv table, trained on every row: leave out --split and --test\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(dir.resolve("model")).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--train|0|standard|--train must be at least 1, got 0",
      "--test|ten|standard|--test must be a number of images or all, got ten",
      "--train|all|assignment|--train all: the assignment's split (--split assignment) takes both sets from the training file,"
          + " so give the number of images (--train N --test N), or pass --split standard",
      "--test|20|halves|--split must be assignment or standard, got halves"})
  void aBadImageOptionIsOneLineBeforeTheDataIsRead(String option, String value, String split, String line) {
    Run r = vae("train", "--data", dir.resolve("no-such-dir").toString(), "--out", dir.resolve("model").toString(), "--split", split,
        option, value);
    assertThat(r.stderr()).isEqualTo("vae train: error: " + line + "\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(dir.resolve("model")).doesNotExist();
  }

  @Test void theHelpShowsTrainsOwnDefaultsTheStandardSplitAndEveryImage() {
    String help = new CommandLine(new VaeCommand()).getSubcommands().get("train").getUsageMessage();
    assertThat(entry(help, "--split=")).endsWith("Default: standard");
    assertThat(entry(help, "--train=")).endsWith("Default: all");
    assertThat(entry(help, "--test=")).endsWith("Default: all");
  }

  /** @return an option's lines in the option list, up to the next option, trimmed */
  private static String entry(String help, String option) {
    int from = help.indexOf("\n      " + option);
    assertThat(from).as("%s in the option list", option).isNotNegative();
    int to = help.indexOf("\n      --", from + 1);
    return help.substring(from, to < 0 ? help.length() : to).strip();
  }
}
