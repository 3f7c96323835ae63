package tfvae.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import tfvae.Imputation;
import tfvae.RowScores;
import tfvae.ScoreOptions;
import tfvae.TrainedVae;

/**
 * The work of one partition: its rows in batches of {@code batchSize}, each batch turned into the model's encoded rows
 * ({@link RowReader}), given to the model ({@code score}, {@code encodeRows}, {@code impute}: one call each per batch),
 * and written out as the input row followed by the results. The model is fetched from the JVM's {@link ModelCache} at
 * the first row, so an empty partition loads nothing.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Which results to append, and how many draws with which seed. */
  record Outputs(boolean score, boolean parts, boolean encode, boolean impute, int batchSize, int k, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;
    int count() { return (score ? 1 : 0) + (parts ? 1 : 0) + (encode ? 1 : 0) + (impute ? 1 : 0); }
  }

  private final ModelSource source;
  private final RowReader reader;
  private final Outputs o;
  private final Counters counters;

  PartitionScorer(ModelSource source, RowReader reader, Outputs outputs, Counters counters) {
    this.source = source;
    this.reader = reader;
    this.o = outputs;
    this.counters = counters;
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
        List<Row> in = new ArrayList<>(o.batchSize());
        while (in.size() < o.batchSize() && rows.hasNext()) in.add(rows.next());
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
    RowReader.Batch b = reader.read(model.spec(), in, partition, first, o.parts() || o.impute());
    if (counters != null) counters.add(in.size(), b.unseen());
    float[][] x = b.rows();
    ScoreOptions options = new ScoreOptions(o.k(), o.seed());
    float[][] z = o.encode() ? model.encodeRows(x) : null;
    RowScores scores = o.score() || o.parts() ? model.score(x, options) : null;
    Imputation filled = o.impute() ? model.impute(x, options) : null;
    List<Row> result = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      Row row = in.get(i);
      Object[] values = new Object[row.length() + o.count()];
      for (int c = 0; c < row.length(); c++) values[c] = row.get(c);
      int at = row.length();
      if (o.score()) values[at++] = scores.logPx(i);
      if (o.parts()) values[at++] = scores.columns(i);
      if (o.encode()) values[at++] = toDoubles(z[i]);
      if (o.impute()) values[at] = imputed(model.spec().schema().decode(filled.row(i)), b.cells()[i]);
      result.add(RowFactory.create(values));
    }
    return result;
  }

  /** @return per modelled column, the cell as read when it was observed (an unseen level included), else the filled value */
  private static String[] imputed(String[] decoded, String[] cells) {
    String[] out = new String[decoded.length];
    for (int j = 0; j < out.length; j++) out[j] = cells[j] != null ? cells[j] : decoded[j];
    return out;
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) d[i] = v[i];
    return d;
  }
}
