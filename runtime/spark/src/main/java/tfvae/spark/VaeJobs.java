package tfvae.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.TrainedVae;
import tfvae.VaeException;
import tfvae.WriteException;

/**
 * The jobs behind {@code scripts/vae score|encode|impute --spark MASTER}: read a CSV file, a directory of CSV files or
 * Parquet, number the rows, run {@link VaeScorer} and write a directory of CSV part files (with a header) or Parquet
 * whose columns are those of the single-JVM command's CSV, {@code row} first, so the two can be joined by row.
 *
 * <p>Rows: the input's {@code row} column when it has one (any integer column of that name), else the 0-based index of
 * the data row, counted over the input's files in the order of their names as if they were one file (header lines not
 * counted). The output is written into a hidden directory beside {@code out} and renamed into place when every task
 * succeeded, so {@code out} is replaced whole or left as it was; a directory that is not a finished Spark output (no
 * {@code _SUCCESS}) is never replaced.
 */
public final class VaeJobs {
  /** The master URLs Spark 4 takes: local, local[N], local[*], local[N,F], local-cluster[...], spark://, yarn, k8s://. */
  private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
      "local(\\[(\\d+|\\*)(,\\d+)?\\])?|local-cluster\\[\\d+,\\d+,\\d+\\]|spark://\\S+|yarn|k8s://\\S+");

  private VaeJobs() {}

  /** A per-row subcommand. */
  public enum Command {
    SCORE, ENCODE, IMPUTE;

    /** @return its name on the command line */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }
  }

  /**
   * One job.
   *
   * @param command what to write
   * @param model the checkpoint; executors read it at this path in local mode, else the driver ships its bytes
   * @param data a CSV file, a directory of CSV files, a Parquet file or a directory of Parquet files
   * @param out the directory to write
   * @param parquet write Parquet instead of CSV
   * @param k importance draws per row (score, impute)
   * @param seed the draws' seed
   * @param missing text cells read as missing in a table (a null cell, an empty CSV field, always is)
   */
  public record Job(Command command, String model, String data, String out, boolean parquet, int k, long seed, Set<String> missing) {
    public Job {
      if (k < 1 || k > 100_000) throw new InvalidConfigException("--k must be in [1, 100000], got " + k);
      missing = Set.copyOf(missing);
    }
  }

  /**
   * @param rows the rows written
   * @param out the directory written
   * @param unseenNote for a table model, e.g. "2 cells held a level unseen in training, read as missing (colour 2)", or null
   */
  public record Result(long rows, String out, String unseenNote) {}

  /**
   * @param master a Spark master URL: local[N], local[*], spark://host:port, yarn, k8s://...
   * @return the session (the one already running in this JVM when there is one), without its web UI
   * @throws InvalidConfigException when Spark cannot start with this master, in one line
   */
  public static SparkSession session(String master) {
    checkMaster(master);
    try {
      SparkSession.Builder b = SparkSession.builder().master(master).appName("tfvae").config("spark.ui.enabled", "false");
      if (master.startsWith("local")) b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
      return b.getOrCreate();
    } catch (Exception e) {
      throw new InvalidConfigException("--spark " + master + ": Spark cannot start with this master (" + SparkFailures.reason(e)
          + "); give local[N], local[*], spark://host:7077, yarn or k8s://...");
    }
  }

  /**
   * spark-submit's entry point, the same job as {@code scripts/vae COMMAND --spark}: {@code spark-submit --class
   * tfvae.spark.VaeJobs tfvae-spark-VERSION-assembly.jar score|encode|impute MODEL DATA OUT [K [SEED [csv|parquet]]]},
   * the master and the executors' resources from spark-submit (K defaults to 100, SEED to 0). An error is one line on
   * standard error and exit status 2.
   *
   * @param args the command, the model, the input, the output directory, then optionally k, the seed and the format
   */
  public static void main(String[] args) {
    try {
      if (args.length < 4 || args.length > 7 || !List.of("score", "encode", "impute").contains(args[0])
          || args.length == 7 && !List.of("csv", "parquet").contains(args[6]))
        throw new InvalidConfigException("usage: tfvae.spark.VaeJobs score|encode|impute MODEL DATA OUT [K [SEED [csv|parquet]]], got "
            + String.join(" ", args));
      Job job = new Job(Command.valueOf(args[0].toUpperCase(Locale.ROOT)), args[1], args[2], args[3], args.length == 7 && args[6].equals("parquet"),
          args.length > 4 ? number("K", args[4]) : 100, args.length > 5 ? number("SEED", args[5]) : 0, tfvae.data.Table.DEFAULT_MISSING);
      Result r = run(SparkSession.builder().appName("tfvae " + args[0]).getOrCreate(), job);
      if (r.unseenNote() != null) System.err.println("tfvae " + args[0] + ": " + r.unseenNote());
      System.err.println("wrote " + r.out() + " (" + r.rows() + " rows)");
    } catch (RuntimeException e) {
      System.err.println("tfvae " + (args.length > 0 ? args[0] : "") + ": error: " + SparkFailures.reason(e));
      System.exit(2);
    }
  }

  private static int number(String what, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(what + " must be a whole number, got '" + text + "'");
    }
  }

  /**
   * Checks the job's local paths (those without a scheme such as hdfs://) before Spark starts, then starts Spark and runs
   * the job.
   *
   * @param master a Spark master URL ({@link #session})
   * @return what was written
   * @throws VaeException in one line, as {@link #run(SparkSession, Job)} does; a bad local path before Spark starts
   */
  public static Result run(String master, Job job) {
    checkMaster(master);
    FileSystem local;
    try {
      local = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    } catch (IOException e) {
      throw new WriteException("cannot open the local file system: " + e.getMessage(), e);
    }
    if (!job.out().contains("://")) checkOut(local, new Path(job.out()));
    if (!job.data().contains("://") && !java.nio.file.Files.exists(java.nio.file.Path.of(job.data())))
      throw new BadDataException("--data " + job.data() + " does not exist");
    if (!job.model().contains("://") && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(job.model())))
      throw new BadDataException("--model " + job.model() + " is not a file; pass the model.ckpt that scripts/vae train wrote");
    return run(session(master), job);
  }

  /**
   * Runs a job: checks the output's place, the input and the model on the driver first, then scores on the executors.
   *
   * @return what was written
   * @throws VaeException in one line: a bad output place, an unreadable input or model, a model of another schema, or
   *     (found in Spark's exception) a bad cell or a model an executor cannot read; nothing is left at {@code out} then
   */
  public static Result run(SparkSession spark, Job job) {
    try {
      return runJob(spark, job);
    } catch (VaeException e) {
      throw e;
    } catch (Exception e) { // Spark's exceptions are checked ones (SparkException, AnalysisException) thrown undeclared
      VaeException v = SparkFailures.vaeException(e);
      throw v != null ? v : new BadDataException("the Spark job failed: " + SparkFailures.reason(e), e);
    }
  }

  private static Result runJob(SparkSession spark, Job job) {
    Path out = new Path(job.out());
    FileSystem fs = fileSystem(spark, out, "--out");
    checkOut(fs, out);
    // Scoring is CPU-bound: split even a few MB of input into about two partitions per task thread (Spark's default
    // would keep files under 4 MB whole, one task for the whole job)
    spark.conf().set("spark.sql.files.minPartitionNum", Math.max(1, 2 * spark.sparkContext().defaultParallelism()));
    spark.conf().set("spark.sql.files.openCostInBytes", 64 * 1024);
    Inputs.Read in = Inputs.read(spark, job.data());
    TrainedVae model = ModelCache.fromPath(job.model());
    Schema schema = model.spec().schema();
    List<String> inputCols = new ArrayList<>(Arrays.asList(in.frame().columns()));
    inputCols.remove(Inputs.ROW);
    if (schema == null) {
      if (job.command() == Command.IMPUTE)
        throw new InvalidConfigException("--model " + job.model() + " was trained on images (" + model.spec().dataDim()
            + " values per row, no table schema); impute fills the cells of a table model: train one with scripts/vae train --data FILE.csv");
      if (inputCols.size() != model.spec().dataDim())
        throw new BadDataException(job.data() + " has " + inputCols.size() + " columns; this image model takes " + model.spec().dataDim()
            + " values per row (its pixels, in order)");
    } else {
      for (String name : schema.names())
        if (!inputCols.contains(name))
          throw new BadDataException("the model was trained on another schema: it has column " + name + ", which " + job.data()
              + " does not have (the model's columns: " + String.join(", ", schema.names()) + "; the file's: " + String.join(", ", inputCols) + ")");
    }
    List<String> modelCols = schema == null ? inputCols : schema.names();
    VaeScorer scorer = new VaeScorer().setModelPath(job.model()).setShipModel(!spark.sparkContext().isLocal())
        .setInputCols(modelCols.toArray(String[]::new)).setRowCol(Inputs.ROW).setK(job.k()).setSeed(job.seed()).setBinarize(true)
        .setMissing(job.missing().toArray(String[]::new))
        .setLogPxCol("__tfvae_log_px").setPartsCol("__tfvae_parts").setLatentCol("__tfvae_z").setImputedCol("__tfvae_imputed")
        .setOutputs(switch (job.command()) {
          case SCORE -> schema == null ? new String[] {"score"} : new String[] {"score", "parts"};
          case ENCODE -> new String[] {"encode"};
          case IMPUTE -> new String[] {"impute"};
        });
    Dataset<Row> scored = scorer.transform(in.frame());
    List<Column> cols = new ArrayList<>(List.of(scored.col(Inputs.ROW)));
    switch (job.command()) {
      case SCORE -> {
        cols.add(scored.col("__tfvae_log_px").as("log_px"));
        if (schema != null) for (int c = 0; c < modelCols.size(); c++) cols.add(scored.col("__tfvae_parts").getItem(c).as(modelCols.get(c)));
      }
      case ENCODE -> {
        for (int d = 0; d < model.spec().latent(); d++) cols.add(scored.col("__tfvae_z").getItem(d).as("z" + (d + 1)));
      }
      case IMPUTE -> {
        for (String c : inputCols) {
          int m = modelCols.indexOf(c);
          cols.add(m >= 0 ? scored.col("__tfvae_imputed").getItem(m).as(c) : scored.col(Inputs.quote(c)));
        }
      }
    }
    write(fs, scored.select(cols.toArray(Column[]::new)), out, job.parquet());
    return new Result(scorer.rowsScored(), fs.makeQualified(out).toString(), schema == null ? null : unseenNote(modelCols, scorer.unseenLevels()));
  }

  private static void checkMaster(String master) {
    if (master == null || !MASTER.matcher(master).matches())
      throw new InvalidConfigException("--spark must be a Spark master such as local[2], local[*], spark://host:7077 or yarn, got '" + master + "'");
  }

  /** Refuses an output place that is a file, a directory of other files, or under a directory that does not exist. */
  private static void checkOut(FileSystem fs, Path out) {
    try {
      if (fs.exists(out)) {
        FileStatus st = fs.getFileStatus(out);
        if (!st.isDirectory())
          throw new InvalidConfigException("--out " + out + " is a file; with --spark, --out names a directory for Spark to write: remove the file or name another");
        if (fs.listStatus(out).length > 0 && !fs.exists(new Path(out, "_SUCCESS")))
          throw new InvalidConfigException("--out " + out + " is a directory holding files that are not a finished Spark output (no _SUCCESS);"
              + " name a new or empty directory, or remove it");
      } else {
        Path parent = fs.makeQualified(out).getParent();
        if (parent != null && !(fs.exists(parent) && fs.getFileStatus(parent).isDirectory()))
          throw new InvalidConfigException("--out " + out + ": its directory " + parent + " does not exist; create it or name another directory");
      }
    } catch (IOException e) {
      throw new InvalidConfigException("--out " + out + ": cannot check it: " + e.getMessage());
    }
  }

  /** Writes into a hidden sibling of {@code out}, then replaces {@code out} with it; on a failure only the sibling goes. */
  private static void write(FileSystem fs, Dataset<Row> result, Path out, boolean parquet) {
    Path q = fs.makeQualified(out);
    Path partial = new Path(q.getParent(), "." + q.getName() + ".tfvae-partial");
    try {
      try {
        if (parquet) result.write().mode("overwrite").parquet(partial.toString());
        else result.write().mode("overwrite").option("header", true).option("escape", "\"").csv(partial.toString());
      } catch (Exception e) {
        fs.delete(partial, true);
        throw e;
      }
      if (fs.exists(q) && !fs.delete(q, true)) throw new WriteException("cannot remove the earlier output " + q + " to replace it");
      if (!fs.rename(partial, q)) throw new WriteException("cannot rename " + partial + " to " + q + "; the output is in " + partial);
    } catch (IOException e) {
      throw new WriteException("cannot write " + q + ": " + e.getMessage(), e);
    }
  }

  static FileSystem fileSystem(SparkSession spark, Path path, String option) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException(option + " " + path + ": no file system for it (" + SparkFailures.reason(e) + ")");
    }
  }

  /** @return "N cells held a level unseen in training, read as missing (colour 2)", as the single-JVM command says, or null */
  static String unseenNote(List<String> names, long[] unseen) { return tfvae.data.ModelRows.unseenNote(names, unseen); }
}
