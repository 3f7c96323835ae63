package tfvae.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import tfvae.CheckpointPolicy;
import tfvae.ScoreOptions;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * Rows per second of {@code score} (log_px, IW-k, {@code TrainedVae.score} in batches of 256) on MNIST fixture images repeated to {@code rows}:
 * the single-JVM library path, or a SparkSession on {@code local[N]}. Not a test; docs/spark.md shows how to run it:
 * {@code java -cp ... tfvae.spark.ScoreBenchmark MODEL ROWS K single|local[N]}. A missing MODEL is trained first
 * (the default architecture, 1 epoch on the fixture's 1000 images). Prints the start-up seconds (session and a first
 * one-row job), the scoring seconds, rows/s, the sum of log_px (the same on every path) and the peak RSS (VmHWM).
 */
public final class ScoreBenchmark {
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]), k = Integer.parseInt(args[2]);
    String mode = args[3];
    Images fixture = DataSplit.assignment(Path.of("api/src/test/resources/mnist-fixture"), 500, 500).binarize().train().asVectors();
    if (!Files.exists(model)) {
      TrainOptions o = TrainOptions.builder().epochs(1).progress(false).build();
      try (TrainingRun run = Vae.builder().dataDim(784).seed(0).build().train(DataSplit.trainingOnly(fixture), o, CheckpointPolicy.REPLACE)) {
        run.model().save(model);
      }
    }
    int n = fixture.count();
    long t0 = System.nanoTime();
    double sum = 0;
    double startup = 0;
    if (mode.equals("single")) {
      try (TrainedVae m = Vae.load(model)) {
        startup = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        float[][] all = fixture.toRows();
        for (int from = 0; from < rows; from += 256) {                       // batches of 256 rows, as the scorer's default
          float[][] batch = new float[Math.min(256, rows - from)][];
          for (int i = 0; i < batch.length; i++) batch[i] = all[(from + i) % n];
          for (double v : m.score(batch, new ScoreOptions(k, 0)).logPx()) sum += v;
        }
      }
    } else {
      SparkSession spark = SparkSession.builder().master(mode).appName("tfvae-score-benchmark").config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      List<Row> images = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] x = fixture.image(i);
        double[] d = new double[x.length];
        for (int j = 0; j < x.length; j++) d[j] = x[j];
        images.add(RowFactory.create((long) i, d));
      }
      StructType schema = new StructType().add("image", DataTypes.LongType).add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
      Dataset<Row> base = spark.createDataFrame(images, schema);
      VaeScorer scorer = new VaeScorer().setModelPath(model.toString()).setInputCol("pixels").setOutputs("score").setK(k).setSeed(0);
      scorer.transform(base.limit(1)).collectAsList();                              // start-up: session, first job, model load
      startup = (System.nanoTime() - t0) / 1e9;
      int parts = Integer.parseInt(mode.replaceAll("\\D", "").isEmpty() ? "1" : mode.replaceAll("\\D", "")) * 2;
      Dataset<Row> df = spark.range((rows + n - 1) / n).crossJoin(base)
          .withColumn("row", functions.col("id").multiply(n).plus(functions.col("image")))
          .where(functions.col("row").lt(rows)).repartition(parts);
      t0 = System.nanoTime();
      sum = scorer.transform(df).agg(functions.sum("log_px")).first().getDouble(0);
      spark.stop();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM ?");
    System.out.printf("mode %s rows %d k %d: start-up %.1f s, scoring %.1f s, %.0f rows/s, sum log_px %.6e, peak RSS %s%n",
        mode, rows, k, startup, secs, rows / secs, sum, rss.replaceAll("\\s+", " ").replace("VmHWM: ", ""));
  }
}
