package tfvae.examples.reproduce;

import tfvae.examples.TestData;
import tfvae.io.OutputLock;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the main command: exit status 2, one readable line on standard error, no stack trace, no file left. */
class ReproduceErrorsTest {
  @TempDir Path dir;

  record Run(int status, String stderr) {}

  private Run reproduce(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/reproduce").toString()));
    cmd.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), text);
  }

  @Test void aMissingDataDirectoryNamesFetchMnistAndData() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Run r = reproduce("--data", missing.toString(), "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: MNIST directory " + missing + " does not exist; expected a directory holding"
        + " the idx files train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or gzipped; run scripts/fetch-mnist, or point"
        + " --data at a directory holding the four MNIST idx files, a .npz or a .csv\n");
  }

  @Test void anOutOfRangeValueNamesTheFieldTheValueAndTheRange() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--epochs", "0", "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --epochs must be in [1, 100000], got 0\n");
  }

  @Test void anUnknownSplitNamesTheTwoThereAre() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--split", "halves", "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --split must be assignment or standard, got halves\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test void noEvaluateWithoutNoPart4IsRefusedBeforeAnyWork() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--no-evaluate", "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --no-evaluate skips the evaluation only with --no-part4 (part 4 needs it):"
        + " add --no-part4, or drop --no-evaluate\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--out", file.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: output directory " + file.resolve("out") + " cannot be written")
        .endsWith("; pass a writable --out\n").doesNotContain("\tat ").contains(" (Not a directory: ");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test void aGpuRequestWithoutAGpuSaysSo() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--train", "500", "--test", "500",
        "--out", dir.resolve("out").toString(), "--device", "gpu", "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: --device gpu was requested but TensorFlow found no usable GPU (it said: \"")
        .endsWith("\"); use --device cpu or auto, or build with -Pgpu (the CUDA native library) on a machine with an NVIDIA"
            + " driver, CUDA 12 and cuDNN 9.\n").doesNotContain("\tat ");
    assertThat(r.stderr().lines().count()).isEqualTo(1);
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(OutputLock.FILE); // nothing half-written
    }
  }

  // ---- issue 21: no run that fails late, messages in the command line's words ----

  private static final String FIXTURE = TestData.FIXTURE.toString();

  /** A CSV of {@code rows} examples of 4 values each (train and test by a split column), every value {@code value}. */
  private Path csv(String name, int rows, double value) throws IOException {
    StringBuilder s = new StringBuilder("label,split,a,b,c,d\n");
    for (int i = 0; i < rows; i++) s.append(i % 3).append(i < rows * 2 / 3 ? ",train," : ",test,").append(value).append(',')
        .append(value).append(',').append(value).append(',').append(value).append('\n');
    return Files.writeString(dir.resolve(name), s);
  }

  /** A .npz of the fixture's first 300 images (200 train, 100 test), their first {@code rows} rows, with the given training labels. */
  private Path npz(String name, int[] trainLabels, int rows) {
    tfvae.data.DataSplit d = tfvae.data.DataSplit.assignment(TestData.FIXTURE, 200, 100);
    float[] tr = d.train().pixels(), te = d.test().pixels(), trCut = new float[200 * rows * 28], teCut = new float[100 * rows * 28];
    for (int i = 0; i < 200; i++) System.arraycopy(tr, i * 784, trCut, i * rows * 28, rows * 28);
    for (int i = 0; i < 100; i++) System.arraycopy(te, i * 784, teCut, i * rows * 28, rows * 28);
    Path f = dir.resolve(name);
    tfvae.data.Npz.writeUint8(f, new tfvae.data.DataSplit(tfvae.data.Images.of(rows, 28, trCut, trainLabels),
        tfvae.data.Images.of(rows, 28, teCut, d.test().labels())));
    return f;
  }

  @Test void aOneDimensionalLatentDrawsAStripAndLabelsOutsideZeroToNineAreRefusedBeforeTrainingLeavingTheRunIntact() throws Exception {
    Path out = dir.resolve("lat1");
    Run ok = reproduce("--data", FIXTURE, "--train", "200", "--test", "100", "--epochs", "1", "--latent", "1", "--no-part4",
        "--out", out.toString(), "--quiet");
    assertThat(ok.status()).as(ok.stderr()).isZero();
    assertThat(out.resolve("fig-3b-latent-space.png")).isRegularFile();
    assertThat(out.resolve("fig-3c-interpolation.png")).isRegularFile();
    byte[] model = Files.readAllBytes(out.resolve("model.ckpt")), report = Files.readAllBytes(out.resolve("report.json"));
    int[] labels = tfvae.data.DataSplit.assignment(TestData.FIXTURE, 200, 100).train().labels();
    labels[7] = 12; // EMNIST-like labels above 9
    Path bad = npz("labels12.npz", labels, 28);
    Run r = reproduce("--data", bad.toString(), "--epochs", "1", "--batch-size", "50", "--retrain", "--out", out.toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --data " + bad + ": the label of training example 7 is 12; the latent-space"
        + " figure colours the labels 0..9: number the classes from 0 to 9 (e.g. EMNIST letters 1..26 need a mapping onto at most"
        + " ten classes), or leave the labels out of the file\n");
    assertThat(Files.readAllBytes(out.resolve("model.ckpt"))).isEqualTo(model); // the earlier run's set is intact
    assertThat(Files.readAllBytes(out.resolve("report.json"))).isEqualTo(report);
  }

  @Test void imagesOfOneRowAreTakenAsVectorsInsteadOfFailingAfterTraining() throws Exception {
    Path data = npz("onerow.npz", tfvae.data.DataSplit.assignment(TestData.FIXTURE, 200, 100).train().labels(), 1);
    Path out = dir.resolve("onerow");
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/reproduce").toString(), "--data", data.toString(),
        "--epochs", "1", "--batch-size", "50", "--out", out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("the data's images are 1x28: the figures tile square images of at least 2 rows, so they are treated as"
        + " plain vectors");
    assertThat(out.resolve("report.json")).isRegularFile();
  }

  @Test void rawPixelsOutsideTheUnitIntervalAreRefusedForTheBernoulliNamingTheOptions() throws Exception {
    Path raw = csv("raw.csv", 30, 255);
    Run r = reproduce("--data", raw.toString(), "--batch-size", "5", "--out", dir.resolve("raw").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --data " + raw + ": value 0 of training example 0 is 255.0, outside [0, 1];"
        + " --likelihood bernoulli (the default) binarizes values in [0, 1] at 0.5: scale the values into [0, 1] (0..255 pixels:"
        + " divide by 255), or pass --likelihood gaussian\n");
    assertThat(dir.resolve("raw").resolve("model.ckpt")).doesNotExist();
  }

  @Test void dataScaledBy1e30IsNotToldToLowerTheLearningRate() throws Exception {
    Path huge = csv("huge.csv", 30, 1e30);
    Run r = reproduce("--data", huge.toString(), "--batch-size", "5", "--likelihood", "gaussian", "--no-part4", "--no-evaluate",
        "--out", dir.resolve("huge").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: training diverged: the loss was ").contains(" at the first step, before any"
        + " update (so the learning rate is not the cause): the data's values or the initial parameters give a non-finite loss;"
        + " scale the data (e.g. to mean 0 and standard deviation 1)").doesNotContain("lower the learning rate");
  }

  @Test void oneClassDataIsNotToldToPassNoPart4() throws Exception {
    Path one = npz("oneclass.npz", new int[200], 28);
    Run r = reproduce("--data", one.toString(), "--epochs", "1", "--batch-size", "50", "--out", dir.resolve("one").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: the interpolation figure cannot be drawn from these images (interpolationPairs"
        + " needs two classes): pass more images, or images of more classes\n");
  }

  @Test void libraryFieldsAreNamedByTheirOptionsAndAnMnistDirectoryIsNotToldToDownload() throws Exception {
    Run bs = reproduce("--data", FIXTURE, "--train", "200", "--test", "100", "--batch-size", "500", "--out", dir.resolve("bs").toString(), "--quiet");
    assertThat(bs.stderr()).isEqualTo("reproduce: error: --batch-size 500 is larger than the 200 training images; lower --batch-size or"
        + " pass more data\n");
    Run big = reproduce("--data", FIXTURE, "--train", "60000", "--test", "10000", "--out", dir.resolve("big").toString(), "--quiet");
    assertThat(big.status()).isEqualTo(2);
    assertThat(big.stderr()).isEqualTo("reproduce: error: " + TestData.FIXTURE.resolve("train-images-idx3-ubyte.gz")
        + " holds 1000 images, but the split needs 60000 + 10000 = 70000; ask for at most 1000 in all (smaller --train and --test)\n");
  }

  @Test void aModelTooLargeForTheHeapIsRefusedInOneLineBeforeTraining() throws Exception {
    Run r = reproduce("--data", FIXTURE, "--train", "100", "--test", "100", "--encoder", "8192,8192", "--decoder", "8192,8192",
        "--out", dir.resolve("big").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: the model's 147,145,492 parameters (encoder [8192, 8192], decoder [8192, 8192],"
        + " dataDim 784) need about ").endsWith(" or raise -Xmx (the scripts read TFVAE_JAVA_OPTS)\n");
    assertThat(r.stderr().lines().count()).isEqualTo(1);
    assertThat(dir.resolve("big").resolve("model.ckpt")).doesNotExist();
  }
}
