package tfvae.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.Schema;
import tfvae.Vae;

/**
 * Turns a batch of DataFrame rows into the model's encoded rows. An image model's input is numbers (columns, or one
 * array or vector column), every value observed, thresholded at 0.5 when asked for a Bernoulli model as
 * {@code scripts/reproduce} does. A table model's input is its columns, in its schema's order, read as text (a number
 * as its shortest decimal, a whole number without ".0"), a null cell or one of the missing tokens missing, and
 * encoded by {@link Schema#encode}: a level the schema does not know is read as missing and counted. Errors name the
 * row (its row-number column when there is one) and the column.
 */
final class RowReader implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] names;
  private final int[] columns;
  private final boolean vectorInput;
  private final int rowIndex;
  private final Set<String> missing;
  private final boolean binarize;

  /** The encoded rows of a batch, a table's cells as read (null where missing), and its unseen levels per column. */
  record Batch(float[][] rows, String[][] cells, long[] unseen) {}

  /**
   * @param names the input columns' names (one, holding arrays or vectors, when {@code vectorInput})
   * @param columns their indices in the input rows
   * @param rowIndex the index of the row-number column, or -1 when there is none (messages then count rows per partition)
   * @param missing the text cells read as missing in a table (a null cell always is)
   * @param binarize threshold a Bernoulli image model's values at 0.5
   */
  RowReader(String[] names, int[] columns, boolean vectorInput, int rowIndex, Set<String> missing, boolean binarize) {
    this.names = names;
    this.columns = columns;
    this.vectorInput = vectorInput;
    this.rowIndex = rowIndex;
    this.missing = Set.copyOf(missing);
    this.binarize = binarize;
  }

  Batch read(Vae spec, List<Row> in, int partition, int first, boolean needsTable) {
    Schema schema = spec.schema();
    if (schema == null && needsTable)
      throw new InvalidConfigException("the outputs parts and impute need a table model; this model was trained on images ("
          + spec.dataDim() + " values per row, no table schema)");
    float[][] x = new float[in.size()][];
    if (schema == null) {
      boolean threshold = binarize && spec.likelihood() == Likelihood.BERNOULLI;
      for (int i = 0; i < x.length; i++) x[i] = values(in.get(i), spec.dataDim(), partition, first + i, threshold);
      return new Batch(x, null, new long[0]);
    }
    if (vectorInput || !Arrays.asList(names).equals(schema.names()))
      throw new InvalidConfigException("a table model's input is its columns, in its order: setInputCols(" + String.join(", ", schema.names())
          + "), got " + (vectorInput ? "inputCol " + names[0] : String.join(", ", names)));
    String[][] cells = new String[in.size()][];
    long[] unseen = new long[names.length];
    for (int i = 0; i < x.length; i++) {
      Row row = in.get(i);
      String[] c = cells[i] = new String[names.length];
      for (int j = 0; j < c.length; j++) c[j] = text(row.get(columns[j]));
      Schema.Encoded e;
      try {
        e = schema.encode(List.<String[]>of(c));
      } catch (BadDataException ex) {
        String m = ex.getMessage();
        throw new BadDataException(where(row, partition, first + i) + (m.startsWith("row 0") ? m.substring("row 0".length()) : ": " + m), ex);
      }
      x[i] = e.rows()[0];
      boolean observed = false;
      for (float v : x[i]) observed |= !Float.isNaN(v);
      if (!observed) throw new BadDataException(where(row, partition, first + i) + " has no observed cell; drop it or fill in a value");
      for (int j = 0; j < unseen.length; j++) unseen[j] += e.unseen()[j];
    }
    return new Batch(x, cells, unseen);
  }

  /** @return the cell as text, null when it is null or a missing token */
  private String text(Object cell) {
    String s;
    if (cell == null) return null;
    else if (cell instanceof Double || cell instanceof Float) {
      double v = ((Number) cell).doubleValue();
      s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : cell.toString();
    } else if (cell instanceof BigDecimal d) s = d.stripTrailingZeros().toPlainString();
    else s = cell.toString();
    return missing.contains(s) ? null : s;
  }

  /** @return the row's model input; throws naming the row and the column when a cell is missing or not a number */
  private float[] values(Row row, int dim, int partition, int index, boolean threshold) {
    float[] x = new float[dim];
    if (vectorInput) {
      Object cell = row.get(columns[0]);
      if (cell == null) throw bad(row, partition, index, names[0], "the cell is empty; the model needs " + dim + " values per row");
      double[] v = cell instanceof Vector vec ? vec.toArray() : arrayValues(row, partition, index);
      if (v.length != dim)
        throw bad(row, partition, index, names[0], v.length + " values, but the model takes " + dim + " per row");
      for (int j = 0; j < dim; j++) x[j] = finite(row, partition, index, names[0] + "[" + j + "]", v[j], threshold);
      return x;
    }
    if (columns.length != dim)
      throw new BadDataException(where(row, partition, index) + ": " + columns.length + " input columns, but the model takes " + dim
          + " values per row; name " + dim + " columns with setInputCols, in the model's order");
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
      x[j] = finite(row, partition, index, names[j], v, threshold);
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

  private float finite(Row row, int partition, int index, String column, double v, boolean threshold) {
    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE)
      throw bad(row, partition, index, column, v + " is not a finite number");
    if (!threshold) return (float) v;
    if (!(v >= 0 && v <= 1))
      throw bad(row, partition, index, column, v + " " + tfvae.data.ModelRows.BERNOULLI_RANGE);
    return (float) v > 0.5f ? 1f : 0f;
  }

  private BadDataException bad(Row row, int partition, int index, String column, String what) {
    return new BadDataException(where(row, partition, index) + ", column " + column + ": " + what);
  }

  private String where(Row row, int partition, int index) {
    if (rowIndex >= 0 && !row.isNullAt(rowIndex)) return "row " + row.get(rowIndex);
    return "row " + index + " of partition " + partition;
  }
}
