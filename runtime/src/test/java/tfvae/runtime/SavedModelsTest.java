package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.CheckpointPolicy;
import tfvae.Encoding;
import tfvae.Likelihood;
import tfvae.Vae;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.data.DataSplit;

/**
 * The exported SavedModel, loaded back into a fresh graph through TensorFlow's own loader, gives what the live model
 * gives. Same ops, same CPU, same thread settings, same inputs and seeds: the values agree exactly.
 */
class SavedModelsTest {
  static DataSplit data;
  static TrainedVae model;
  @TempDir static Path shared;
  static Path exported;

  @BeforeAll static void trainAndExport() {
    data = Fixtures.mnist();
    model = Fixtures.small().train(data, Fixtures.quick(2), CheckpointPolicy.REPLACE).model();
    exported = shared.resolve("sm");
    model.exportSavedModel(exported);
  }

  @AfterAll static void close() { model.close(); }

  @Test void theExportHasTheFourSignaturesAndNoTemporaryLeftBeside() throws Exception {
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve")) {
      assertThat(b.signatures()).extracting(Signature::key)
          .containsExactlyInAnyOrder("serving_default", "encode", "decode", "elbo");
      assertThat(b.function("encode").signature().inputNames()).containsExactly("x");
      assertThat(b.function("encode").signature().outputNames()).containsExactlyInAnyOrder("mean", "log_std");
      assertThat(b.function("decode").signature().inputNames()).containsExactly("z");
      assertThat(b.function("elbo").signature().inputNames()).containsExactlyInAnyOrder("x", "seed");
    }
    assertThat(exported.resolve("saved_model.pb")).isRegularFile();
    assertThat(exported.resolve("variables/variables.index")).isRegularFile();
    try (var files = Files.list(shared)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sm");
    }
  }

  /**
   * What {@code saved_model_cli show --dir DIR --all} prints, read from the loaded MetaGraphDef: every signature of the
   * {@code serve} tag with its method and its inputs and outputs as name, dtype and shape.
   */
  static String showAll(SavedModelBundle b) {
    StringBuilder out = new StringBuilder();
    b.metaGraphDef().getSignatureDefMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      out.append("signature_def['").append(e.getKey()).append("'] ").append(e.getValue().getMethodName()).append('\n');
      e.getValue().getInputsMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(i -> out.append("  input ")
          .append(describe(i.getKey(), i.getValue())).append('\n'));
      e.getValue().getOutputsMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(o -> out.append("  output ")
          .append(describe(o.getKey(), o.getValue())).append('\n'));
    });
    return out.toString();
  }

  private static String describe(String name, org.tensorflow.proto.TensorInfo t) {
    StringBuilder dims = new StringBuilder();
    for (var d : t.getTensorShape().getDimList()) dims.append(dims.length() == 0 ? "" : ", ").append(d.getSize());
    return name + " " + t.getDtype() + " [" + dims + "]";
  }

  @Test void savedModelCliStyleInspectionListsTheDefaultSignatureAsTheEncoderBesideTheThreeNamedOnes() {
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve")) {
      String latent = String.valueOf(model.spec().latent()), pixels = String.valueOf(model.spec().dataDim());
      assertThat(showAll(b)).isEqualTo(""
          + "signature_def['decode'] tensorflow/serving/predict\n"
          + "  input z DT_FLOAT [-1, " + latent + "]\n"
          + "  output logits DT_FLOAT [-1, " + pixels + "]\n"
          + "signature_def['elbo'] tensorflow/serving/predict\n"
          + "  input seed DT_INT64 [2]\n"
          + "  input x DT_FLOAT [-1, " + pixels + "]\n"
          + "  output elbo DT_FLOAT [-1]\n"
          + "signature_def['encode'] tensorflow/serving/predict\n"
          + "  input x DT_FLOAT [-1, " + pixels + "]\n"
          + "  output log_std DT_FLOAT [-1, " + latent + "]\n"
          + "  output mean DT_FLOAT [-1, " + latent + "]\n"
          + "signature_def['serving_default'] tensorflow/serving/predict\n"
          + "  input x DT_FLOAT [-1, " + pixels + "]\n"
          + "  output log_std DT_FLOAT [-1, " + latent + "]\n"
          + "  output mean DT_FLOAT [-1, " + latent + "]\n");
      var sd = b.metaGraphDef().getSignatureDefMap();
      assertThat(sd.get("serving_default").getInputsMap()).isEqualTo(sd.get("encode").getInputsMap());
      assertThat(sd.get("serving_default").getOutputsMap()).isEqualTo(sd.get("encode").getOutputsMap());
    }
  }

  @Test void theDefaultSignatureEncodesLikeTheLiveModel() {
    Images few = data.test().slice(0, 4);
    Encoding live = model.encode(few);
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve");
         TFloat32 x = Tensors.matrix(few.pixels(), few.count(), few.dim());
         Result r = b.function(Signature.DEFAULT_KEY).call(Map.of("x", x))) {
      assertThat(Tensors.rows((TFloat32) r.get("mean").orElseThrow())).isDeepEqualTo(live.mean());
      assertThat(Tensors.rows((TFloat32) r.get("log_std").orElseThrow())).isDeepEqualTo(live.logStd());
    }
  }

  @Test void encodeMatchesTheLiveModel() {
    Images few = data.test().slice(0, 7);
    Encoding live = model.encode(few);
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve");
         TFloat32 x = Tensors.matrix(few.pixels(), few.count(), few.dim());
         Result r = b.function("encode").call(Map.of("x", x))) {
      assertThat(Tensors.rows((TFloat32) r.get("mean").orElseThrow())).isDeepEqualTo(live.mean());
      assertThat(Tensors.rows((TFloat32) r.get("log_std").orElseThrow())).isDeepEqualTo(live.logStd());
    }
  }

  @Test void decodeMatchesTheLiveModel() {
    float[][] z = model.samplePrior(5, 1);
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve");
         TFloat32 in = Tensors.matrix(z, 2);
         Result r = b.function("decode").call(Map.of("z", in))) {
      assertThat(Tensors.rows((TFloat32) r.get("logits").orElseThrow())).isDeepEqualTo(model.decodeLogits(z));
    }
  }

  @Test void aGaussianModelsDecodeSignatureNamesItsMeanAndExportsItsLogStdHead(@TempDir Path dir) {
    Vae spec = Vae.builder().dataDim(784).hidden(16).likelihood(Likelihood.GAUSSIAN).seed(2).build();
    try (TrainedVae g = spec.train(DataSplit.trainingOnly(data.train().slice(0, 100)), Fixtures.quick(1), CheckpointPolicy.REPLACE).model()) {
      g.exportSavedModel(dir.resolve("g"));
      float[][] z = g.samplePrior(4, 1);
      try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("g").toString(), "serve");
           TFloat32 in = Tensors.matrix(z, 2);
           Result r = b.function("decode").call(Map.of("z", in))) {
        assertThat(b.function("decode").signature().outputNames()).containsExactlyInAnyOrder("mean", "log_std");
        assertThat(Tensors.rows((TFloat32) r.get("mean").orElseThrow())).isDeepEqualTo(g.decodeMeans(z));
        for (float[] row : Tensors.rows((TFloat32) r.get("log_std").orElseThrow()))
          for (float v : row) assertThat(v).isFinite().isGreaterThanOrEqualTo(PixelLikelihood.LOG_STD_FLOOR);
      }
    }
  }

  @Test void theNpzRecordsTheLikelihoodActivationAndLayersInAMetadataEntryAfterTheArrays(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.npz");
    model.exportNpz(f);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile())) {
      assertThat(zip.stream().map(java.util.zip.ZipEntry::getName)).containsExactly("encoder_w1.npy", "encoder_b1.npy", "encoder_w2.npy",
          "encoder_b2.npy", "decoder_w1.npy", "decoder_b1.npy", "decoder_w2.npy", "decoder_b2.npy", "metadata.npy");
      byte[] npy = zip.getInputStream(zip.getEntry("metadata.npy")).readAllBytes();
      tfvae.internal.Npy.Header h = tfvae.internal.Npy.readHeader(new java.io.ByteArrayInputStream(npy), "metadata", 1);
      assertThat(h.shape()).isEmpty();
      int at = npy.length - 4 * Integer.parseInt(h.descr().substring(2));
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(npy, at, npy.length - at).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      StringBuilder json = new StringBuilder();
      while (bb.hasRemaining()) json.appendCodePoint(bb.getInt());
      assertThat(h.descr()).isEqualTo("<U" + json.length());
      assertThat(json.toString()).isEqualTo("{\"format\": \"tfvae weights\", \"version\": 1, \"likelihood\": \"bernoulli\","
          + " \"activation\": \"tanh\", \"data_dim\": 784, \"latent\": 2, \"encoder\": [64], \"decoder\": [64], \"arrays\":"
          + " [\"encoder_w1\", \"encoder_b1\", \"encoder_w2\", \"encoder_b2\", \"decoder_w1\", \"decoder_b1\", \"decoder_w2\","
          + " \"decoder_b2\"], \"layer\": \"h_out = activation(h_in @ w + b) for hidden layers, h_in @ w + b for the last\","
          + " \"encoder_output\": \"[mean | log_std], latent columns each\", \"decoder_output\": \"logits (lambda = sigmoid(logits))\"}");
    }
  }

  @Test void elboMatchesTheLiveModelWithTheSameSaltedSeed() {
    Images few = data.test().slice(0, 9);
    long seed = 11;
    double[] live = model.elboPerImage(few, seed); // one chunk: noise seeded {seed + EVAL_SALT, 0}
    try (SavedModelBundle b = SavedModelBundle.load(exported.toString(), "serve");
         TFloat32 x = Tensors.matrix(few.pixels(), few.count(), few.dim());
         TInt64 s = Tensors.seed(seed + TfVae.EVAL_SALT, 0);
         Result r = b.function("elbo").call(Map.of("x", x, "seed", s))) {
      float[] got = Tensors.flat((TFloat32) r.get("elbo").orElseThrow());
      double[] asDouble = new double[got.length];
      for (int i = 0; i < got.length; i++) asDouble[i] = got[i];
      assertThat(asDouble).containsExactly(live);
      assertThat(live[0]).isLessThan(-50).isGreaterThan(-600); // a real ELBO, in nats
    }
  }

  @Test void anEmptyExistingDirectoryIsUsedAndANonEmptyOneIsRefused(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    model.exportSavedModel(empty);
    assertThat(empty.resolve("saved_model.pb")).isRegularFile();
    assertThatThrownBy(() -> model.exportSavedModel(empty)).isInstanceOf(tfvae.WriteException.class)
        .hasMessage("cannot export the SavedModel to " + empty + ": the directory is not empty; pass a new or empty"
            + " directory, or delete this one first");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> model.exportSavedModel(file)).isInstanceOf(tfvae.WriteException.class)
        .hasMessage("cannot export the SavedModel to " + file + ": it is a file; pass a new or empty directory");
  }

  @Test void anUnwritableParentGivesAWriteExceptionNamingTheDirectoryAndTheReason(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    Path target = blocker.resolve("sm"); // a directory below a file
    assertThatThrownBy(() -> model.exportSavedModel(target)).isInstanceOf(tfvae.WriteException.class)
        .hasMessage("cannot export the SavedModel to " + target + " (a file of that name exists: " + blocker.toAbsolutePath()
            + "); check that the parent directory exists and is writable");
  }

  @Test void savingOrExportingBelowAFileGivesAWriteExceptionWithTheReason(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    assertThatThrownBy(() -> model.save(blocker.resolve("model.ckpt"))).isInstanceOf(tfvae.WriteException.class)
        .hasMessageStartingWith("cannot write " + blocker.resolve("model.ckpt") + " (");
    assertThatThrownBy(() -> model.exportNpz(blocker.resolve("w.npz"))).isInstanceOf(tfvae.WriteException.class)
        .hasMessageEndingWith("); check that its directory can be created and written, and has free space");
    assertThat(Files.readString(blocker)).isEqualTo("x");
  }

  @Test void aNullLatentRowIsABadDataExceptionNotANullPointerException() {
    assertThatThrownBy(() -> model.decodeMeans(new float[][] {null})).isInstanceOf(tfvae.BadDataException.class)
        .hasMessage("z row 0 is null; pass rows of 2 values");
    assertThatThrownBy(() -> model.decodeMeans(null)).isInstanceOf(tfvae.BadDataException.class)
        .hasMessage("z is null; pass rows of 2 values");
    assertThatThrownBy(() -> model.encode(null)).isInstanceOf(tfvae.BadDataException.class)
        .hasMessage("images are null; pass Images of 784 values each");
    assertThatThrownBy(() -> model.fitPosterior(null, tfvae.Mask.prefix(784, 392), tfvae.SviOptions.builder().build()))
        .isInstanceOf(tfvae.BadDataException.class).hasMessage("the example is null; pass 784 values");
    assertThatThrownBy(() -> model.exactPosterior(new float[784], null, null)).isInstanceOf(tfvae.BadDataException.class)
        .hasMessage("the mask is null; pass a Mask of 784 values (Mask.all(784) for all of them)");
  }
}
