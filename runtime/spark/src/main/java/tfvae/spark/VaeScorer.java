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
 * {@code TrainedVae.score}), {@code z_mean}, the encoder's mean (an array of {@code latent} doubles;
 * {@code TrainedVae.encodeRows}), and for a table model {@code log_px_parts}, each column's share of log_px
 * ({@code RowScores.columns}), and {@code imputed}, its cells with the missing ones filled ({@code TrainedVae.impute},
 * as text). Every input column is kept, a row-number column included.
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
 * Input of an image model: either {@link #setInputCols numeric or text columns}, one per model input in the model's
 * order, or one {@link #setInputCol array or ML vector column}; a cell that is empty, not a number or not finite fails
 * the job with one line naming the row (its {@code row} column when there is one) and the column. Input of a table
 * model: its schema's columns in its order, each cell read as text and encoded by {@code Schema.encode} (a null cell or
 * a {@link #setMissing missing token} is missing; an unseen level is read as missing and counted in
 * {@link #unseenLevels()}).
 */
public final class VaeScorer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final List<String> OUTPUTS = List.of("score", "parts", "encode", "impute");
  private final String uid;
  private final Param<String> modelPath;
  private final BooleanParam shipModel;
  private final StringArrayParam inputCols;
  private final Param<String> inputCol;
  private final Param<String> rowCol;
  private final StringArrayParam outputs;
  private final Param<String> logPxCol;
  private final Param<String> latentCol;
  private final Param<String> partsCol;
  private final Param<String> imputedCol;
  private final StringArrayParam missing;
  private final BooleanParam binarize;
  private final IntParam batchSize;
  private final IntParam k;
  private final LongParam seed;
  private transient Counters counters;

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
    outputs = new StringArrayParam(this, "outputs", "the results to add, among score (log_px), parts (log_px_parts), encode (z_mean) and impute (imputed)");
    logPxCol = new Param<>(uid, "logPxCol", "the output column of log p(x) (score)");
    latentCol = new Param<>(uid, "latentCol", "the output column of the latent means (encode)");
    partsCol = new Param<>(uid, "partsCol", "the output column of each table column's share of log p(x) (parts)");
    imputedCol = new Param<>(uid, "imputedCol", "the output column of the table's cells with the missing ones filled (impute)");
    missing = new StringArrayParam(this, "missing", "text cells of a table read as missing (a null cell always is)");
    binarize = new BooleanParam(uid, "binarize", "threshold a Bernoulli image model's values at 0.5, as scripts/reproduce does");
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
    setDefault(partsCol, "log_px_parts");
    setDefault(imputedCol, "imputed");
    setDefault(missing, tfvae.data.Table.DEFAULT_MISSING.stream().sorted().toArray(String[]::new));
    defaultAny(binarize, false);
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
  /** @return the param of the per-column shares column's name (default "log_px_parts") */
  public Param<String> partsCol() { return partsCol; }
  /** @return the param of the imputed cells column's name (default "imputed") */
  public Param<String> imputedCol() { return imputedCol; }
  /** @return the param of the missing tokens (default "", "?", "NA", "NaN") */
  public StringArrayParam missing() { return missing; }
  /** @return the param that thresholds a Bernoulli image model's values (default false) */
  public BooleanParam binarize() { return binarize; }
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
   * @param names among "score" (log_px), "parts" (log_px_parts: a table model's per-column shares of log_px, an array in
   *     the schema's order), "encode" (z_mean) and "impute" (imputed: a table model's cells, one per input column, the
   *     missing ones filled, as text), at least one
   * @return this
   * @throws InvalidConfigException for an unknown name or none
   */
  public VaeScorer setOutputs(String... names) { return put(outputs, checkOutputs(names.clone())); }
  /** @param column the name of the log p(x) column @return this */
  public VaeScorer setLogPxCol(String column) { return put(logPxCol, column); }
  /** @param column the name of the latent means column @return this */
  public VaeScorer setLatentCol(String column) { return put(latentCol, column); }
  /** @param column the name of the per-column shares column @return this */
  public VaeScorer setPartsCol(String column) { return put(partsCol, column); }
  /** @param column the name of the imputed cells column @return this */
  public VaeScorer setImputedCol(String column) { return put(imputedCol, column); }
  /** @param tokens text cells of a table read as missing, besides a null cell @return this */
  public VaeScorer setMissing(String... tokens) { return put(missing, tokens.clone()); }
  /** @param on threshold a Bernoulli image model's values at 0.5 (values outside [0, 1] fail the job) @return this */
  public VaeScorer setBinarize(boolean on) { return putAny(binarize, on); }
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
    if (c.parts) fields.add(DataTypes.createStructField(getOrDefault(partsCol), DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    if (c.encode) fields.add(DataTypes.createStructField(getOrDefault(latentCol), DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    if (c.impute) fields.add(DataTypes.createStructField(getOrDefault(imputedCol), DataTypes.createArrayType(DataTypes.StringType, true), false));
    List<String> setters = List.of("setLogPxCol", "setPartsCol", "setLatentCol", "setImputedCol");
    List<String> names = List.of(getOrDefault(logPxCol), getOrDefault(partsCol), getOrDefault(latentCol), getOrDefault(imputedCol));
    for (int i = schema.fields().length; i < fields.size(); i++)
      if (Arrays.asList(schema.fieldNames()).contains(fields.get(i).name()))
        throw new InvalidConfigException("output column '" + fields.get(i).name() + "' is already in the DataFrame; rename it with "
            + setters.get(names.indexOf(fields.get(i).name())));
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
    RowReader reader = new RowReader(c.names, c.columns, c.vector, rowIndex, Set.of(getOrDefault(missing)), (Boolean) getOrDefault(binarize));
    PartitionScorer.Outputs o = new PartitionScorer.Outputs(c.score, c.parts, c.encode, c.impute, (Integer) getOrDefault(batchSize),
        (Integer) getOrDefault(k), (Long) getOrDefault(seed));
    counters = new Counters(dataset.sparkSession().sparkContext(), c.names.length);
    return dataset.toDF().mapPartitions(new PartitionScorer(source, reader, o, counters), Encoders.row(out));
  }

  @Override public VaeScorer copy(ParamMap extra) { return defaultCopy(extra); }

  /**
   * @return the rows the last {@link #transform}'s DataFrame has scored so far (Spark's accumulators: read it after an
   *     action; a retried task or a second evaluation counts its rows again), or 0 before any transform
   */
  public long rowsScored() { return counters == null ? 0 : counters.rows(); }

  /**
   * @return per input column, the cells of the last {@link #transform}'s rows that held a level the table model never
   *     saw and were read as missing (counted as {@link #rowsScored()} is)
   */
  public long[] unseenLevels() { return counters == null ? new long[0] : counters.unseen(); }

  /** @return a reader for {@link #write()}'s output: {@code VaeScorer.read().load(path)} */
  public static MLReader<VaeScorer> read() { return new DefaultParamsReader<>(); }

  /** @param path a directory {@code write().save(path)} wrote @return the scorer with its params */
  public static VaeScorer load(String path) { return read().load(path); }

  /** The params checked together against a DataFrame's schema (also after {@link #load}, which bypasses the setters). */
  private record Config(String[] names, int[] columns, boolean vector, boolean score, boolean parts, boolean encode, boolean impute) {}

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
    return new Config(names, idx, cols.length == 0, o.contains("score"), o.contains("parts"), o.contains("encode"), o.contains("impute"));
  }

  private static String[] checkOutputs(String[] names) {
    if (names.length == 0) throw new InvalidConfigException("outputs must name at least one of " + OUTPUTS + ", got none");
    for (String n : names)
      if (!OUTPUTS.contains(n)) throw new InvalidConfigException("outputs must be among " + OUTPUTS + ", got '" + n + "'");
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
