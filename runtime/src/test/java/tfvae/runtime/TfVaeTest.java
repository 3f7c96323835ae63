package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.Objective;
import tfvae.EpochStats;
import tfvae.InvalidConfigException;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingDivergedException;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Npy;

/** Training, evaluation, persistence and bad input, end to end through the public API, on the fixture. */
class TfVaeTest {
  static DataSplit data;

  @BeforeAll static void load() { data = Fixtures.mnist(); }

  @Test void theElboRisesOverAFewEpochs() {
    try (TrainedVae m = Fixtures.small().train(data, Fixtures.quick(6), CheckpointPolicy.REPLACE).model()) {
      List<EpochStats> h = m.history();
      assertThat(h).hasSize(6);
      assertThat(h.get(5).trainElbo()).isGreaterThan(h.get(0).trainElbo() + 20);
      assertThat(h.get(5).testElbo()).isGreaterThan(h.get(0).testElbo() + 20);
      // an untrained model scores every pixel near log(1/2): 784 * log 2 = 543 nats
      assertThat(h.get(0).testElbo()).isLessThan(-150).isGreaterThan(-560);
      assertThat(h.get(5).steps()).isEqualTo(6 * 5);
    }
  }

  /**
   * The history's test ELBO, recomputed from its definition without the model's ELBO code: the mean over the test
   * images of the single-sample Monte Carlo ELBO, computed by {@link PlainVae} (plain Java, double) from the trained
   * parameters, with the documented evaluation noise: eps = StatelessRandomNormal with seed {spec seed +
   * 0x9E3779B97F4A7C15, chunk} (500 test images: one chunk). Tolerance: the mean of the per-image float32 bounds
   * 1e-5 x S + 1e-4 (see {@link ElboForwardPassTest}), about 2e-3 nats; another noise seed moves the mean by about
   * 0.1 nats or more, a wrong density term by far more.
   */
  @Test void theTestElboInTheHistoryIsThePlainJavaElboWithTheDocumentedSeed() {
    try (TfVae m = (TfVae) Fixtures.small().train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      PlainVae plain = PlainVae.of(m);
      Images test = data.test();
      double[][] eps = PlainVae.statelessNormal(test.count(), 2, m.spec().seed() + TfVae.EVAL_SALT, 0);
      double mean = 0, tol = 0;
      for (int i = 0; i < test.count(); i++) {
        float[] x = test.image(i);
        mean += plain.elboMonteCarlo(x, eps[i]) / test.count();
        double[][] q = plain.encode(x);
        double[] z = PlainVae.reparameterize(q, eps[i]);
        tol += (1e-5 * (plain.logLikelihoodScale(x, z) + Math.abs(PlainVae.logStandardNormal(z))
            + Math.abs(PlainVae.logNormal(z, q[0], q[1]))) + 1e-4) / test.count();
      }
      assertThat(m.history().get(1).testElbo()).isCloseTo(mean, org.assertj.core.api.Assertions.within(tol));
      assertThat(m.elbo(data.test())).isCloseTo(mean, org.assertj.core.api.Assertions.within(tol));
      assertThat(m.history().get(0).hasTestElbo()).isTrue(); // quick(): the test ELBO after every epoch
    }
  }

  @Test void theSameSeedGivesIdenticalLossesAndAnotherSeedDoesNot() {
    List<Double> a = trainLosses(3), b = trainLosses(3), c = trainLosses(4);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  private static List<Double> trainLosses(long seed) {
    try (TrainedVae m = Fixtures.small().toBuilder().seed(seed).build().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      List<Double> out = new ArrayList<>();
      for (EpochStats s : m.history()) out.add(s.trainElbo());
      return out;
    }
  }

  @Test void theAnalyticKlEstimatorAlsoTrains() {
    Vae spec = Fixtures.small().toBuilder().objective(Objective.analyticKl()).build();
    try (TrainedVae m = spec.train(data, Fixtures.quick(4), CheckpointPolicy.REPLACE).model()) {
      assertThat(m.history().get(3).testElbo()).isGreaterThan(m.history().get(0).testElbo());
    }
  }

  @Test void saveAndLoadRoundTripBitExactly(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("sub/model.ckpt");
    try (TrainedVae m = Fixtures.small().train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      m.save(ckpt);
      Images few = data.test().slice(0, 7);
      try (TrainedVae back = Vae.load(ckpt)) {
        assertThat(back.spec()).isEqualTo(m.spec());
        assertThat(back.history()).isEqualTo(m.history());
        assertThat(back.encode(few).mean()).isDeepEqualTo(m.encode(few).mean());
        assertThat(back.encode(few).logStd()).isDeepEqualTo(m.encode(few).logStd());
        float[][] z = {{0.5f, -1f}, {2f, 0f}};
        assertThat(back.decodeLogits(z)).isDeepEqualTo(m.decodeLogits(z));
        assertThat(back.elboPerImage(few, 11)).containsExactly(m.elboPerImage(few, 11));
        back.save(dir.resolve("again.ckpt"));
      }
      assertThat(Files.readAllBytes(dir.resolve("again.ckpt"))).isEqualTo(Files.readAllBytes(ckpt));
      try (var files = Files.list(ckpt.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.ckpt"); // no temporary left
      }
    }
  }

  @Test void resumedTrainingContinuesExactlyWhereItStopped(@TempDir Path dir) {
    List<Double> straight;
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(4), CheckpointPolicy.REPLACE).model()) {
      straight = m.history().stream().map(EpochStats::trainElbo).toList();
    }
    Path ckpt = dir.resolve("half.ckpt");
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(2), CheckpointPolicy.REPLACE).model()) {
      m.save(ckpt);
    }
    try (TfVae back = (TfVae) Vae.load(ckpt)) {
      back.fit(data.train(), null, Fixtures.quick(2));
      assertThat(back.history().stream().map(EpochStats::trainElbo).toList()).isEqualTo(straight);
    }
  }

  @Test void exportedNpzHoldsTheDocumentedArrays(@TempDir Path dir) throws Exception {
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      m.exportNpz(dir.resolve("w.npz"));
    }
    try (var zip = new java.util.zip.ZipFile(dir.resolve("w.npz").toFile())) {
      List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
      assertThat(names).containsExactly("encoder_w1.npy", "encoder_b1.npy", "encoder_w2.npy", "encoder_b2.npy",
          "decoder_w1.npy", "decoder_b1.npy", "decoder_w2.npy", "decoder_b2.npy", "metadata.npy");
      Npy.Array w2 = Npy.read(zip.getInputStream(zip.getEntry("encoder_w2.npy")), "encoder_w2", 1 << 20);
      assertThat(w2.shape()).containsExactly(64, 4);
      Npy.Array dw2 = Npy.read(zip.getInputStream(zip.getEntry("decoder_w2.npy")), "decoder_w2", 1 << 20);
      assertThat(dw2.shape()).containsExactly(64, 784);
    }
  }

  /**
   * Every weight and bias starts as initScale * N(0, 1), each variable from its own seed. For each of the eight
   * variables (n values, sigma = initScale), checked at the default scale 0.01 and at 0.2: the sample mean within 4
   * standard errors of 0 (4 sigma / sqrt(n)); the sample standard deviation within 4 of its standard errors of sigma
   * (sigma / sqrt(2 n) for normal data); for the matrices (n >= 1000) the fraction inside +-sigma within 4 standard
   * errors of 0.6827, which a uniform or a constant would miss. 4-sigma bounds: with 8 variables a false alarm has
   * probability under 1e-3, and the seeds are fixed. Distinct per variable: no two variables share their first four
   * values (the same seed gives the same leading values, whatever the shape).
   */
  @Test void everyWeightAndBiasStartsAsInitScaleTimesAStandardNormalWithItsOwnSeed() {
    for (double scale : new double[] {0.01, 0.2}) {
      try (TfVae m = (TfVae) Fixtures.untrained(Fixtures.small().toBuilder().initScale(scale).build())) {
        Map<String, Npy.Array> vars = m.variables();
        List<String> params = new VaeNetwork(m.spec()).params();
        for (String name : params) {
          float[] v = vars.get(name).floats();
          int n = v.length;
          double mean = 0, sq = 0, inside = 0;
          for (float f : v) mean += f / (double) n;
          for (float f : v) {
            sq += (f - mean) * (f - mean) / (n - 1);
            if (Math.abs(f) < scale) inside += 1.0 / n;
          }
          assertThat(Math.abs(mean)).as("%s at scale %s: |mean|", name, scale).isLessThan(4 * scale / Math.sqrt(n));
          assertThat(Math.sqrt(sq)).as("%s at scale %s: std", name, scale)
              .isCloseTo(scale, org.assertj.core.api.Assertions.within(4 * scale / Math.sqrt(2.0 * n)));
          if (n >= 1000)
            assertThat(inside).as("%s at scale %s: fraction within one std", name, scale)
                .isCloseTo(0.6827, org.assertj.core.api.Assertions.within(4 * Math.sqrt(0.6827 * 0.3173 / n)));
        }
        for (int a = 0; a < params.size(); a++)
          for (int b = a + 1; b < params.size(); b++) {
            float[] va = Arrays.copyOf(vars.get(params.get(a)).floats(), 4);
            float[] vb = Arrays.copyOf(vars.get(params.get(b)).floats(), 4);
            assertThat(va).as("%s and %s start alike", params.get(a), params.get(b)).isNotEqualTo(vb);
          }
      }
    }
  }

  @Test void loadingTakesTheArchitectureFromTheCheckpointAndAnotherOneIsNamedWhenReused(@TempDir Path dir) {
    Path ckpt = dir.resolve("m.ckpt");
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      m.save(ckpt);
    }
    try (TrainedVae back = Vae.load(ckpt)) {
      assertThat(back.spec()).isEqualTo(Fixtures.small());
    }
    // the policies compare the whole run; CheckpointPolicyTest covers every field, this one the architecture's
    tfvae.TrainOptions o = tfvae.TrainOptions.builder().epochs(1).progress(false).checkpoint(ckpt).build();
    assertThatThrownBy(() -> Fixtures.small().toBuilder().hidden(32).build().train(data, o, tfvae.CheckpointPolicy.RESUME))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": its encoder layers are 64, not 32 (a resumed run must continue the same run)");
    assertThatThrownBy(() -> Fixtures.small().toBuilder().latent(3).build().train(data, o, tfvae.CheckpointPolicy.RESUME))
        .hasMessageContaining("its latent dimension is 2, not 3");
  }

  @Test void aMissingOrDamagedCheckpointGivesAClearError(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.ckpt");
    assertThatThrownBy(() -> Vae.load(missing)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("checkpoint " + missing + " does not exist");
    Path junk = dir.resolve("junk.ckpt");
    Files.writeString(junk, "not a zip");
    assertThatThrownBy(() -> Vae.load(junk)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("cannot load checkpoint " + junk + ": it is not a readable zip file");
  }

  @Test void aBatchLargerThanTheDataIsRejected() {
    assertThatThrownBy(() -> Fixtures.small().train(DataSplit.trainingOnly(data.train().slice(0, 50)), Fixtures.quick(1), CheckpointPolicy.REPLACE).model())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("batchSize 100 is larger than the 50 training images; lower batchSize or pass more data");
  }

  @Test void nonBinaryOrWrongSizedImagesAreRejected() {
    Images gray = Images.of(28, 28, new float[784 * 100], null).binarize();
    float[] px = gray.pixels();
    px[3] = 0.5f;
    Images notBinary = Images.of(28, 28, px, null);
    assertThatThrownBy(() -> Fixtures.small().train(DataSplit.trainingOnly(notBinary), Fixtures.quick(1), CheckpointPolicy.REPLACE).model()).isInstanceOf(BadDataException.class)
        .hasMessage("training images: pixel 3 of image 0 is 0.5; the bernoulli likelihood needs binary values (0 or 1): binarize them"
            + " (Images.binarize()) or choose the continuous-bernoulli or gaussian likelihood");
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      assertThatThrownBy(() -> m.encode(Images.of(14, 28, new float[3 * 392], null))).isInstanceOf(BadDataException.class)
          .hasMessage("images have 14x28 = 392 pixels but the model's dataDim is 784");
      assertThatThrownBy(() -> m.decodeMeans(new float[][] {{1f, 2f, 3f}})).isInstanceOf(BadDataException.class)
          .hasMessage("z row 0 has 3 values; this model's latent dimension is 2");
    }
  }

  @Test void aLossThatBecomesNanStopsTrainingWithTheEpochAndStep(@TempDir Path dir) {
    Path ckpt = dir.resolve("m.ckpt");
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      m.save(ckpt);
    }
    Checkpoint.Contents c = Checkpoint.read(ckpt);
    c.arrays().get("decoder_b2").floats()[0] = Float.NaN; // a NaN parameter makes every loss NaN
    try (TfVae m = new TfVae(Fixtures.small())) {
      m.restore(ckpt, c);
      assertThatThrownBy(() -> m.fit(data.train(), null, Fixtures.quick(1))).isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged: the loss was NaN at the first step, before any update (so the learning rate"
              + " is not the cause): the data's values or the initial parameters give a non-finite loss;");
    }
  }

  @Test void aClosedModelSaysSoAndClosingTwiceIsHarmless() {
    TrainedVae m = Fixtures.untrained(Fixtures.small());
    m.close();
    m.close();
    assertThatThrownBy(() -> m.decodeMeans(new float[][] {{0f, 0f}})).isInstanceOf(IllegalStateException.class)
        .hasMessage("this model was closed; load it again with Vae.load(path)");
  }

  @Test void priorSamplesAreSeededAndStandardNormal() {
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      float[][] a = m.samplePrior(4000, 1), b = m.samplePrior(4000, 1);
      assertThat(a).isDeepEqualTo(b);
      double mean = 0, sq = 0;
      for (float[] r : a) for (float v : r) { mean += v / 8000; sq += v * v / 8000; }
      assertThat(mean).isBetween(-0.06, 0.06);
      assertThat(sq).isBetween(0.92, 1.08);
    }
  }

  @Test void defaultOptionsAreTheAssignmentsProtocol() {
    TrainOptions d = TrainOptions.defaults();
    assertThat(d.epochs()).isEqualTo(100);
    assertThat(d.batchSize()).isEqualTo(100);
    assertThat(d.learningRate()).isEqualTo(1e-3);
    Vae v = Vae.builder().build();
    assertThat(v.latent()).isEqualTo(2);
    assertThat(v.hidden()).isEqualTo(500);
    assertThat(v.initScale()).isEqualTo(0.01);
  }
}
