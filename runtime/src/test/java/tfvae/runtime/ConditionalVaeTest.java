package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import tfvae.BadDataException;
import tfvae.CheckpointPolicy;
import tfvae.Condition;
import tfvae.InvalidConfigException;
import tfvae.Layer;
import tfvae.Mask;
import tfvae.Objective;
import tfvae.Schema;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.internal.Npy;

/**
 * A conditional VAE (a one-hot label c into the encoder's input and beside z at the decoder's input) against a
 * plain-Java double computation written from the exported parameters alone: its ELBO with the documented noise, its
 * decoder means, and log p(x | c) by a plain grid sum; its gradient against central finite differences; a checkpoint
 * round trip; the messages for a bad condition. A tiny model (6 values, 4 tanh units, latent 2, 3 classes) with
 * initial weights of scale 0.5, so that c moves every output. Tolerances: float32 sums of a few terms of size ~5
 * are good to ~1e-5; we allow 1e-4 nats.
 */
class ConditionalVaeTest {
  static final Condition LABEL3 = Condition.label(3);
  static final Vae SPEC = Vae.builder().dataDim(6).hidden(4).latent(2).initScale(0.5).seed(7).condition(LABEL3).build();
  static final float[] X = {1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0};
  static final int[] LABELS = {0, 2, 1, 2};
  static TfVae model;
  static Plain plain;

  @BeforeAll static void build() {
    model = new TfVae(SPEC);
    plain = new Plain(model.variables());
  }

  @AfterAll static void close() { model.close(); }

  static Images images(int... labels) { return Images.vectors(X, 6, labels); }

  static float[] x(int i) { return java.util.Arrays.copyOfRange(X, i * 6, i * 6 + 6); }

  /** The conditional model in plain Java: encoder [x | c] -> tanh -> [mean | logStd]; decoder [z | c] -> tanh -> logits. */
  static final class Plain {
    final float[] ew1, eb1, ew2, eb2, dw1, db1, dw2, db2;

    Plain(Map<String, Npy.Array> v) {
      ew1 = v.get("encoder_w1").floats();
      eb1 = v.get("encoder_b1").floats();
      ew2 = v.get("encoder_w2").floats();
      eb2 = v.get("encoder_b2").floats();
      dw1 = v.get("decoder_w1").floats();
      db1 = v.get("decoder_b1").floats();
      dw2 = v.get("decoder_w2").floats();
      db2 = v.get("decoder_b2").floats();
      assertThat(ew1).hasSize((6 + 3) * 4);   // [D + C, H]
      assertThat(dw1).hasSize((2 + 3) * 4);   // [Z + C, H]
    }

    static double[] layer(double[] in, float[] w, float[] b, boolean tanh) {
      double[] out = new double[b.length];
      for (int j = 0; j < b.length; j++) {
        double s = b[j];
        for (int i = 0; i < in.length; i++) s += in[i] * w[i * b.length + j];
        out[j] = tanh ? Math.tanh(s) : s;
      }
      return out;
    }

    static double[] concat(float[] a, double[] b) {
      double[] out = new double[a.length + b.length];
      for (int i = 0; i < a.length; i++) out[i] = a[i];
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    static double[] oneHot(int label) {
      double[] c = new double[3];
      c[label] = 1;
      return c;
    }

    double[] encode(float[] x, int label) { return layer(layer(concat(x, oneHot(label)), ew1, eb1, true), ew2, eb2, false); }

    double[] logits(double[] z, int label) {
      double[] in = new double[5];
      System.arraycopy(z, 0, in, 0, 2);
      System.arraycopy(oneHot(label), 0, in, 2, 3);
      return layer(layer(in, dw1, db1, true), dw2, db2, false);
    }

    double logLik(float[] x, double[] z, int label) {
      double[] l = logits(z, label);
      double s = 0;
      for (int i = 0; i < x.length; i++) s += x[i] * l[i] - PlainVae.softplus(l[i]);
      return s;
    }

    double elbo(float[] x, int label, double[] eps) {
      double[] q = encode(x, label);
      double[] mean = {q[0], q[1]}, logStd = {q[2], q[3]};
      double[] z = {mean[0] + Math.exp(logStd[0]) * eps[0], mean[1] + Math.exp(logStd[1]) * eps[1]};
      return logLik(x, z, label) + PlainVae.logStandardNormal(z) - PlainVae.logNormal(z, mean, logStd);
    }

    /** log p(x | c) = log sum over a grid of spacing h on [-8, 8]^2 of p(x | z, c) p(z) h^2, in double. */
    double logEvidence(float[] x, int label) {
      double h = 0.02, max = Double.NEGATIVE_INFINITY;
      int n = (int) Math.round(16 / h) + 1;
      double[] terms = new double[n * n];
      for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) {
        double[] z = {-8 + a * h, -8 + b * h};
        double t = logLik(x, z, label) + PlainVae.logStandardNormal(z);
        terms[a * n + b] = t;
        max = Math.max(max, t);
      }
      double s = 0;
      for (double t : terms) s += Math.exp(t - max);
      return max + Math.log(s) + 2 * Math.log(h);
    }
  }

  @Test void theConditionalElboIsThePlainJavaElboOfXGivenC() {
    long seed = 5;
    double[] got = model.elboPerImage(images(LABELS), seed);
    double[][] eps = PlainVae.statelessNormal(LABELS.length, 2, seed + TfVae.EVAL_SALT, 0);
    for (int i = 0; i < LABELS.length; i++)
      assertThat(got[i]).as("image %d", i).isCloseTo(plain.elbo(x(i), LABELS[i], eps[i]), within(1e-4));
    double[] other = model.elboPerImage(images(1, 0, 2, 0), seed);   // c matters: another label, another ELBO
    assertThat(Math.abs(other[0] - got[0])).isGreaterThan(1e-2);
  }

  @Test void decodingUnderAConditionIsThePlainJavaDecoder() {
    float[][] z = {{0.3f, -1.2f}, {0.3f, -1.2f}, {-2f, 0.5f}};
    int[] labels = {0, 2, 1};
    float[][] got = model.decodeMeans(z, LABEL3.oneHot(labels));
    for (int i = 0; i < z.length; i++) {
      double[] l = plain.logits(new double[] {z[i][0], z[i][1]}, labels[i]);
      for (int k = 0; k < 6; k++) assertThat((double) got[i][k]).isCloseTo(1 / (1 + Math.exp(-l[k])), within(1e-5));
    }
    float[][] drawn = model.sampleImages(z, LABEL3.oneHot(labels), 3);
    for (float[] row : drawn) for (float v : row) assertThat(v).isIn(0f, 1f);
  }

  @Test void quadratureGivesThePlainJavaLogEvidenceGivenEachExamplesOwnCondition() {
    var e = model.logEvidence(images(LABELS), Mask.all(6), 1e-2);
    assertThat(e.converged()).isTrue();
    for (int i = 0; i < LABELS.length; i++)
      assertThat(e.logP()[i]).as("image %d", i).isCloseTo(plain.logEvidence(x(i), LABELS[i]), within(1e-2));
    double[] iw = model.importanceWeighted(images(LABELS), 500, 1), elbo = model.elboPerImage(images(LABELS), 1);
    for (int i = 0; i < LABELS.length; i++) {   // IW-500 is a lower bound in expectation; one draw's spread is ~0.05 nats here
      assertThat(iw[i]).as("IW-500 image %d", i).isLessThan(e.logP()[i] + 0.05).isGreaterThan(e.logP()[i] - 1);
      assertThat(elbo[i]).as("ELBO image %d", i).isLessThan(e.logP()[i] + 0.05);
    }
  }

  @Test void aCheckpointKeepsTheConditionAndTheOutputs(@TempDir Path dir) {
    Path file = dir.resolve("c.ckpt");
    model.save(file);
    assertThat(Checkpoint.read(file).meta().formatVersion()).isEqualTo(4);
    try (TrainedVae back = Vae.load(file)) {
      assertThat(back.spec()).isEqualTo(SPEC);
      assertThat(back.spec().condition()).isEqualTo(LABEL3);
      assertThat(back.elboPerImage(images(LABELS), 5)).containsExactly(model.elboPerImage(images(LABELS), 5));
    }
  }

  @Test void trainingAConditionalModelLowersItsLossAndReuseComparesTheCondition(@TempDir Path dir) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] x = new float[60 * 6];
    int[] labels = new int[60];
    for (int i = 0; i < 60; i++) {
      labels[i] = i % 3;
      for (int k = 0; k < 6; k++) x[i * 6 + k] = rnd.nextDouble() < (k % 3 == labels[i] ? 0.9 : 0.1) ? 1 : 0;
    }
    DataSplit data = DataSplit.trainingOnly(Images.vectors(x, 6, labels));
    Vae spec = Vae.builder().hidden(8).latent(2).condition(LABEL3).build();
    TrainOptions o = TrainOptions.builder().epochs(3).batchSize(20).learningRate(1e-2).progress(false).checkpoint(dir.resolve("m.ckpt")).build();
    try (TrainingRun run = spec.train(data, o, CheckpointPolicy.REPLACE)) {
      var h = run.model().history();
      assertThat(h.get(2).trainElbo()).isGreaterThan(h.get(0).trainElbo());
    }
    try (TrainingRun run = spec.toBuilder().condition(Condition.label(4)).build().train(data, o, CheckpointPolicy.REUSE)) {
      assertThat(run.note()).contains("its condition is label:3, not label:4");
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badConditions() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> model.elboPerImage(images(0, 3, 1, 2), 0),
            "label 3 of example 1 is out of range: the condition label:3 takes labels 0 to 2"),
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> model.encode(Images.vectors(X, 6, null)),
            "the condition label:3 needs the examples' labels, but these 4 have none;"),
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> model.decodeMeans(new float[][] {{0, 0}}, new float[][] {{1, 0}}),
            "condition row 0 has 2 values, but the condition label:3 has 3"),
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> model.decodeMeans(new float[][] {{0, 0}}),
            "this model is conditional (condition label:3): pass one row of c per point"),
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> model.decodeMeans(new float[][] {{0, 0}}, new float[][] {{1, 0, 0}, {0, 1, 0}}),
            "condition has 2 rows, but there are 1 examples"),
        org.junit.jupiter.params.provider.Arguments.of((Runnable) () -> Condition.columns(2).values(Images.vectors(X, 6, null), 6),
            "the condition columns:2 needs rows of 8 values (the example's 6, then its 2 condition columns), got 6"));
  }

  @org.junit.jupiter.params.ParameterizedTest @org.junit.jupiter.params.provider.MethodSource("badConditions")
  void aBadConditionIsRefusedInOneLine(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(BadDataException.class).hasMessageStartingWith(message);
  }

  @Test void specsAndQueriesThatTakeNoConditionSaySo() {
    assertThatThrownBy(() -> Condition.parse("label"))
        .isInstanceOf(InvalidConfigException.class).hasMessage("condition must be label:CLASSES or columns:COUNT, got 'label'");
    assertThatThrownBy(() -> Condition.label(0)).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("condition classes must be in [1, 1024], got 0");
    assertThatThrownBy(() -> Vae.builder().schema(new Schema(List.of(Schema.Column.numeric("a", 0, 1)))).condition(LABEL3).build())
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("a table model takes no condition");
    assertThatThrownBy(() -> model.fitPosterior(x(0), Mask.all(6), tfvae.SviOptions.defaults()))
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("fitPosterior is not available for a conditional model (condition label:3)");
    try (TfVae plainModel = new TfVae(Vae.builder().dataDim(6).hidden(4).build())) {
      assertThatThrownBy(() -> plainModel.decodeMeans(new float[][] {{0, 0}}, new float[][] {{1, 0, 0}}))
          .isInstanceOf(BadDataException.class).hasMessageStartingWith("this model has no condition");
    }
  }

  /** Side columns (2 numeric values after each example's 6) work like a label: same rows [x | c] into the networks. */
  @Test void numericSideColumnsAreTheLastValuesOfEachRow() {
    Vae spec = Vae.builder().hidden(4).latent(2).initScale(0.5).condition(Condition.columns(2)).build()
        .resolvedFor(Condition.withColumns(Images.vectors(X, 6, null), new float[4][2]));
    assertThat(spec.dataDim()).isEqualTo(6);
    try (TfVae m = new TfVae(spec)) {
      float[][] c = {{0.5f, -1}, {2, 0}, {0, 0}, {1, 1}};
      Images rows = Condition.withColumns(Images.vectors(X, 6, null), c);
      double[] elbo = m.elboPerImage(rows, 1);
      for (double v : elbo) assertThat(v).isFinite();
      assertThat(m.decodeMeans(new float[][] {{0, 0}}, new float[][] {c[0]})[0]).hasSize(6);
    }
  }

  /**
   * The conditional bound's gradient against central finite differences, for an MLP (c into the input and beside z)
   * and for a convolutional encoder (c joins after flatten, at the head). Step 1e-2 in float32: differences good to
   * about 1e-3 relative, as in {@link ElboGradientTest}.
   */
  @Test void theConditionalElboGradientMatchesFiniteDifferences() {
    checkGradient(Vae.builder().dataDim(6).hidden(4).latent(2).condition(LABEL3).build(), 6);
    checkGradient(Vae.builder().image(4, 4, 1).encoder(Layer.conv(2, 3, 2), Layer.flatten()).decoder(Layer.dense(3)).latent(2)
        .condition(Condition.columns(2)).build(), 16);
  }

  private static void checkGradient(Vae spec, int d) {
    VaeNetwork net = new VaeNetwork(spec);
    SplittableRandom rnd = new SplittableRandom(42);
    List<float[]> values = new ArrayList<>();
    for (int i = 0; i < net.params().size(); i++) {
      float[] v = new float[(int) Shape.of(net.shape(i)).size()];
      for (int k = 0; k < v.length; k++) v[k] = (float) (0.5 * rnd.nextGaussian());
      values.add(v);
    }
    int c = spec.conditionDims();
    float[][] rows = new float[3][d + c];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < d; k++) rows[i][k] = rnd.nextBoolean() ? 1 : 0;
      for (int k = 0; k < c; k++) rows[i][d + k] = spec.condition().kind() == Condition.Kind.LABEL ? (k == i % c ? 1 : 0) : (float) rnd.nextGaussian();
    }
    try (TfFixture f = new TfFixture()) {
      List<Placeholder<TFloat32>> ps = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) ps.add(f.tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(net.shape(i)))));
      Operand<TFloat32> loss = f.tf.math.mean(net.bound(f.tf, new ArrayList<>(ps), f.tf.constant(rows), f.tf.constant(new long[] {9, 4}),
          Objective.elbo(), null), f.tf.constant(0));
      Gradients g = f.tf.gradients(loss, new ArrayList<Operand<?>>(ps));
      for (int i = 0; i < values.size(); i++) {
        float[] grad = run(f.session, ps, values, g.<TFloat32>dy(i));
        for (int k : new int[] {0, values.get(i).length / 2, values.get(i).length - 1}) {
          double h = 1e-2;
          float saved = values.get(i)[k];
          values.get(i)[k] = (float) (saved + h);
          double up = run(f.session, ps, values, loss)[0];
          values.get(i)[k] = (float) (saved - h);
          double down = run(f.session, ps, values, loss)[0];
          values.get(i)[k] = saved;
          double fd = (up - down) / (2 * h);
          assertThat((double) grad[k]).as("%s: d loss / d %s[%d]", spec.layersText(), net.params().get(i), k)
              .isCloseTo(fd, within(2e-3 + 1e-2 * Math.abs(fd)));
        }
      }
    }
  }

  private static float[] run(Session s, List<Placeholder<TFloat32>> ps, List<float[]> values, Operand<TFloat32> out) {
    List<TFloat32> feeds = new ArrayList<>();
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < ps.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(ps.get(i).shape(), DataBuffers.of(values.get(i), true, false));
        feeds.add(t);
        r.feed(ps.get(i), t);
      }
      try (Result res = r.fetch(out).run()) {
        return Tensors.flat((TFloat32) res.get(0));
      }
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }
}
