package tfvae.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tfvae.CheckpointPolicy;
import tfvae.Schema;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * What the Spark tests share, made once per test JVM: one local SparkSession (local[2], no UI) and a tiny model
 * (12 binary inputs, 2-D latent, 16 hidden units) trained for a few steps on generated rows and saved to a temporary
 * checkpoint. Spark stops and the files go at JVM exit.
 */
final class SparkFixture {
  static final int DIM = 12;
  private static SparkSession spark;
  private static Path dir, model;

  private SparkFixture() {}

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("tfvae-spark-tests")
          .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }

  /** @return the checkpoint of the tiny model */
  static synchronized Path model() {
    if (model == null) {
      try {
        dir = Files.createTempDirectory("tfvae-spark-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      model = dir.resolve("model.ckpt");
      Vae vae = Vae.builder().dataDim(DIM).latent(2).hidden(16).seed(5).build();
      TrainOptions options = TrainOptions.builder().epochs(3).batchSize(20).progress(false).build();
      try (TrainingRun run = vae.train(DataSplit.trainingOnly(Images.vectors(rows(200, 1))), options, CheckpointPolicy.REPLACE)) {
        run.model().save(model);
      }
    }
    return model;
  }

  /** The table model's columns: x numeric, flag binary (no, yes), colour categorical (red, green, blue). */
  static final Schema TABLE = new Schema(List.of(Schema.Column.numeric("x", 50, 10), Schema.Column.binary("flag", "no", "yes"),
      Schema.Column.categorical("colour", List.of("red", "green", "blue"))));
  private static Path tableModel;

  /** @return the checkpoint of a tiny table model ({@link #TABLE}, 2-D latent, 16 hidden units) trained for a few epochs */
  static synchronized Path tableModel() {
    if (tableModel == null) {
      tableModel = tempDir().resolve("table.ckpt");
      Vae vae = Vae.builder().schema(TABLE).latent(2).hidden(16).initScale(0.1).seed(3).build();
      TrainOptions options = TrainOptions.builder().epochs(3).batchSize(20).progress(false).build();
      float[][] rows = TABLE.encode(tableCells(200, 1, null)).rows();
      try (TrainingRun run = vae.train(DataSplit.trainingOnly(Images.withMissing(rows)), options, CheckpointPolicy.REPLACE)) {
        run.model().save(tableModel);
      }
    }
    return tableModel;
  }

  /**
   * @return {@code n} rows of text cells (x, flag, colour): x ~ N(50, 10), flag yes when x > 50, colour by thirds of x;
   *     about 10 % of cells null (missing), every seventh row's colour {@code odd} when it is not null
   */
  static List<String[]> tableCells(int n, long seed, String odd) {
    Random r = new Random(seed);
    String[] colours = {"red", "green", "blue"};
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = 50 + 10 * r.nextGaussian();
      String[] c = {String.format(java.util.Locale.ROOT, "%.2f", x), x > 50 ? "yes" : "no",
          odd != null && i % 7 == 3 ? odd : colours[Math.min(2, Math.max(0, (int) ((x - 40) / 10)))]};
      for (int j = 0; j < 3; j++) if (r.nextDouble() < 0.1 && j != i % 3) c[j] = null;
      rows.add(c);
    }
    return rows;
  }

  static Path tempDir() {
    model();
    return dir;
  }

  /** @return {@code n} binary rows of {@link #DIM} values: two prototypes with 10 % of the bits flipped */
  static float[][] rows(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][DIM];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < DIM; j++) {
        boolean on = (i % 2 == 0) == (j < DIM / 2);
        x[i][j] = (r.nextDouble() < 0.1) != on ? 1f : 0f;
      }
    return x;
  }

  /** @return a DataFrame of the rows: a long column {@code row} (0..n-1) and double columns x0..x11 */
  static Dataset<Row> frame(float[][] x) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("row", DataTypes.LongType, false));
    for (int j = 0; j < DIM; j++) fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      Object[] v = new Object[DIM + 1];
      v[0] = (long) i;
      for (int j = 0; j < DIM; j++) v[j + 1] = (double) x[i][j];
      rows.add(RowFactory.create(v));
    }
    return spark().createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  static String[] columns() {
    String[] c = new String[DIM];
    for (int j = 0; j < DIM; j++) c[j] = "x" + j;
    return c;
  }

  /** @return the model loaded directly (the single-JVM library), for the oracle; the caller closes it */
  static TrainedVae direct() { return Vae.load(model()); }
}
