package tfvae.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import tfvae.BadDataException;
import tfvae.ScoreOptions;
import tfvae.TrainedVae;

/**
 * The work of one partition: its rows in batches of {@code batchSize}, each batch turned into a matrix, given to the
 * model ({@code score} and {@code encodeRows}, one call each per batch), and written out as the input
 * row followed by the results. The model is fetched from the JVM's {@link ModelCache} at the first row, so an empty
 * partition loads nothing.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final ModelSource source;
  private final String[] names;
  private final int[] columns;
  private final boolean vectorInput;
  private final int rowIndex;
  private final boolean score, encode;
  private final int batchSize, k;
  private final long seed;

  /**
   * @param names the input columns' names (one, holding arrays or vectors, when {@code vectorInput})
   * @param columns their indices in the input rows
   * @param rowIndex the index of the row-number column, or -1 when there is none (messages then count rows per partition)
   */
  PartitionScorer(ModelSource source, String[] names, int[] columns, boolean vectorInput, int rowIndex, boolean score,
      boolean encode, int batchSize, int k, long seed) {
    this.source = source;
    this.names = names;
    this.columns = columns;
    this.vectorInput = vectorInput;
    this.rowIndex = rowIndex;
    this.score = score;
    this.encode = encode;
    this.batchSize = batchSize;
    this.k = k;
    this.seed = seed;
  }

  @Override public Iterator<Row> call(Iterator<Row> rows) {
    int partition = TaskContext.get() == null ? 0 : TaskContext.getPartitionId();
    return new Iterator<>() {
      private final List<Row> out = new ArrayList<>();
      private int next, seen;

      @Override public boolean hasNext() {
        if (next < out.size()) return true;
        out.clear();
        next = 0;
        List<Row> in = new ArrayList<>(batchSize);
        while (in.size() < batchSize && rows.hasNext()) in.add(rows.next());
        if (!in.isEmpty()) out.addAll(batch(in, partition, seen));
        seen += in.size();
        return !out.isEmpty();
      }

      @Override public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return out.get(next++);
      }
    };
  }

  /** @return the rows of one batch with their results appended; {@code first} is the batch's offset in its partition */
  List<Row> batch(List<Row> in, int partition, int first) {
    TrainedVae model = source.model();
    int dim = model.spec().dataDim();
    float[][] x = new float[in.size()][];
    for (int i = 0; i < x.length; i++) x[i] = values(in.get(i), dim, partition, first + i);
    float[][] z = encode ? model.encodeRows(x) : null;
    double[] logPx = score ? model.score(x, new ScoreOptions(k, seed)).logPx() : null;
    List<Row> result = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      Row row = in.get(i);
      Object[] values = new Object[row.length() + (score ? 1 : 0) + (encode ? 1 : 0)];
      for (int c = 0; c < row.length(); c++) values[c] = row.get(c);
      int at = row.length();
      if (score) values[at++] = logPx[i];
      if (encode) values[at] = toDoubles(z[i]);
      result.add(RowFactory.create(values));
    }
    return result;
  }

  /** @return the row's model input; throws naming the row and the column when a cell is missing or not a number */
  private float[] values(Row row, int dim, int partition, int index) {
    if (vectorInput) {
      Object cell = row.get(columns[0]);
      if (cell == null) throw bad(row, partition, index, names[0], "the cell is empty; the model needs " + dim + " values per row");
      double[] v = cell instanceof Vector vec ? vec.toArray() : arrayValues(row, partition, index);
      if (v.length != dim)
        throw bad(row, partition, index, names[0], v.length + " values, but the model takes " + dim + " per row");
      float[] x = new float[dim];
      for (int j = 0; j < dim; j++) x[j] = finite(row, partition, index, names[0] + "[" + j + "]", v[j]);
      return x;
    }
    if (columns.length != dim)
      throw new BadDataException(where(row, partition, index) + ": " + columns.length + " input columns, but the model takes " + dim
          + " values per row; name " + dim + " columns with setInputCols, in the model's order");
    float[] x = new float[dim];
    for (int j = 0; j < dim; j++) {
      Object cell = row.get(columns[j]);
      double v;
      if (cell == null) throw bad(row, partition, index, names[j], "the cell is empty; this model needs every value");
      else if (cell instanceof Number n) v = n.doubleValue();
      else if (cell instanceof Boolean b) v = b ? 1 : 0;
      else {
        String s = cell.toString().trim();
        try {
          v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw bad(row, partition, index, names[j], "'" + s + "' is not a number");
        }
      }
      x[j] = finite(row, partition, index, names[j], v);
    }
    return x;
  }

  private double[] arrayValues(Row row, int partition, int index) {
    List<Object> list = row.getList(columns[0]);
    double[] v = new double[list.size()];
    for (int j = 0; j < v.length; j++) {
      Object e = list.get(j);
      if (!(e instanceof Number n)) throw bad(row, partition, index, names[0] + "[" + j + "]", "the cell is empty; this model needs every value");
      v[j] = n.doubleValue();
    }
    return v;
  }

  private float finite(Row row, int partition, int index, String column, double v) {
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE)
      throw bad(row, partition, index, column, v + " is not a finite number");
    return (float) v;
  }

  private BadDataException bad(Row row, int partition, int index, String column, String what) {
    return new BadDataException(where(row, partition, index) + ", column " + column + ": " + what);
  }

  private String where(Row row, int partition, int index) {
    if (rowIndex >= 0 && !row.isNullAt(rowIndex)) return "row " + row.get(rowIndex);
    return "row " + index + " of partition " + partition;
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) d[i] = v[i];
    return d;
  }
}
