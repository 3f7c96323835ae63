package tfvae.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tfvae.BadDataException;

/**
 * The input of a {@link VaeJobs} job: a CSV file or Parquet file, or a directory of them, read with every CSV column as
 * text (as the single-JVM command reads it: unquoted fields' spaces dropped, RFC 4180 doubled quotes, a malformed row
 * fails the job), and numbered: the {@code row} column it has, else the 0-based data row over its files in name order.
 */
final class Inputs {
  static final String ROW = "row";

  private Inputs() {}

  /** @param frame the rows, with a long column {@link #ROW} */
  record Read(Dataset<Row> frame) {}

  static Read read(SparkSession spark, String data) {
    Path path = new Path(data);
    FileSystem fs = VaeJobs.fileSystem(spark, path, "--data");
    List<String> files = new ArrayList<>();
    try {
      if (!fs.exists(path)) throw new BadDataException("--data " + data + " does not exist");
      FileStatus st = fs.getFileStatus(path);
      if (st.isDirectory()) {
        FileStatus[] all = fs.listStatus(path);
        Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus f : all) {
          String n = f.getPath().getName();
          if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) files.add(f.getPath().toString());
        }
        if (files.isEmpty()) throw new BadDataException("--data " + data + " is a directory with no data files (CSV or Parquet) in it");
      } else {
        files.add(st.getPath().toString());
      }
      try (var in = fs.open(new Path(files.get(0)))) {
        in.read();
      }
    } catch (org.apache.hadoop.security.AccessControlException e) {
      throw new BadDataException("cannot read " + data + ": permission denied; give this user read access to it", e);
    } catch (IOException e) {
      throw new BadDataException("cannot read " + data + ": " + SparkFailures.reason(e), e);
    }
    boolean parquet = files.stream().allMatch(f -> f.endsWith(".parquet"));
    Dataset<Row> frame = null;
    for (String f : files) {
      Dataset<Row> one = parquet ? spark.read().parquet(f)
          : spark.read().option("header", true).option("mode", "FAILFAST").option("escape", "\"")
              .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true).csv(f);
      if (frame != null && !Arrays.equals(one.columns(), frame.columns()))
        throw new BadDataException("--data " + data + ": " + f + " has the columns " + String.join(", ", one.columns()) + ", but "
            + files.get(0) + " has " + String.join(", ", frame.columns()) + "; every file of a directory needs the same header");
      frame = frame == null ? one : frame.union(one);
    }
    if (Arrays.asList(frame.columns()).contains(ROW)) return new Read(frame.withColumn(ROW, functions.col(ROW).cast(DataTypes.LongType)));
    return new Read(numbered(spark, frame));
  }

  /** @return the rows with a first column {@link #ROW}: each row's index in the frame's order (its partitions in turn) */
  private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> frame) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
    fields.addAll(Arrays.asList(frame.schema().fields()));
    int n = frame.columns().length;
    JavaRDD<Row> rows = frame.javaRDD().zipWithIndex().map(t -> {
      Object[] v = new Object[n + 1];
      v[0] = t._2();
      for (int c = 0; c < n; c++) v[c + 1] = t._1().get(c);
      return RowFactory.create(v);
    });
    return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }

  /** @return a column name quoted for {@code Dataset.col} (dots and backticks kept as part of the name) */
  static String quote(String name) { return "`" + name.replace("`", "``") + "`"; }
}
