package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.EvaluationOptions;
import tfvae.EvaluationReport;
import tfvae.Likelihood;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.cli.Cli;
import tfvae.cli.TestData;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * {@code scripts/vae evaluate} prints and writes what the library's {@link TrainedVae#evaluate} measures on the test
 * images {@code --data} holds, and refuses bad input in one line with nothing written. Runs in this JVM.
 */
class VaeEvaluateTest {
  @TempDir static Path dir;
  static Path model;

  record Run(int status, String stdout, String stderr) {}

  private static Run vae(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int status = Cli.execute(new VaeCommand(), args);
      return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The assignment's split of the fixture, 50 training and 30 test images. */
  private static DataSplit split() { return DataSplit.assignment(TestData.FIXTURE, 50, 30).forLikelihood(Likelihood.BERNOULLI); }

  @BeforeAll static void train() {
    model = dir.resolve("model.ckpt");
    TrainOptions o = TrainOptions.builder().epochs(2).batchSize(10).checkpoint(model).build();
    try (TrainingRun run = Vae.builder().latent(2).hidden(8).seed(4).build().train(split(), o, CheckpointPolicy.REPLACE)) {
      assertThat(run.trained()).isTrue();
    }
  }

  @Test void itPrintsAndWritesTheLibrarysRows() throws Exception {
    Path out = dir.resolve("evaluation.json");
    Run r = vae("evaluate", "--model", model.toString(), "--data", TestData.FIXTURE.toString(), "--split", "assignment",
        "--train", "50", "--test", "30", "--subset", "12", "--seed", "3", "--out", out.toString());
    assertThat(r.status()).as(r.stderr()).isZero();
    Images test = split().test();
    List<EvaluationReport.Row> want;
    try (TrainedVae m = Vae.load(model)) {
      want = m.evaluate(test, new EvaluationOptions(12, false, 3, EvaluationOptions.DEFAULT_TOLERANCE)).rows();
    }
    JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    JsonArray rows = json.getAsJsonArray("evaluation");
    assertThat(rows).hasSameSizeAs(want).hasSize(5); // ELBO, IW k = 10, 100, 1000, quadrature
    for (int i = 0; i < want.size(); i++) {
      JsonObject row = rows.get(i).getAsJsonObject();
      assertThat(row.get("estimate").getAsString()).isEqualTo(want.get(i).estimate());
      assertThat(row.get("images").getAsInt()).isEqualTo(12);
      assertThat(row.get("mean_log_p").getAsDouble()).as(want.get(i).estimate()).isEqualTo(want.get(i).mean());
      assertThat(r.stdout()).contains(String.format(java.util.Locale.ROOT, "  %-22s %5d test images  %9.2f nats%n",
          want.get(i).estimate(), 12, want.get(i).mean()));
    }
    assertThat(json.get("evaluation_subset_seed").getAsLong()).isEqualTo(3);
    assertThat(json.get("quadrature_converged").getAsBoolean()).isTrue();
    assertThat(r.stderr()).isEqualTo("wrote " + out + "\n");
  }

  @Test void badInputIsOneLineAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("none.json");
    String[] common = {"evaluate", "--model", model.toString(), "--data", TestData.FIXTURE.toString(), "--out", out.toString()};
    assertThat(vae(with(common, "--subset", "0"))).isEqualTo(new Run(2, "", "vae evaluate: error: --subset must be at least 1, got 0\n"));
    assertThat(vae(with(common, "--test", "abc"))).isEqualTo(new Run(2, "",
        "vae evaluate: error: --test must be a number of images or all, got abc\n"));
    Run missing = vae("evaluate", "--model", dir.resolve("nope.ckpt").toString(), "--data", TestData.FIXTURE.toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.stderr()).isEqualTo("vae evaluate: error: --model " + dir.resolve("nope.ckpt")
        + " does not exist; pass the model.ckpt that scripts/vae train wrote\n");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run noImages = vae(with(common, "--data", empty.toString()));
    assertThat(noImages.status()).isEqualTo(2);
    assertThat(noImages.stderr()).startsWith("vae evaluate: error: " + empty + " has no train-images-idx3-ubyte").contains("run scripts/fetch-mnist").hasLineCount(1);
    assertThat(out).doesNotExist();
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
