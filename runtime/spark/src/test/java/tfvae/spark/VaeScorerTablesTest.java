package tfvae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import tfvae.Imputation;
import tfvae.RowScores;
import tfvae.Schema;
import tfvae.ScoreOptions;
import tfvae.TrainedVae;
import tfvae.Vae;

/** A table model's outputs on the shared local SparkSession against the library called directly on the same rows. */
class VaeScorerTablesTest {
  private static final int N = 30, K = 20;

  /** Rows as the CLI reads them: text cells, "NA" and null missing, an unseen colour "pink", and a row number. */
  private static Dataset<Row> frame(List<String[]> cells) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String[] c = cells.get(i);
      rows.add(RowFactory.create((long) i, i % 5 == 1 ? "id" + i : null, c[0] == null && i % 2 == 0 ? "NA" : c[0], c[1], c[2]));
    }
    StructType schema = new StructType().add("row", DataTypes.LongType).add("id", DataTypes.StringType).add("x", DataTypes.StringType)
        .add("flag", DataTypes.StringType).add("colour", DataTypes.StringType);
    return SparkFixture.spark().createDataFrame(rows, schema);
  }

  @Test void givesTheLibrarysPartsLatentMeansAndImputedCellsForEveryRow() {
    List<String[]> cells = SparkFixture.tableCells(N, 9, "pink");
    Schema.Encoded encoded = SparkFixture.TABLE.encode(cells);
    ScoreOptions o = new ScoreOptions(K, 4);
    RowScores scores;
    float[][] z;
    Imputation filled;
    try (TrainedVae m = Vae.load(SparkFixture.tableModel())) {
      scores = m.score(encoded.rows(), o);
      z = m.encodeRows(encoded.rows());
      filled = m.impute(encoded.rows(), o);
    }
    VaeScorer s = new VaeScorer().setModelPath(SparkFixture.tableModel().toString()).setInputCols("x", "flag", "colour")
        .setOutputs("score", "parts", "encode", "impute").setK(K).setSeed(4).setBatchSize(4);
    List<Row> rows = s.transform(frame(cells).repartition(3)).collectAsList();
    assertThat(rows).hasSize(N);
    for (Row r : rows) {
      int i = (int) r.getLong(0);
      double lp = scores.logPx(i);
      assertThat(r.getDouble(r.fieldIndex("log_px"))).as("log_px of row %d", i).isCloseTo(lp, within(1e-5 * Math.abs(lp)));
      List<Double> parts = r.getList(r.fieldIndex("log_px_parts"));
      assertThat(parts).hasSize(3);
      for (int c = 0; c < 3; c++) assertThat(parts.get(c)).as("part %d of row %d", c, i).isCloseTo(scores.column(i, c), within(1e-5 * (1 + Math.abs(lp))));
      List<Double> zm = r.getList(r.fieldIndex("z_mean"));
      for (int d = 0; d < 2; d++) assertThat(zm.get(d)).isCloseTo(z[i][d], within(1e-5 * Math.max(1, Math.abs(z[i][d]))));
      List<String> imputed = r.getList(r.fieldIndex("imputed"));
      String[] decoded = SparkFixture.TABLE.decode(filled.row(i));
      for (int c = 0; c < 3; c++)
        assertThat(imputed.get(c)).as("imputed cell %d of row %d", c, i).isEqualTo(cells.get(i)[c] != null ? cells.get(i)[c] : decoded[c]);
    }
    assertThat(rows.stream().filter(r -> r.getList(r.fieldIndex("imputed")).contains("pink")).count()).as("an unseen level is kept as read").isPositive();
    assertThat(s.unseenLevels()).containsExactly(0, 0, encoded.unseen()[2]);
    assertThat(encoded.unseen()[2]).isPositive();
    assertThat(s.rowsScored()).isEqualTo(N);
  }

  @Test void aCellThatIsNotANumberNamesTheRowAndTheColumnAndAnImageModelRefusesParts() {
    List<String[]> cells = SparkFixture.tableCells(6, 2, null);
    cells.get(4)[0] = "1,5";
    VaeScorer s = new VaeScorer().setModelPath(SparkFixture.tableModel().toString()).setInputCols("x", "flag", "colour");
    assertThat(SparkFailures.reason(catchThrowable(() -> s.transform(frame(cells).coalesce(1)).collectAsList())))
        .startsWith("row 4, column x: '1,5' is not a number");
    VaeScorer wrongOrder = new VaeScorer().setModelPath(SparkFixture.tableModel().toString()).setInputCols("flag", "x", "colour");
    assertThat(SparkFailures.reason(catchThrowable(() -> wrongOrder.transform(frame(cells).coalesce(1)).collectAsList())))
        .isEqualTo("a table model's input is its columns, in its order: setInputCols(x, flag, colour), got flag, x, colour");
    VaeScorer image = new VaeScorer().setModelPath(SparkFixture.model().toString()).setInputCols(SparkFixture.columns()).setOutputs("parts");
    assertThat(SparkFailures.reason(catchThrowable(() -> image.transform(SparkFixture.frame(SparkFixture.rows(3, 1))).collectAsList())))
        .isEqualTo("the outputs parts and impute need a table model; this model was trained on images (12 values per row, no table schema)");
  }
}
