package tfvae.runtime;

import tfvae.Version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointException;
import tfvae.EpochStats;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.internal.Npy;

/**
 * Old checkpoints keep loading: {@code checkpoint-format-1.ckpt} was written by tfvae 0.1.0 (format 1) with
 * {@link MakeCheckpointFixture}, and must load, give the outputs it gave then, and resume. A change that breaks
 * reading it fails here; add a converter or keep the old reader rather than regenerating the file. Parameters,
 * history and the step are compared exactly (they are stored); computed outputs within a tolerance, because float
 * sums differ in the last bits between CPUs and TensorFlow builds.
 */
class CheckpointFormatTest {
  static final Path FILE = Path.of("src", "test", "resources", "checkpoint-format-1.ckpt");
  /**
   * The second format-1 fixture ({@link MakeCheckpointFixture#SEPARATING}): written by tfvae 0.1.0 with {@code
   * MakeCheckpointFixture separating}, from a model whose encoder separates images. The old one's encoder collapsed
   * (the three test images below get the same q(z|x) to 1e-6), so it could not catch an encoder that ignores x.
   */
  static final Path SEPARATING = Path.of("src", "test", "resources", "checkpoint-format-1-separating.ckpt");

  @Test void theFormatOneCheckpointLoadsWithItsArchitectureHistoryAndParameters() {
    Checkpoint.Contents c = Checkpoint.read(FILE);
    assertThat(c.meta().formatVersion()).isEqualTo(1);
    assertThat(c.meta().libraryVersion()).isEqualTo("0.1.0");
    try (TrainedVae m = Vae.load(FILE)) {
      assertThat(m.spec()).isEqualTo(Vae.builder().dataDim(784).hidden(8).seed(7).build());
      assertThat(m.history()).hasSize(10);
      assertThat(m.history().stream().map(EpochStats::trainElbo).toList()).containsExactly(-473.1840530395508, -252.43137130737304,
          -216.87811965942382, -211.04810028076173, -208.64407348632812, -207.07331390380858, -206.19073638916015,
          -205.7081085205078, -205.39109268188477, -204.95404357910155);
      assertThat(m.history().get(4).testElbo()).isEqualTo(-212.04597955322265);
      assertThat(m.history().get(3).hasTestElbo()).isFalse();
      Map<String, Npy.Array> v = ((TfVae) m).variables();
      assertThat(Arrays.copyOfRange(v.get("encoder_w1").floats(), 3200, 3204)).containsExactly(0.08427423f, -0.14954281f, 0.13414913f, -0.13749407f);
      assertThat(v.get("adam/step").longs()).containsExactly(200);
    }
  }

  @Test void theFormatOneCheckpointGivesTheOutputsItGaveWhenWritten() {
    try (TrainedVae m = Vae.load(FILE)) {
      var x = Fixtures.mnist().test().slice(0, 3);
      float[][] mean = m.encode(x).mean();
      float[][] expected = {{-1.2510147f, 1.3749373f}, {-1.251015f, 1.3749375f}, {-1.2510123f, 1.3749348f}};
      for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) assertThat(mean[i][j]).isCloseTo(expected[i][j], within(1e-4f));
      float[] px = Arrays.copyOfRange(m.decodeMeans(new float[][] {{0.5f, -1f}})[0], 200, 204);
      float[] expectedPx = {0.66238546f, 0.6334448f, 0.6076484f, 0.5783436f};
      for (int i = 0; i < 4; i++) assertThat(px[i]).isCloseTo(expectedPx[i], within(1e-5f));
      double[] elbo = m.elboPerImage(x, 1);
      double[] expectedElbo = {-196.15203857421875, -191.6569366455078, -162.8709259033203};
      for (int i = 0; i < 3; i++) assertThat(elbo[i]).isCloseTo(expectedElbo[i], within(0.01));
    }
  }

  @Test void theSeparatingFormatOneCheckpointLoadsWithItsArchitectureHistoryAndParameters() {
    Checkpoint.Contents c = Checkpoint.read(SEPARATING);
    assertThat(c.meta().formatVersion()).isEqualTo(1);
    assertThat(c.meta().libraryVersion()).isEqualTo("0.1.0");
    try (TrainedVae m = Vae.load(SEPARATING)) {
      assertThat(m.spec()).isEqualTo(Vae.builder().dataDim(784).hidden(16).seed(7).build());
      assertThat(m.history()).hasSize(80);
      // the generator's printout (history trainElbo, entries 0-2 and 77-79; testElbo at epochs 40 and 80)
      assertThat(m.history().get(0).trainElbo()).isEqualTo(-422.643000793457);
      assertThat(m.history().get(1).trainElbo()).isEqualTo(-226.177742767334);
      assertThat(m.history().get(2).trainElbo()).isEqualTo(-213.27187576293946);
      assertThat(m.history().get(77).trainElbo()).isEqualTo(-185.26946182250975);
      assertThat(m.history().get(78).trainElbo()).isEqualTo(-185.27276840209962);
      assertThat(m.history().get(79).trainElbo()).isEqualTo(-184.85275115966797);
      assertThat(m.history().get(39).testElbo()).isEqualTo(-200.41403352355957);
      assertThat(m.history().get(79).testElbo()).isEqualTo(-196.65243376159668);
      assertThat(m.history().get(40).hasTestElbo()).isFalse();
      Map<String, Npy.Array> v = ((TfVae) m).variables();
      assertThat(Arrays.copyOfRange(v.get("encoder_w1").floats(), 3200, 3204)).containsExactly(0.08710721f, 0.04259303f, 0.030093076f, -0.067741f);
      assertThat(v.get("adam/step").longs()).containsExactly(1600);
    }
  }

  /**
   * The outputs the generator printed when it wrote the file (tolerances as for the old fixture: 1e-4 for the
   * encoder's float32 sums of 784 terms, 1e-5 for decoded probabilities, 0.01 nats for an ELBO). The three test
   * images' means of q(z|x) are 0.47 to 1.76 apart, so an encoder that ignored x (one q for every image) misses
   * at least two of them by 0.2 or more. The encodings must also be what plain Java computes from the loaded
   * parameters ({@link PlainVae}), within the same 1e-4.
   */
  @Test void theSeparatingFormatOneCheckpointGivesTheOutputsItGaveWhenWritten() {
    try (TrainedVae m = Vae.load(SEPARATING)) {
      var x = Fixtures.mnist().test().slice(0, 3);
      float[][] mean = m.encode(x).mean(), logStd = m.encode(x).logStd();
      float[][] expected = {{0.68967324f, -0.057161532f}, {-1.065173f, 0.0140194055f}, {0.22142623f, -0.045641094f}};
      float[][] expectedLogStd = {{-1.7208008f, -0.0038055885f}, {-1.1055057f, -0.00880229f}, {-1.6677221f, -0.016251408f}};
      PlainVae plain = PlainVae.of((TfVae) m);
      for (int i = 0; i < 3; i++) {
        double[][] q = plain.encode(x.image(i));
        for (int j = 0; j < 2; j++) {
          assertThat(mean[i][j]).as("mean of image %d, dim %d", i, j).isCloseTo(expected[i][j], within(1e-4f));
          assertThat(logStd[i][j]).as("logStd of image %d, dim %d", i, j).isCloseTo(expectedLogStd[i][j], within(1e-4f));
          assertThat((double) mean[i][j]).as("plain-Java mean of image %d, dim %d", i, j).isCloseTo(q[0][j], within(1e-4));
          assertThat((double) logStd[i][j]).as("plain-Java logStd of image %d, dim %d", i, j).isCloseTo(q[1][j], within(1e-4));
        }
      }
      for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
          assertThat(Math.hypot(mean[i][0] - mean[j][0], mean[i][1] - mean[j][1])).as("images %d and %d apart", i, j).isGreaterThan(0.4);
      float[] px = Arrays.copyOfRange(m.decodeMeans(new float[][] {{0.5f, -1f}})[0], 200, 204);
      float[] expectedPx = {0.00795067f, 0.012631416f, 0.02496006f, 0.050889015f};
      for (int i = 0; i < 4; i++) assertThat(px[i]).isCloseTo(expectedPx[i], within(1e-5f));
      double[] elbo = m.elboPerImage(x, 1);
      double[] expectedElbo = {-201.59153747558594, -176.28504943847656, -157.31088256835938};
      for (int i = 0; i < 3; i++) assertThat(elbo[i]).isCloseTo(expectedElbo[i], within(0.01));
    }
  }

  @Test void theFormatOneCheckpointResumes(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(FILE, dir.resolve("old.ckpt"));
    TrainOptions o = TrainOptions.builder().epochs(11).batchSize(25).learningRate(0.01).testEvery(5).progress(false).checkpoint(copy).build();
    Vae spec;
    try (TrainedVae old = Vae.load(copy)) { spec = old.spec(); } // it records no training options: resumed on our word
    try (TrainedVae m = spec.train(Fixtures.mnist(), o, tfvae.CheckpointPolicy.RESUME).model()) {
      assertThat(m.history()).hasSize(11);
      assertThat(m.history().get(10).steps()).isEqualTo(220);
      assertThat(m.history().get(10).trainElbo()).isGreaterThan(-215);
    }
    assertThat(Checkpoint.read(copy).meta().formatVersion()).isEqualTo(Checkpoint.MLP_FORMAT_VERSION); // an MLP: format 2, as before
  }

  @Test void aCheckpointOfANewerFormatSaysWhichVersionReadsIt(@TempDir Path dir) throws Exception {
    Map<String, byte[]> e = HostileFilesTest.entries(Files.readAllBytes(FILE));
    String meta = new String(e.get("meta.json"), StandardCharsets.UTF_8).replace("\"format_version\": 1,", "\"format_version\": 99,")
        .replace("\"library_version\": \"0.1.0\"", "\"library_version\": \"9.9.0\"");
    Path f = Files.write(dir.resolve("v99.ckpt"), HostileFilesTest.zip(HostileFilesTest.with(e, "meta.json", meta.getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> Vae.load(f)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + f + ": it has format version 99, written by tfvae 9.9.0; this is tfvae "
            + Version.VERSION + ", which reads format " + Checkpoint.FORMAT_VERSION + "; load it with tfvae 9.9.0 or newer");
  }

  /** A long history (tables train thousands of epochs) is written and read back; one too long to read is not written. */
  @Test void aHistoryOfTwentyThousandEpochsLoadsAndOneTooLongToLoadIsNotWritten(@TempDir Path dir) {
    Checkpoint.Contents c = Checkpoint.read(FILE);
    java.util.List<EpochStats> history = new java.util.ArrayList<>();
    for (int e = 1; e <= 20_000; e++) history.add(new EpochStats(e, 10L * e, -100.0 - 1.0 / e, Double.NaN, 0.25, 0, 40.123456789));
    Map<String, Npy.Array> arrays = new java.util.LinkedHashMap<>(c.arrays());
    arrays.put("adam/step", Npy.Array.of(c.arrays().get("adam/step").shape(), new long[] {200_000})); // where the history ends
    Path file = dir.resolve("long.ckpt");
    Checkpoint.write(file, c.spec(), c.training(), history, arrays);
    assertThat(Checkpoint.read(file).meta().history()).hasSize(20_000);
    try (TrainedVae m = Vae.load(file)) {
      assertThat(m.history()).hasSize(20_000);
      assertThat(m.history().get(19_999).steps()).isEqualTo(200_000);
    }
    while (history.size() < 200_000) history.addAll(history.subList(0, 20_000));
    Path tooLong = dir.resolve("too-long.ckpt");
    assertThatThrownBy(() -> Checkpoint.write(tooLong, c.spec(), c.training(), history, arrays)).isInstanceOf(tfvae.WriteException.class)
        .hasMessageStartingWith("cannot write checkpoint " + tooLong + ": its meta.json would be ")
        .hasMessageEndingWith(" bytes (a history of 200000 epochs), more than the " + Checkpoint.MAX_META + " a checkpoint may hold; train fewer epochs");
    assertThat(tooLong).doesNotExist();
  }
}
