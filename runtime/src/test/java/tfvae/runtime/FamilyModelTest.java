package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import tfvae.BadDataException;
import tfvae.CheckpointPolicy;
import tfvae.EpochStats;
import tfvae.Likelihood;
import tfvae.Objective;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.internal.Npy;

/**
 * The model family through the public API: layer lists, the three likelihoods, the objectives, shuffled batches and
 * the data dimension taken from the data; each trains, saves (format 2) and loads back bit for bit.
 */
class FamilyModelTest {
  static DataSplit data;
  /** The fixture's digits as grayscale-like values in [0, 1] (binary pixels softened), for the continuous likelihoods. */
  static DataSplit gray;

  @BeforeAll static void load() {
    data = Fixtures.mnist();
    gray = new DataSplit(soften(data.train()), soften(data.test()));
  }

  static Images soften(Images binary) {
    float[] px = binary.pixels();
    for (int i = 0; i < px.length; i++) px[i] = px[i] == 1f ? 0.9f - 0.1f * (i % 3) : 0.05f * (i % 2);
    return Images.of(binary.height(), binary.width(), px, binary.labels());
  }

  static List<Double> elbos(TrainedVae m) {
    List<Double> out = new ArrayList<>();
    for (EpochStats s : m.history()) out.add(s.trainElbo());
    return out;
  }

  @Test void iwaeWithOneDrawIsTheSingleSampleElboOnTheSameNoise() {
    Vae spec = Fixtures.small().toBuilder().encoder(16, 8).decoder(8, 16).build();
    try (TfVae m = (TfVae) Fixtures.untrained(spec)) {
      VaeNetwork net = new VaeNetwork(spec);
      Map<String, Npy.Array> vars = m.variables();
      float[][] x = data.test().slice(0, 50).toRows();
      try (TfFixture f = new TfFixture()) {
        List<Operand<TFloat32>> p = new ArrayList<>();
        for (String name : net.params()) p.add(f.tf.constant(Shape.of(vars.get(name).shape()), DataBuffers.of(vars.get(name).floats(), true, false)));
        var s = f.tf.constant(new long[] {5, 9});
        Operand<TFloat32> iw = net.bound(f.tf, p, f.tf.constant(x), s, Objective.iwae(1), null);
        Operand<TFloat32> elbo = net.bound(f.tf, p, f.tf.constant(x), s, Objective.elbo(), null);
        try (Result r = f.session.runner().fetch(iw).fetch(elbo).run()) {
          float[] a = Tensors.flat((TFloat32) r.get(0)), b = Tensors.flat((TFloat32) r.get(1));
          assertThat(a).containsExactly(b);
        }
      }
    }
  }

  @Test void eachLikelihoodAndObjectiveTrainsTwoLayerNetsAndRoundTripsThroughFormatTwo(@TempDir Path dir) {
    record Case(Likelihood likelihood, Objective objective, DataSplit data) {}
    for (Case c : List.of(new Case(Likelihood.BERNOULLI, Objective.iwae(5), data),
        new Case(Likelihood.CONTINUOUS_BERNOULLI, Objective.analyticKl().withBeta(0.5), gray),
        new Case(Likelihood.GAUSSIAN, Objective.elbo().withWarmup(2), gray))) {
      Vae spec = Vae.builder().encoder(48, 24).decoder(24, 48).latent(3).likelihood(c.likelihood()).objective(c.objective()).seed(1).build();
      Path ckpt = dir.resolve(c.likelihood() + ".ckpt");
      try (TrainedVae m = spec.train(c.data(), Fixtures.quick(3), CheckpointPolicy.REPLACE).model()) {
        assertThat(m.spec().dataDim()).isEqualTo(784);
        List<Double> h = elbos(m);
        assertThat(h).allMatch(Double::isFinite);
        assertThat(m.history().get(2).testElbo()).as("%s", c).isFinite();
        float[][] means = m.decodeMeans(m.samplePrior(4, 2));
        for (float[] row : means) for (float v : row) assertThat(Float.isFinite(v)).isTrue();
        if (c.likelihood() != Likelihood.GAUSSIAN)
          for (float[] row : means) for (float v : row) assertThat(v).isBetween(0f, 1f);
        float[][] samples = m.sampleImages(m.samplePrior(2, 2), 7);
        for (float[] row : samples) for (float v : row) assertThat(c.likelihood().accepts(v)).as("%s sample %s", c.likelihood(), v).isTrue();
        double iw = java.util.Arrays.stream(m.importanceWeighted(c.data().test().slice(0, 20), 50, 0)).average().orElseThrow();
        assertThat(iw).as("%s: IW-50 above the ELBO", c).isGreaterThan(mean(m.elboPerImage(c.data().test().slice(0, 20), 0)) - 1);
        m.save(ckpt);
        try (TrainedVae back = Vae.load(ckpt)) {
          assertThat(back.spec()).isEqualTo(m.spec());
          ResumeTest.assertSameVariables(m, back);
          assertThat(back.decodeMeans(new float[][] {{0.1f, -0.2f, 0.3f}})).isEqualTo(m.decodeMeans(new float[][] {{0.1f, -0.2f, 0.3f}}));
        }
      }
    }
  }

  private static double mean(double[] v) { return Arrays.stream(v).average().orElseThrow(); }

  @Test void aShuffledRunDiffersFromTheInOrderOneAndResumesBitForBit(@TempDir Path dir) {
    Path ckpt = dir.resolve("run.ckpt");
    TrainOptions shuffled = Fixtures.quick(4).toBuilder().shuffle(true).build();
    try (TrainedVae inOrder = Fixtures.small().train(data, Fixtures.quick(4), CheckpointPolicy.REPLACE).model();
         TrainedVae straight = Fixtures.small().train(data, shuffled, CheckpointPolicy.REPLACE).model()) {
      assertThat(elbos(straight)).isNotEqualTo(elbos(inOrder));
      assertThat(straight.training().batchOrder()).isEqualTo("shuffled");
      try (TrainedVae first = Fixtures.small().train(data, shuffled.toBuilder().epochs(2).checkpoint(ckpt).build(), CheckpointPolicy.REPLACE).model()) {
        assertThat(first.history()).hasSize(2);
      }
      try (TrainedVae resumed = Fixtures.small().train(data, shuffled.toBuilder().checkpoint(ckpt).build(), CheckpointPolicy.RESUME).model()) {
        assertThat(ResumeTest.losses(resumed)).isEqualTo(ResumeTest.losses(straight));
        ResumeTest.assertSameVariables(straight, resumed);
      }
      assertThatThrownBy(() -> Fixtures.small().train(data, Fixtures.quick(6).toBuilder().checkpoint(ckpt).build(), CheckpointPolicy.RESUME))
          .hasMessage("cannot resume " + ckpt + ": its batch order is shuffled, not in-order (a resumed run must continue the same run)");
    }
  }

  @Test void eachEpochsOrderIsAPermutationThatDependsOnTheSeedAndEpochOnly() {
    long[] a = TrainingLoop.shuffled(1000, 3, 1), b = TrainingLoop.shuffled(1000, 3, 2), again = TrainingLoop.shuffled(1000, 3, 1);
    assertThat(again).containsExactly(a);
    assertThat(b).isNotEqualTo(a);
    assertThat(TrainingLoop.shuffled(1000, 4, 1)).isNotEqualTo(a);
    long[] sorted = a.clone();
    Arrays.sort(sorted);
    assertThat(sorted).containsExactly(TrainingLoop.inOrder(1000));
  }

  @Test void theDataDimensionComesFromTheDataUnlessGiven() {
    float[] px = new float[200 * 64];
    for (int i = 0; i < px.length; i++) px[i] = (i * 7919 % 13) < 5 ? 1f : 0f;
    Images vectors = Images.of(8, 8, px, null);
    try (TrainedVae m = Vae.builder().hidden(16).build().train(DataSplit.trainingOnly(vectors), Fixtures.quick(1).toBuilder().batchSize(50).build(), CheckpointPolicy.REPLACE).model()) {
      assertThat(m.spec().dataDim()).isEqualTo(64);
      assertThat(m.history().get(0).trainElbo()).isFinite();
    }
    assertThatThrownBy(() -> Vae.builder().dataDim(784).hidden(16).build().train(DataSplit.trainingOnly(vectors), Fixtures.quick(1), CheckpointPolicy.REPLACE).model())
        .isInstanceOf(BadDataException.class).hasMessage("training images have 8x8 = 64 pixels but the model's dataDim is 784");
  }

  @Test void dataTheLikelihoodCannotScoreIsRefusedNamingTheFirstValue() {
    Vae cb = Fixtures.small().toBuilder().likelihood(Likelihood.CONTINUOUS_BERNOULLI).build();
    float[] px = gray.train().pixels();
    px[40] = 1.5f;
    Images bad = Images.of(28, 28, px, null);
    assertThatThrownBy(() -> cb.train(DataSplit.trainingOnly(bad), Fixtures.quick(1), CheckpointPolicy.REPLACE).model()).isInstanceOf(BadDataException.class)
        .hasMessage("training images: pixel 40 of image 0 is 1.5; the continuous-bernoulli likelihood needs values in [0, 1]: scale them"
            + " into [0, 1] or choose the gaussian likelihood");
    assertThatThrownBy(() -> Fixtures.small().train(DataSplit.trainingOnly(gray.train()), Fixtures.quick(1), CheckpointPolicy.REPLACE).model()).isInstanceOf(BadDataException.class)
        .hasMessageStartingWith("training images: pixel 1 of image 0 is 0.05; the bernoulli likelihood needs binary values");
  }
}
