package tfvae;

/**
 * Rows with every missing cell filled, from {@link TrainedVae#impute}: a numeric (or count, or image value) cell gets
 * its posterior predictive mean E[x_c | x_obs] = sum_j a_j E[x_c | z_j] under the importance weights a_j of
 * {@link RowScores}; a binary or categorical cell the level of largest posterior predictive probability
 * sum_j a_j p(level | z_j), with that probability. Observed cells are unchanged.
 *
 * <p>{@link #rows()} are encoded rows, as {@link Schema#encode} makes them (a filled categorical cell one-hot);
 * {@link Schema#decode(float[])} turns one back into text cells in the data's units. Arrays are copied in and out.
 */
public final class Imputation {
  private final float[][] rows;
  private final double[][] probability;

  /**
   * @param rows the completed encoded rows
   * @param probability per row and column, the probability of the level chosen for a filled binary or categorical
   *     cell; NaN for every other cell
   */
  public Imputation(float[][] rows, double[][] probability) {
    if (rows.length != probability.length) throw new IllegalArgumentException(rows.length + " rows but " + probability.length + " rows of probabilities");
    this.rows = new float[rows.length][];
    this.probability = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      this.rows[i] = rows[i].clone();
      this.probability[i] = probability[i].clone();
    }
  }

  /** @return how many rows */
  public int count() { return rows.length; }

  /** @return every completed encoded row (copies) */
  public float[][] rows() {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
    return out;
  }

  /**
   * @param row a row's index
   * @return that completed encoded row (a copy)
   */
  public float[] row(int row) { return rows[row].clone(); }

  /**
   * @param row a row's index
   * @param column a column's index (a schema's column, or an image model's value)
   * @return the probability of the level filled in, or NaN when the cell was observed or is not binary or categorical
   */
  public double probability(int row, int column) { return probability[row][column]; }
}
