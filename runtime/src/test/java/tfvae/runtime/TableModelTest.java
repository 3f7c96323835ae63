package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;
import tfvae.CheckpointPolicy;
import tfvae.Imputation;
import tfvae.InvalidConfigException;
import tfvae.RowScores;
import tfvae.Schema;
import tfvae.ScoreOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * A table model trained on a synthetic table whose columns all follow two hidden factors (two strongly correlated
 * numeric columns, a third numeric, a binary, a three-level categorical and a count), with 10 % of the training cells
 * missing: the per-row results are pure functions of the row, imputation beats the column mean by a margin, and
 * everything survives a checkpoint.
 */
class TableModelTest {
  static final int TRAIN = 2000, TEST = 300;
  static Schema schema;
  static float[][] train, test;
  static TrainedVae model;

  /** The synthetic table's rows as text cells; row content a pure function of the seed. */
  static List<String[]> table(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u1 = r.nextGaussian(), u2 = r.nextGaussian();
      double rate = Math.exp(1 + 0.5 * u2);
      int count = 0;
      for (double p = r.nextDouble(), limit = Math.exp(-rate); p > limit; p *= r.nextDouble()) count++;
      rows.add(new String[] {Schema.format(50 + 10 * u1 + r.nextGaussian()), Schema.format(-3 + 2 * u1 + 0.2 * r.nextGaussian()),
          Schema.format(5 + 3 * u2 + 0.3 * r.nextGaussian()), u2 + 0.3 * r.nextGaussian() > 0 ? "yes" : "no",
          u1 < -0.5 ? "lo" : u1 < 0.5 ? "mid" : "hi", Integer.toString(count)});
    }
    return rows;
  }

  static double[] meanSd(List<String[]> rows, int c) {
    double s = 0, ss = 0;
    for (String[] row : rows) s += Double.parseDouble(row[c]);
    double m = s / rows.size();
    for (String[] row : rows) ss += Math.pow(Double.parseDouble(row[c]) - m, 2);
    return new double[] {m, Math.sqrt(ss / rows.size())};
  }

  @BeforeAll static void train() {
    List<String[]> rows = table(TRAIN, 1);
    List<Schema.Column> cols = new ArrayList<>();
    String[] names = {"a", "b", "c"};
    for (int c = 0; c < 3; c++) {
      double[] ms = meanSd(rows, c);
      cols.add(Schema.Column.numeric(names[c], ms[0], ms[1]));
    }
    cols.add(Schema.Column.binary("s", "no", "yes"));
    cols.add(Schema.Column.categorical("k", List.of("lo", "mid", "hi")));
    cols.add(Schema.Column.count("v"));
    schema = new Schema(cols);
    SplittableRandom hide = new SplittableRandom(2);
    for (String[] row : rows) for (int c = 0; c < row.length; c++) if (hide.nextDouble() < 0.1) row[c] = null;
    for (String[] row : rows) if (Arrays.stream(row).allMatch(v -> v == null)) row[0] = "50";
    train = schema.encode(rows).rows();
    test = schema.encode(table(TEST, 3)).rows();
    Vae vae = Vae.builder().schema(schema).latent(2).hidden(64).initScale(0.1).seed(0).build();
    TrainOptions o = TrainOptions.builder().epochs(40).batchSize(100).learningRate(3e-3).progress(false).build();
    model = vae.train(DataSplit.trainingOnly(Images.withMissing(train)), o, CheckpointPolicy.REPLACE).model();
  }

  @AfterAll static void close() { model.close(); }

  @Test void trainingOnRowsWithMissingCellsGivesFiniteBounds() {
    assertThat(model.history()).hasSize(40);
    assertThat(model.history().get(39).trainElbo()).isFinite().isGreaterThan(model.history().get(0).trainElbo());
  }

  @Test void aRowScoresTheSameAloneAsAmongOtherRowsShuffled() {
    ScoreOptions o = ScoreOptions.defaults().withK(50).withSeed(7);
    float[][] batch = Arrays.copyOf(test, 200);
    RowScores all = model.score(batch, o);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < batch.length; i++) order.add(i);
    java.util.Collections.shuffle(order, new java.util.Random(5));
    float[][] shuffled = new float[batch.length][];
    for (int i = 0; i < batch.length; i++) shuffled[i] = batch[order.get(i)];
    RowScores mixed = model.score(shuffled, o);
    for (int i = 0; i < batch.length; i++) {
      int at = order.get(i);
      assertThat(mixed.logPx(i)).as("row %d shuffled", at).isCloseTo(all.logPx(at), within(1e-4 * (1 + Math.abs(all.logPx(at)))));
    }
    for (int row : new int[] {0, 17, 199}) {
      RowScores alone = model.score(new float[][] {batch[row]}, o);
      assertThat(alone.logPx(0)).as("row %d alone", row).isCloseTo(all.logPx(row), within(1e-4 * (1 + Math.abs(all.logPx(row)))));
      for (int c = 0; c < schema.columns().size(); c++)
        assertThat(alone.column(0, c)).isCloseTo(all.column(row, c), within(1e-4 * (1 + Math.abs(all.column(row, c)))));
    }
  }

  @Test void theColumnsSharesAreFiniteAndAMissingCellsShareIsZero() {
    float[] row = test[0].clone();
    row[1] = Float.NaN;
    RowScores s = model.score(new float[][] {row}, ScoreOptions.defaults());
    assertThat(s.column(0, 1)).isZero();
    assertThat(s.logPx(0)).isFinite();
    for (double v : s.columns(0)) assertThat(v).isFinite();
    assertThat(s.names()).containsExactly("a", "b", "c", "s", "k", "v");
  }

  @Test void anOutlyingRowScoresLowerThanTypicalRows() {
    float[] odd = test[0].clone();
    odd[0] = 3f;   // a three sd above its mean while b says it should be near the mean or below
    odd[1] = -3f;
    RowScores s = model.score(new float[][] {test[0], odd}, ScoreOptions.defaults());
    assertThat(s.logPx(1)).isLessThan(s.logPx(0) - 5);
  }

  @Test void imputingAHiddenNumericColumnBeatsTheColumnMeanByAMargin() {
    float[][] hidden = new float[TEST][];
    for (int i = 0; i < TEST; i++) {
      hidden[i] = test[i].clone();
      hidden[i][0] = Float.NaN;     // a: known through b and k
      hidden[i][3] = Float.NaN;     // s: known through c
    }
    Imputation imp = model.impute(hidden, ScoreOptions.defaults());
    double model2 = 0, mean2 = 0;
    int wrong = 0, modeWrong = 0;
    for (int i = 0; i < TEST; i++) {
      double err = imp.row(i)[0] - test[i][0];
      model2 += err * err;
      mean2 += test[i][0] * test[i][0];   // the training mean is 0 in standardized units
      if (imp.row(i)[3] != test[i][3]) wrong++;
      if (test[i][3] != 1f) modeWrong++;
      assertThat(imp.probability(i, 3)).isBetween(0.5, 1.0);
      assertThat(imp.probability(i, 1)).isNaN();
      for (int v = 1; v < 3; v++) assertThat(imp.row(i)[v]).isEqualTo(test[i][v]);
    }
    double rmse = Math.sqrt(model2 / TEST), meanRmse = Math.sqrt(mean2 / TEST);
    assertThat(rmse).as("RMSE %s vs the mean's %s", rmse, meanRmse).isLessThan(0.5 * meanRmse);
    assertThat(wrong).as("binary errors vs the mode's %s", modeWrong).isLessThan(Math.min(modeWrong, TEST - modeWrong));
  }

  @Test void encodeRowsZeroFillsMissingCellsAsTrainingDoes() {
    float[] row = test[0].clone();
    row[2] = Float.NaN;
    float[] zeroed = test[0].clone();
    zeroed[2] = 0f;
    assertThat(model.encodeRows(new float[][] {row})[0]).containsExactly(model.encodeRows(new float[][] {zeroed})[0]);
  }

  @Test void sampledRowsAreValidRowsOfTheSchemaAndPureInTheirIndex() {
    float[][] rows = model.sampleRows(50, 4);
    schema.check("samples", rows);
    float[][] first = model.sampleRows(10, 4);                     // equal up to the float rounding of the batched decoder
    for (int i = 0; i < 10; i++) assertThat(first[i]).containsExactly(rows[i], org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(schema.decode(rows[0])).hasSize(6).doesNotContainNull();
  }

  @Test void rowsWithNothingObservedAreRefusedByNumber() {
    float[] empty = new float[schema.width()];
    Arrays.fill(empty, Float.NaN);
    assertThatThrownBy(() -> model.score(new float[][] {test[0], empty, test[1], empty}, ScoreOptions.defaults()))
        .isInstanceOf(BadDataException.class).hasMessage("rows: 2 rows have no observed cell (rows 1, 3); drop them or fill in a value");
    assertThatThrownBy(() -> Vae.builder().schema(schema).build().train(DataSplit.trainingOnly(Images.withMissing(new float[][] {test[0], empty})),
        TrainOptions.builder().epochs(1).batchSize(1).progress(false).build(), CheckpointPolicy.REPLACE))
        .isInstanceOf(BadDataException.class).hasMessage("training images: row 1 has no observed cell; drop them or fill in a value");
  }

  @Test void scoresAndImputationsSurviveACheckpointAndTheNpzRecordsTheSchema(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("table.ckpt");
    model.save(file);
    float[][] some = Arrays.copyOf(test, 20);
    some[3] = some[3].clone();
    some[3][0] = Float.NaN;
    try (TrainedVae back = Vae.load(file)) {
      assertThat(back.spec()).isEqualTo(model.spec());
      assertThat(back.spec().schema()).isEqualTo(schema);
      assertThat(back.score(some, ScoreOptions.defaults()).logPx()).containsExactly(model.score(some, ScoreOptions.defaults()).logPx());
      assertThat(back.impute(some, ScoreOptions.defaults()).rows()).isDeepEqualTo(model.impute(some, ScoreOptions.defaults()).rows());
    }
    assertThat(Checkpoint.read(file).meta().formatVersion()).isEqualTo(3);
    Path npz = dir.resolve("w.npz");
    model.exportNpz(npz);
    String bytes;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(npz.toFile())) {
      bytes = new String(z.getInputStream(z.getEntry("metadata.npy")).readAllBytes(), java.nio.charset.Charset.forName("UTF-32LE"));
    }
    assertThat(bytes).contains("\"likelihood\": \"table\"").contains("\"name\":\"k\",\"kind\":\"categorical\"");
  }

  @Test void resumingWithAnotherSchemaNamesTheColumnThatDiffers(@TempDir Path dir) {
    Path file = dir.resolve("t.ckpt");
    model.save(file);
    List<Schema.Column> cols = new ArrayList<>(schema.columns());
    cols.set(4, Schema.Column.categorical("k", List.of("lo", "hi", "mid")));
    Vae other = model.spec().toBuilder().schema(new Schema(cols)).build();
    TrainOptions o = TrainOptions.builder().epochs(41).batchSize(100).progress(false).checkpoint(file).build();
    assertThatThrownBy(() -> other.train(DataSplit.trainingOnly(Images.withMissing(train)), o, CheckpointPolicy.RESUME))
        .hasMessageContaining("its schema differs: column 4 is k (categorical [lo, mid, hi]), not k (categorical [lo, hi, mid])");
  }

  @Test void aTableModelRefusesTheCallsThatReadItsRowsAsPixels() {
    String tail = " is for image models; this is a table model (it has a schema): its missing cells are NaN in its rows, and score,"
        + " impute, encodeRows and sampleRows take them";
    assertThatThrownBy(() -> model.logJointObserved(test[0], tfvae.Mask.all(schema.width()), new float[][] {{0, 0}}))
        .isInstanceOf(InvalidConfigException.class).hasMessage("a mask" + tail);
    assertThatThrownBy(() -> model.sampleImages(new float[][] {{0, 0}}, 0)).isInstanceOf(InvalidConfigException.class).hasMessage("sampleImages" + tail);
  }

  @Test void imageModelsRefuseNaNAsBeforeAndCannotImpute() {
    try (TrainedVae m = new TfVae(Vae.builder().dataDim(4).hidden(3).build())) {
      assertThatThrownBy(() -> m.score(new float[][] {{0, 1, Float.NaN, 0}}, ScoreOptions.defaults()))
          .isInstanceOf(BadDataException.class).hasMessage("value 2 of vector 0 is NaN; values must be finite");
      assertThatThrownBy(() -> m.impute(new float[][] {{0, 1, 1, 0}}, ScoreOptions.defaults())).isInstanceOf(InvalidConfigException.class)
          .hasMessageStartingWith("impute fills the missing cells of a table model's rows");
    }
  }

  /**
   * An image model's score is its importance-weighted log p(x): within 0.01 nats of exact quadrature over the 2-D latent
   * where q covers the posterior (weights of scale 0.2), and where it does not (scale 0.5: both IW estimates sit about
   * 0.5 nats below the exact value for one row) within 0.15 nats of the graph's own IW estimate with other noise.
   */
  @Test void anImageModelsScoreIsItsImportanceWeightedLogLikelihood() {
    float[][] x = {{1, 0, 1, 1, 0, 0}, {0, 0, 1, 0, 1, 1}};
    ScoreOptions many = ScoreOptions.defaults().withK(50000);
    try (TrainedVae m = new TfVae(Vae.builder().dataDim(6).hidden(4).initScale(0.2).build())) {
      RowScores s = m.score(x, many);
      double[] exact = m.logEvidence(Images.vectors(x), tfvae.Mask.all(6), 1e-4).logP();
      for (int i = 0; i < 2; i++) assertThat(s.logPx(i)).as("row %d", i).isCloseTo(exact[i], within(0.01));
      assertThat(s.names()).isEmpty();
      assertThat(m.score(new float[][] {x[1]}, many).logPx(0)).isCloseTo(s.logPx(1), within(1e-5));
    }
    try (TrainedVae m = new TfVae(Vae.builder().dataDim(6).hidden(4).initScale(0.5).build())) {
      RowScores s = m.score(x, many);
      double[] iw = m.importanceWeighted(Images.vectors(x), 50000, 1);
      for (int i = 0; i < 2; i++) assertThat(s.logPx(i)).as("row %d", i).isCloseTo(iw[i], within(0.15));
    }
  }
}
