package tfvae.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import tfvae.InvalidConfigException;

/**
 * A Spark ML {@code Transformer} that appends a trained model's per-row results to a DataFrame: {@code log_px}, the
 * importance-weighted estimate of log p(x) with {@code k} draws (nats; higher is more typical; the library's
 * {@code TrainedVae.score}), and {@code z_mean}, the encoder's mean (an array of {@code latent} doubles;
 * {@code TrainedVae.encodeRows}). Every input column is kept, a row-number column included.
 *
 * <p>Each result is a pure function of the model, the row and the seed (the library's per-row contract), so the
 * numbers do not depend on the partitioning, the batch or the number of executors, up to float rounding of the
 * batched arithmetic (about 1e-5 relative). The model is loaded once
 * per executor JVM and shared by its task threads; it comes from {@link #setModelPath a path} each executor reads, or,
 * with {@link #setShipModel setShipModel(true)}, from the checkpoint's bytes that the driver reads and broadcasts.
 *
 * <pre>{@code
 * VaeScorer scorer = new VaeScorer().setModelPath("/shared/model.ckpt").setInputCols(pixelColumns)
 *     .setOutputs("score", "encode").setK(100).setSeed(0);
 * Dataset<Row> scored = scorer.transform(df);          // + log_px, z_mean
 * scorer.write().overwrite().save("/shared/scorer");   // params only; VaeScorer.load("/shared/scorer")
 * }</pre>
 *
 * Input: either {@link #setInputCols numeric or text columns}, one per model input in the model's order, or one
 * {@link #setInputCol array or ML vector column}. A cell that is empty, not a number or not finite fails the job with
 * one line naming the row (its {@code row} column when there is one) and the column.
 */
public final class VaeScorer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Set<String> OUTPUTS = Set.of("score", "encode");
  private final String uid;
  private final Param<String> modelPath;
  private final BooleanParam shipModel;
  private final StringArrayParam inputCols;
  private final Param<String> inputCol;
  private final Param<String> rowCol;
  private final StringArrayParam outputs;
  private final Param<String> logPxCol;
  private final Param<String> latentCol;
  private final IntParam batchSize;
  private final IntParam k;
  private final LongParam seed;

  /** A scorer with a random uid and the defaults: outputs score and encode, k 100, seed 0, batches of 256 rows. */
  public VaeScorer() { this(Identifiable$.MODULE$.randomUID("vaeScorer")); }

  /** @param uid the stage's unique id (Spark's persistence restores it through this constructor) */
  public VaeScorer(String uid) {
    this.uid = uid;
    modelPath = new Param<>(uid, "modelPath", "the checkpoint (model.ckpt) to load");
    shipModel = new BooleanParam(uid, "shipModel", "read the checkpoint on the driver and broadcast its bytes to the executors");
    inputCols = new StringArrayParam(this, "inputCols", "the input columns, one per model input, in the model's order");
    inputCol = new Param<>(uid, "inputCol", "one input column of arrays or ML vectors, instead of inputCols");
    rowCol = new Param<>(uid, "rowCol", "the column that numbers the rows, named in error messages when present");
    outputs = new StringArrayParam(this, "outputs", "the results to add, among score (log_px) and encode (z_mean)");
    logPxCol = new Param<>(uid, "logPxCol", "the output column of log p(x) (score)");
    latentCol = new Param<>(uid, "latentCol", "the output column of the latent means (encode)");
    batchSize = new IntParam(uid, "batchSize", "rows per batch given to the model, at least 1");
    k = new IntParam(uid, "k", "importance samples per row for log_px, at least 1");
    seed = new LongParam(uid, "seed", "the noise seed of log_px");
    defaultAny(shipModel, false);
    setDefault(inputCols, new String[0]);
    setDefault(inputCol, "");
    setDefault(rowCol, "row");
    setDefault(outputs, new String[] {"score", "encode"});
    setDefault(logPxCol, "log_px");
    setDefault(latentCol, "z_mean");
    defaultAny(batchSize, 256);
    defaultAny(k, 100);
    defaultAny(seed, 0L);
  }

  @Override public String uid() { return uid; }

  /** @return the param of the checkpoint's path (no default) */
  public Param<String> modelPath() { return modelPath; }
  /** @return the param that ships the checkpoint's bytes from the driver (default false) */
  public BooleanParam shipModel() { return shipModel; }
  /** @return the param of the input columns (default none) */
  public StringArrayParam inputCols() { return inputCols; }
  /** @return the param of the single array or vector input column (default none) */
  public Param<String> inputCol() { return inputCol; }
  /** @return the param of the row-number column (default "row") */
  public Param<String> rowCol() { return rowCol; }
  /** @return the param of the outputs (default score, encode) */
  public StringArrayParam outputs() { return outputs; }
  /** @return the param of the log p(x) column's name (default "log_px") */
  public Param<String> logPxCol() { return logPxCol; }
  /** @return the param of the latent means column's name (default "z_mean") */
  public Param<String> latentCol() { return latentCol; }
  /** @return the param of the batch size (default 256) */
  public IntParam batchSize() { return batchSize; }
  /** @return the param of the importance samples per row (default 100) */
  public IntParam k() { return k; }
  /** @return the param of the noise seed (default 0) */
  public LongParam seed() { return seed; }

  /** @param path a checkpoint every executor can read (or the driver, with {@code setShipModel(true)}) @return this */
  public VaeScorer setModelPath(String path) {
    if (path == null || path.isBlank()) throw new InvalidConfigException("modelPath must name a checkpoint, got " + (path == null ? "null" : "''"));
    return put(modelPath, path);
  }
  /** @param ship true to read the checkpoint on the driver and broadcast it @return this */
  public VaeScorer setShipModel(boolean ship) { return putAny(shipModel, ship); }
  /** @param columns one column per model input, in the model's order @return this */
  public VaeScorer setInputCols(String... columns) { return put(inputCols, columns.clone()); }
  /** @param column one column of arrays or ML vectors of the model's width @return this */
  public VaeScorer setInputCol(String column) { return put(inputCol, column); }
  /** @param column the row-number column named in messages (ignored when absent) @return this */
  public VaeScorer setRowCol(String column) { return put(rowCol, column); }
  /**
   * @param names among "score" (log_px) and "encode" (z_mean), at least one
   * @return this
   * @throws InvalidConfigException for an unknown name or none
   */
  public VaeScorer setOutputs(String... names) { return put(outputs, checkOutputs(names.clone())); }
  /** @param column the name of the log p(x) column @return this */
  public VaeScorer setLogPxCol(String column) { return put(logPxCol, column); }
  /** @param column the name of the latent means column @return this */
  public VaeScorer setLatentCol(String column) { return put(latentCol, column); }
  /** @param rows rows per batch, at least 1 (results do not depend on it) @return this */
  public VaeScorer setBatchSize(int rows) { return putAny(batchSize, atLeast1("batchSize", rows)); }
  /** @param draws importance samples per row, at least 1 @return this */
  public VaeScorer setK(int draws) { return putAny(k, atLeast1("k", draws)); }
  /** @param value the noise seed of log_px @return this */
  public VaeScorer setSeed(long value) { return putAny(seed, value); }

  @Override public StructType transformSchema(StructType schema) {
    Config c = config(schema);
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    if (c.score) fields.add(DataTypes.createStructField(getOrDefault(logPxCol), DataTypes.DoubleType, false));
    if (c.encode) fields.add(DataTypes.createStructField(getOrDefault(latentCol), DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    for (int i = schema.fields().length; i < fields.size(); i++)
      if (Arrays.asList(schema.fieldNames()).contains(fields.get(i).name()))
        throw new InvalidConfigException("output column '" + fields.get(i).name() + "' is already in the DataFrame; rename it with "
            + (fields.get(i).name().equals(getOrDefault(logPxCol)) ? "setLogPxCol" : "setLatentCol"));
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    Config c = config(in);
    String path = getOrDefault(modelPath);
    ModelSource source = (Boolean) getOrDefault(shipModel) ? ModelSource.shipped(dataset.sparkSession(), path) : ModelSource.path(path);
    String row = getOrDefault(rowCol);
    int rowIndex = Arrays.asList(in.fieldNames()).contains(row) ? in.fieldIndex(row) : -1;
    PartitionScorer fn = new PartitionScorer(source, c.names, c.columns, c.vector, rowIndex, c.score, c.encode,
        (Integer) getOrDefault(batchSize), (Integer) getOrDefault(k), (Long) getOrDefault(seed));
    return dataset.toDF().mapPartitions(fn, Encoders.row(out));
  }

  @Override public VaeScorer copy(ParamMap extra) { return defaultCopy(extra); }

  /** @return a reader for {@link #write()}'s output: {@code VaeScorer.read().load(path)} */
  public static MLReader<VaeScorer> read() { return new DefaultParamsReader<>(); }

  /** @param path a directory {@code write().save(path)} wrote @return the scorer with its params */
  public static VaeScorer load(String path) { return read().load(path); }

  /** The params checked together against a DataFrame's schema (also after {@link #load}, which bypasses the setters). */
  private record Config(String[] names, int[] columns, boolean vector, boolean score, boolean encode) {}

  private Config config(StructType schema) {
    if (!isDefined(modelPath)) throw new InvalidConfigException("modelPath is not set; call setModelPath(\"model.ckpt\")");
    String[] outs = checkOutputs(getOrDefault(outputs));
    atLeast1("batchSize", (Integer) getOrDefault(batchSize));
    atLeast1("k", (Integer) getOrDefault(k));
    String[] cols = getOrDefault(inputCols);
    String col = getOrDefault(inputCol);
    if (cols.length > 0 == !col.isEmpty())
      throw new InvalidConfigException(cols.length > 0 ? "set inputCols or inputCol, not both"
          : "no input columns: call setInputCols(...) with one column per model input, or setInputCol(...) with an array or vector column");
    List<String> have = Arrays.asList(schema.fieldNames());
    String[] names = cols.length > 0 ? cols : new String[] {col};
    int[] idx = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      if (!have.contains(names[i]))
        throw new InvalidConfigException("input column '" + names[i] + "' is not in the DataFrame, whose columns are " + shorten(have));
      idx[i] = schema.fieldIndex(names[i]);
      DataType t = schema.fields()[idx[i]].dataType();
      boolean ok = cols.length > 0 ? t instanceof NumericType || t == DataTypes.StringType || t == DataTypes.BooleanType
          : t.equals(SQLDataTypes.VectorType()) || t instanceof ArrayType a && a.elementType() instanceof NumericType;
      if (!ok)
        throw new InvalidConfigException("input column '" + names[i] + "' has type " + t.simpleString() + "; "
            + (cols.length > 0 ? "inputCols must be numbers or text holding numbers" : "inputCol must be an array of numbers or an ML vector"));
    }
    List<String> o = Arrays.asList(outs);
    return new Config(names, idx, cols.length == 0, o.contains("score"), o.contains("encode"));
  }

  private static String[] checkOutputs(String[] names) {
    if (names.length == 0) throw new InvalidConfigException("outputs must name at least one of [score, encode], got none");
    for (String n : names)
      if (!OUTPUTS.contains(n))
        throw new InvalidConfigException("outputs must be among [score, encode], got '" + n + "'"
            + ("impute".equals(n) ? "; imputation needs a table model" : ""));
    return names;
  }

  private static int atLeast1(String name, int value) {
    if (value < 1) throw new InvalidConfigException(name + " must be at least 1, got " + value);
    return value;
  }

  private static String shorten(List<String> names) {
    return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
  }

  private <T> VaeScorer put(Param<T> param, T value) {
    set(param, value);
    return this;
  }

  @SuppressWarnings("unchecked")
  private void defaultAny(Param<?> param, Object value) { setDefault((Param<Object>) param, value); }

  @SuppressWarnings("unchecked")
  private VaeScorer putAny(Param<?> param, Object value) {
    set((Param<Object>) param, value);
    return this;
  }
}
