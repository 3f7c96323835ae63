package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static tfvae.Layer.convTranspose;
import static tfvae.Layer.conv;
import static tfvae.Layer.dense;
import static tfvae.Layer.flatten;
import static tfvae.Layer.reshape;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.Activation;
import tfvae.CheckpointPolicy;
import tfvae.Evidence;
import tfvae.GridPosterior;
import tfvae.ImageShape;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.Mask;
import tfvae.PosteriorFit;
import tfvae.SviOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Preset;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/** A tiny convolutional model trained on the fixture: every query works for it, and its bounds are in order. */
class ConvModelTest {
  static final Activation RELU = Activation.RELU;
  static Vae spec = Vae.builder().latent(2).seed(5)
      .encoder(conv(4, 3, 2).with(RELU), flatten(), dense(8).with(RELU))
      .decoder(dense(7 * 7 * 4).with(RELU), reshape(7, 7, 4), convTranspose(4, 3, 2).with(RELU), convTranspose(1, 3, 2)).build();
  static DataSplit data;
  static TrainedVae model;

  @BeforeAll static void train() {
    data = DataSplit.assignment(Fixtures.MNIST, 200, 100).binarize();
    model = spec.train(data, TrainOptions.builder().epochs(2).batchSize(50).progress(false).build(), CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  @Test void theSpecTakesTheImageShapeFromTheDataAndNamesItsLayers() {
    assertThat(model.spec().image()).isEqualTo(new ImageShape(28, 28, 1));
    assertThat(model.spec().dataDim()).isEqualTo(784);
    assertThat(model.spec().layersText())
        .isEqualTo("encoder conv:4:3:2/relu,flatten,8/relu decoder 196/relu,reshape:7x7x4,tconv:4:3:2/relu,tconv:1:3:2");
    assertThat(model.history()).hasSize(2);
    assertThat(model.history().get(1).trainElbo()).isFinite().isGreaterThan(model.history().get(0).trainElbo());
  }

  @Test void parametersAreNumberedOverTheLayersWithWeightsWithConvShapes() {
    VaeNetwork net = new VaeNetwork(model.spec());
    assertThat(net.params()).containsExactly("encoder_w1", "encoder_b1", "encoder_w2", "encoder_b2", "encoder_w3", "encoder_b3",
        "decoder_w1", "decoder_b1", "decoder_w2", "decoder_b2", "decoder_w3", "decoder_b3");
    assertThat(net.shape(0)).containsExactly(3, 3, 1, 4);           // conv kernel [k, k, in, filters]
    assertThat(net.shape(2)).containsExactly(14 * 14 * 4, 8);       // dense after flatten
    assertThat(net.shape(4)).containsExactly(8, 4);                 // the [mean | log-std] head
    assertThat(net.shape(8)).containsExactly(3, 3, 4, 4);           // tconv kernel [k, k, filters, in]
    assertThat(net.shape(10)).containsExactly(3, 3, 1, 4);
    assertThat(net.initStddev(0)).isCloseTo(Math.sqrt(2.0 / 9), within(1e-12));   // He: fan-in 3 * 3 * 1
    assertThat(net.initStddev(1)).isZero();
    assertThat(net.initStddev(10)).isEqualTo(Vae.DEFAULT_INIT_SCALE);             // the output layer: initScale
  }

  @Test void elboIsBelowImportanceWeightingWhichIsBelowTheExactLogLikelihood() {
    Images x = data.test().slice(0, 3);
    double elbo = mean(model.elboPerImage(x, 1)), iw = mean(model.importanceWeighted(x, 500, 2));
    Evidence exact = model.logEvidence(x, Mask.all(784), 1e-3);
    assertThat(exact.converged()).isTrue();
    assertThat(elbo).isFinite().isLessThan(iw);
    assertThat(iw).isLessThan(exact.mean() + exact.maxError());
  }

  @Test void aMaskGathersTheObservedPixelsAfterTheWholeImageIsDecoded() {
    float[] image = data.test().image(0);
    Mask top = Mask.topHalf(28, 28);
    float[][] z = {{0.3f, -0.2f}, {1f, 0.5f}};
    double[] observed = model.logJointObserved(image, top, z);
    float[][] logits = model.decodeLogits(z);
    for (int p = 0; p < z.length; p++) {   // plain Java: log N(z) + sum over observed pixels of the Bernoulli log density
      double sum = -Math.log(2 * Math.PI) - 0.5 * (z[p][0] * z[p][0] + z[p][1] * z[p][1]);
      for (int d : top.observed()) sum += image[d] * logits[p][d] - Math.log1p(Math.exp(logits[p][d]));
      assertThat(observed[p]).isCloseTo(sum, within(1e-3));
    }
    PosteriorFit q = model.fitPosterior(image, top, SviOptions.builder().iterations(50).samples(10).seed(1).build());
    assertThat(q.elbo()).isFinite();
    GridPosterior exact = model.exactPosterior(image, top, q);
    assertThat(exact.logEvidence()).isFinite().isGreaterThan(q.elbo() - 0.5);
    float[] completed = model.complete(image, top, 200, 3);
    for (int d : top.observed()) assertThat(completed[d]).isEqualTo(image[d]);
    assertThat(model.fitPosteriors(data.test().slice(0, 2), null, SviOptions.builder().iterations(20).samples(5).build()))
        .allSatisfy(f -> assertThat(f.elbo()).isFinite());
  }

  @Test void aCheckpointRoundTripsTheLayersAndTheParameters(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("conv.ckpt");
    model.save(file);
    try (TrainedVae back = Vae.load(file)) {
      assertThat(back.spec()).isEqualTo(model.spec());
      Images x = data.test().slice(0, 3);
      assertThat(back.encode(x).mean()).isDeepEqualTo(model.encode(x).mean());
      assertThat(back.elboPerImage(x, 4)).containsExactly(model.elboPerImage(x, 4));
    }
    assertThat(Checkpoint.read(file).meta().formatVersion()).isEqualTo(3);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String meta = new String(zip.getInputStream(zip.getEntry("meta.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(meta).contains("\"encoder_layers\": [", "\"conv:4:3:2/relu\"", "\"image\": [");
    }
    // a run with another layer list is refused by RESUME, naming the field
    Vae other = spec.toBuilder().encoder(conv(4, 3, 2).with(RELU), flatten(), dense(9).with(RELU)).build();
    TrainOptions again = TrainOptions.builder().epochs(3).batchSize(50).progress(false).checkpoint(file).build();
    assertThatThrownBy(() -> other.train(data, again, CheckpointPolicy.RESUME))
        .hasMessageContaining("its encoder layers are conv:4:3:2/relu,flatten,8/relu, not conv:4:3:2/relu,flatten,9/relu");
  }

  @Test void anMlpCheckpointKeepsFormatTwoAndItsWidths(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mlp.ckpt");
    try (TrainedVae mlp = Fixtures.untrained(Vae.builder().encoder(12, 8).decoder(9).seed(1).build())) {
      mlp.save(file);
    }
    assertThat(Checkpoint.read(file).meta().formatVersion()).isEqualTo(2);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String meta = new String(zip.getInputStream(zip.getEntry("meta.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(meta.replaceAll("\\s+", "")).contains("\"encoder\":[12,8],\"decoder\":[9],").doesNotContain("layers", "\"image\"");
    }
  }

  @Test void npzAndSavedModelExportsWork(@TempDir Path dir) throws Exception {
    Path npz = dir.resolve("w.npz");
    model.exportNpz(npz);
    try (ZipFile zip = new ZipFile(npz.toFile())) {
      byte[] raw = zip.getInputStream(zip.getEntry("metadata.npy")).readAllBytes();
      StringBuilder text = new StringBuilder();
      for (int i = 0; i + 3 < raw.length; i += 4) if (raw[i] >= 32) text.append((char) raw[i]);
      assertThat(text.toString()).contains("\"encoder\": [\"conv:4:3:2/relu\", \"flatten\", \"8/relu\"]", "\"image\": [28, 28, 1]");
      assertThat(zip.getEntry("encoder_w1.npy")).isNotNull();
    }
    Path saved = dir.resolve("sm");
    model.exportSavedModel(saved);
    assertThat(Files.exists(saved.resolve("saved_model.pb"))).isTrue();
  }

  @Test void aGaussianConvModelHasAConvLogStdHead() {
    Vae g = spec.toBuilder().likelihood(Likelihood.GAUSSIAN).image(28, 28, 1).build();
    VaeNetwork net = new VaeNetwork(g);
    assertThat(net.params()).endsWith("decoder_log_std_w", "decoder_log_std_b");
    assertThat(net.shape(net.params().size() - 2)).containsExactly(3, 3, 1, 4);
    try (TrainedVae m = Fixtures.untrained(g)) {
      assertThat(m.elbo(data.test().slice(0, 4).asVectors())).isFinite();
    }
  }

  @Test void aConvLayerOnDataWithoutAShapeFailsInOneLine() {
    Images rows = data.train().asVectors();
    assertThatThrownBy(() -> spec.resolvedFor(rows)).isInstanceOf(tfvae.BadDataException.class)
        .hasMessage("the encoder's first layer conv:4:3:2/relu needs images with a height and width, but the data are rows of 784"
            + " values; give them a shape (Images.withImageShape(height, width)) or call Vae.builder().image(height, width, channels)");
    assertThatThrownBy(() -> spec.toBuilder().image(14, 14, 1).build()).isInstanceOf(InvalidConfigException.class)
        .hasMessage("the decoder's output is 28x28x1 = 784 values, but the data are 14x14x1 images; change its layers so that the last"
            + " one gives the image's shape");
  }

  @Test void theMemoryBudgetCountsConvActivations() {
    Vae keras = Preset.KERAS_CONV.builder().image(28, 28, 1).build();
    long gb = 1L << 30;
    MemoryBudget.checkModel(keras, gb, 4 * gb, 8 * gb);   // the preset passes on a small machine
    // 4096 filters of 28 x 28 in a stride-1 stack: 40 M activations per batch of 100 ... per layer
    Vae absurd = Vae.builder().image(28, 28, 1).encoder(conv(4096, 3, 1), conv(4096, 3, 1), flatten()).build();
    assertThatThrownBy(() -> MemoryBudget.checkModel(absurd, 64 * gb, 4 * gb, 8 * gb)).isInstanceOf(tfvae.MemoryLimitException.class)
        .hasMessageContaining("activations per batch of 100").hasMessageContaining("fewer filters or larger strides");
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
