package tfvae;

import java.util.List;

/**
 * Per-row results of {@link TrainedVae#score}: log p(x_obs) of each row, and each column's share of it.
 *
 * <p>With k draws z_1..z_k ~ q(z|x_obs) and log w_j = log p(x_obs | z_j) + log p(z_j) - log q(z_j | x_obs):
 * <ul>
 *   <li>{@link #logPx(int)} = log (1/k) sum_j w_j, the importance-weighted estimate of log p(x_obs) (Burda et al.
 *       2016), in nats, in the data's own units (a numeric cell's density is per unit of the column, not of its
 *       standardized value); higher is more typical;
 *   <li>{@link #column(int, int)} = sum_j a_j log p(x_c | z_j), a_j = w_j / sum_i w_i: column c's log-likelihood under
 *       the importance weights (0 for a missing cell). The columns' shares sum to the weighted reconstruction term, so
 *       logPx = sum_c column(c) + sum_j a_j (log p(z_j) - log q(z_j | x_obs)) - sum_j a_j log(k a_j); the last two
 *       terms are the same for every column and are reported as {@link #latentTerm(int)}.
 * </ul>
 * For an image model the columns are its values (pixels). Arrays are copied in and out.
 */
public final class RowScores {
  private final List<String> names;
  private final double[] logPx;
  private final double[][] columns;

  /**
   * @param names the columns' names (a table's columns, or {@code v0, v1, ...} for an image model's values)
   * @param logPx log p(x_obs) per row, in nats
   * @param columns per row, each column's share, in nats
   */
  public RowScores(List<String> names, double[] logPx, double[][] columns) {
    this.names = List.copyOf(names);
    this.logPx = logPx.clone();
    this.columns = new double[columns.length][];
    if (columns.length != logPx.length) throw new IllegalArgumentException(columns.length + " rows of columns for " + logPx.length + " scores");
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].length != names.size()) throw new IllegalArgumentException("row " + i + " has " + columns[i].length + " shares for " + names.size() + " columns");
      this.columns[i] = columns[i].clone();
    }
  }

  /** @return how many rows */
  public int rows() { return logPx.length; }

  /** @return the columns' names, in order */
  public List<String> names() { return names; }

  /** @return log p(x_obs) of every row, in nats (a copy) */
  public double[] logPx() { return logPx.clone(); }

  /**
   * @param row a row's index
   * @return its log p(x_obs), in nats
   */
  public double logPx(int row) { return logPx[row]; }

  /**
   * @param row a row's index
   * @return every column's share of its log p(x_obs), in nats (a copy)
   */
  public double[] columns(int row) { return columns[row].clone(); }

  /**
   * @param row a row's index
   * @param column a column's index
   * @return that column's share of the row's log p(x_obs), in nats; 0 for a missing cell
   */
  public double column(int row, int column) { return columns[row][column]; }

  /**
   * @param row a row's index
   * @return logPx minus the sum of the columns' shares: the weighted log p(z) - log q(z|x_obs) less the weights'
   *     own term (see the class comment), in nats
   */
  public double latentTerm(int row) {
    double s = 0;
    for (double v : columns[row]) s += v;
    return logPx[row] - s;
  }
}
