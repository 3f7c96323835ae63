package tfvae.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What a transform's tasks count, summed on the driver by Spark's accumulators: rows scored, and per input column the
 * cells holding a level the model never saw (read as missing). Counted by every task attempt, so a retried task or a
 * DataFrame evaluated twice counts its rows again.
 */
final class Counters implements Serializable {
  private static final long serialVersionUID = 1L;
  private final LongAccumulator rows;
  private final LongAccumulator[] unseen;

  Counters(SparkContext sc, int columns) {
    rows = sc.longAccumulator("tfvae rows");
    unseen = new LongAccumulator[columns];
    for (int j = 0; j < columns; j++) unseen[j] = sc.longAccumulator("tfvae unseen levels " + j);
  }

  void add(int rowCount, long[] unseenLevels) {
    rows.add(rowCount);
    for (int j = 0; j < unseenLevels.length && j < unseen.length; j++) if (unseenLevels[j] > 0) unseen[j].add(unseenLevels[j]);
  }

  long rows() { return rows.value(); }

  long[] unseen() {
    long[] v = new long[unseen.length];
    for (int j = 0; j < v.length; j++) v[j] = unseen[j].value();
    return v;
  }
}
