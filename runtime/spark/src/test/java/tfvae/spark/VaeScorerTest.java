package tfvae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;
import tfvae.ScoreOptions;

/** The scorer on a real local SparkSession (shared, {@link SparkFixture}) against the library called directly. */
class VaeScorerTest {
  private static final int N = 40, K = 20;
  private static float[][] x;
  private static double[] logPx;
  private static float[][] zMean;

  /** The oracle: the library called directly on all rows at once. */
  @BeforeAll static void oracle() {
    x = SparkFixture.rows(N, 7);
    logPx = new double[N];
    try (TrainedVae model = SparkFixture.direct()) {
      logPx = model.score(x, new ScoreOptions(K, 3)).logPx();
      zMean = model.encodeRows(x);
    }
  }

  private static VaeScorer scorer() {
    return new VaeScorer().setModelPath(SparkFixture.model().toString()).setInputCols(SparkFixture.columns()).setK(K).setSeed(3);
  }

  private static void assertMatchesLibrary(List<Row> rows) {
    assertThat(rows).hasSize(N);
    for (Row r : rows) {
      int i = (int) r.getLong(r.fieldIndex("row"));
      // 1e-5 relative: the encoder's matrix product may sum in another order for another batch size
      assertThat(r.getDouble(r.fieldIndex("log_px"))).as("log_px of row %d", i).isCloseTo(logPx[i], org.assertj.core.api.Assertions.withinPercentage(1e-3));
      List<Double> z = r.getList(r.fieldIndex("z_mean"));
      assertThat(z).hasSize(2);
      for (int d = 0; d < 2; d++) assertThat(z.get(d)).as("z_mean[%d] of row %d", d, i).isCloseTo(zMean[i][d], org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(zMean[i][d]))));
      assertThat(r.getDouble(r.fieldIndex("x5"))).isEqualTo(x[i][5]);
    }
  }

  @ParameterizedTest @ValueSource(ints = {1, 3, 7})
  void givesTheLibrarysNumbersForEveryRowWhateverThePartitioning(int partitions) {
    Dataset<Row> df = SparkFixture.frame(x).repartition(partitions);
    assertThat(df.rdd().getNumPartitions()).isEqualTo(partitions);
    Dataset<Row> scored = scorer().setBatchSize(partitions == 3 ? 4 : 256).transform(df);
    assertMatchesLibrary(scored.collectAsList());
  }

  @Test void shipsTheModelBytesAndReadsAnArrayColumnWithTheSameNumbers() {
    Dataset<Row> df = SparkFixture.frame(x).select(functions.col("row"), functions.array(
        java.util.Arrays.stream(SparkFixture.columns()).map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).as("pixels")).repartition(3);
    VaeScorer s = new VaeScorer().setModelPath(SparkFixture.model().toString()).setShipModel(true).setInputCol("pixels").setK(K).setSeed(3);
    List<Row> rows = s.transform(df).collectAsList();
    assertThat(rows).hasSize(N);
    for (Row r : rows) {
      int i = (int) r.getLong(0);
      assertThat(r.getDouble(2)).isCloseTo(logPx[i], org.assertj.core.api.Assertions.withinPercentage(1e-3));
    }
  }

  @Test void scoresEmptyAndOneRowPartitions() {
    Dataset<Row> none = SparkFixture.frame(new float[0][]);
    assertThat(scorer().transform(none).collectAsList()).isEmpty();
    Dataset<Row> twoRowsInFive = SparkFixture.frame(new float[][] {x[0], x[1]}).repartition(5);   // three partitions empty
    Dataset<Row> one = SparkFixture.frame(new float[][] {x[0]}).coalesce(1);
    List<Row> a = scorer().transform(twoRowsInFive).collectAsList(), b = scorer().transform(one).collectAsList();
    assertThat(a).hasSize(2);
    assertThat(b).hasSize(1);
    assertThat(b.get(0).getDouble(b.get(0).fieldIndex("log_px"))).isCloseTo(logPx[0], org.assertj.core.api.Assertions.withinPercentage(1e-3));
  }

  @Test void loadsTheModelOncePerJvm() {
    scorer().transform(SparkFixture.frame(x).repartition(4)).count();
    scorer().setOutputs("score").transform(SparkFixture.frame(x).repartition(3)).collectAsList();
    long loads = ModelCache.loads().stream().filter(k -> k.startsWith("path:" + SparkFixture.model().toAbsolutePath())).count();
    assertThat(loads).isEqualTo(1);
  }

  @Test void aModelPathTheExecutorCannotReadFailsTheJobNamingItAndLeavesNoSuccessMarker(@TempDir Path out) {
    Path missing = SparkFixture.tempDir().resolve("nowhere").resolve("model.ckpt");
    Dataset<Row> scored = scorer().setModelPath(missing.toString()).setOutputs("score").transform(SparkFixture.frame(x).repartition(2));
    Path target = out.resolve("scored");
    Throwable failure = catchThrowable(() -> scored.write().csv(target.toString()));
    assertThat(failure).isNotNull();
    assertThat(SparkFailures.reason(failure)).isEqualTo("cannot read the model " + missing.toAbsolutePath()
        + " on this executor: no such file; give a path every executor can read, or ship the model with setShipModel(true)");
    assertThat(Files.exists(target.resolve("_SUCCESS"))).isFalse();
  }

  @Test void aCellThatIsNotANumberNamesTheRowAndTheColumn() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("row", DataTypes.LongType, false));
    for (String c : SparkFixture.columns()) fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Object[] v = new Object[SparkFixture.DIM + 1];
      v[0] = (long) (100 + i);
      for (int j = 0; j < SparkFixture.DIM; j++) v[j + 1] = i == 3 && j == 5 ? "1,0" : String.valueOf(x[i][j]);
      rows.add(RowFactory.create(v));
    }
    Dataset<Row> df = SparkFixture.spark().createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
    Throwable failure = catchThrowable(() -> scorer().transform(df).collectAsList());
    assertThat(SparkFailures.reason(failure)).isEqualTo("row 103, column x5: '1,0' is not a number");
  }

  @Test void aRowWithTheWrongNumberOfValuesNamesTheRowAndTheColumn() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double[] v = new double[i == 2 ? SparkFixture.DIM - 1 : SparkFixture.DIM];
      for (int j = 0; j < v.length; j++) v[j] = x[i][j];
      rows.add(RowFactory.create((long) i, v));
    }
    StructType schema = new StructType().add("row", DataTypes.LongType).add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> df = SparkFixture.spark().createDataFrame(rows, schema);
    VaeScorer s = new VaeScorer().setModelPath(SparkFixture.model().toString()).setInputCol("pixels");
    assertThat(SparkFailures.reason(catchThrowable(() -> s.transform(df).collectAsList())))
        .isEqualTo("row 2, column pixels: 11 values, but the model takes 12 per row");
    VaeScorer three = scorer().setInputCols("x0", "x1", "x2");
    assertThat(SparkFailures.reason(catchThrowable(() -> three.transform(SparkFixture.frame(x).coalesce(1)).collectAsList())))
        .startsWith("row 0: 3 input columns, but the model takes 12 values per row; name 12 columns with setInputCols");
  }

  @Test void transformSchemaNamesAMissingOrMistypedColumnAtOnce() {
    StructType schema = SparkFixture.frame(x).schema();
    assertThatThrownBy(() -> scorer().setInputCols("x0", "y1").transformSchema(schema)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("input column 'y1' is not in the DataFrame, whose columns are [row, x0, x1, x2, x3, x4, x5, x6, x7, x8] and 3 more");
    assertThatThrownBy(() -> new VaeScorer().setModelPath("m").setInputCol("x0").transformSchema(schema))
        .hasMessage("input column 'x0' has type double; inputCol must be an array of numbers or an ML vector");
    assertThatThrownBy(() -> scorer().setLogPxCol("x3").transformSchema(schema))
        .hasMessage("output column 'x3' is already in the DataFrame; rename it with setLogPxCol");
    assertThatThrownBy(() -> new VaeScorer().setInputCols("x0").transformSchema(schema))
        .hasMessage("modelPath is not set; call setModelPath(\"model.ckpt\")");
    assertThatThrownBy(() -> scorer().setOutputs("score", "shares")).hasMessage("outputs must be among [score, parts, encode, impute], got 'shares'");
    assertThatThrownBy(() -> scorer().setBatchSize(0)).hasMessage("batchSize must be at least 1, got 0");
    StructType out = scorer().transformSchema(schema);
    assertThat(out.fieldNames()).endsWith("log_px", "z_mean");
  }

  @Test void writesAndReadsItsParams(@TempDir Path dir) throws Exception {
    VaeScorer s = scorer().setBatchSize(7).setOutputs("score").setLogPxCol("lp");
    s.write().save(dir.resolve("scorer").toString());
    VaeScorer back = VaeScorer.load(dir.resolve("scorer").toString());
    assertThat(back.uid()).isEqualTo(s.uid());
    Map<String, Object> a = new HashMap<>(), b = new HashMap<>();
    for (var p : s.params()) a.put(p.name(), s.getOrDefault(p) instanceof String[] v ? List.of(v) : s.getOrDefault(p));
    for (var p : back.params()) b.put(p.name(), back.getOrDefault(p) instanceof String[] v ? List.of(v) : back.getOrDefault(p));
    assertThat(b).isEqualTo(a).containsEntry("batchSize", 7).containsEntry("logPxCol", "lp");
    List<Row> rows = back.transform(SparkFixture.frame(x).repartition(2)).collectAsList();
    assertThat(rows.get(0).schema().fieldNames()).endsWith("lp");
    for (Row r : rows) assertThat(r.getDouble(r.fieldIndex("lp"))).isCloseTo(logPx[(int) r.getLong(0)], org.assertj.core.api.Assertions.withinPercentage(1e-3));
  }
}
