package tfvae.data;

import tfvae.InvalidConfigException;
import tfvae.Objective;

/**
 * The training defaults of a table model ({@code scripts/vae train} on a CSV), measured with {@code scripts/tables-study}
 * on four tables (docs/tables.md). The single-sample ELBO let q collapse onto the prior on the mixed diabetes table (no
 * active latent unit, every row imputed with the column means); the IWAE bound on the observed cells (MIWAE, Mattei and
 * Frellsen 2019) kept every unit active and imputed better on every table. Small tables also need a least number of
 * Adam steps, not of epochs: 300 epochs are 1,500 steps on 150 rows and 5,400 on 569.
 */
public final class TableDefaults {
  /** Dimension of z. */
  public static final int LATENT = 8;
  /** Rows per Adam step (a table with fewer rows is trained with all of them in one batch). */
  public static final int BATCH_SIZE = 32;
  /** Draws per row of the IWAE training bound. */
  public static final int IWAE_K = 20;
  /** Epochs at least. */
  public static final int MIN_EPOCHS = 300;
  /** Adam steps at least: {@link #epochs} raises the epochs of a small table to reach them, up to {@link #MAX_EPOCHS}. */
  public static final int MIN_STEPS = 6000;
  /**
   * Epochs at most, when raised for {@link #MIN_STEPS}: a checkpoint keeps each epoch's statistics, and 6000 epochs of a
   * 41-row table made its meta.json larger than a checkpoint may be.
   */
  public static final int MAX_EPOCHS = 2000;

  private TableDefaults() {}

  /** @return the IWAE bound with {@link #IWAE_K} draws per row */
  public static Objective objective() { return Objective.iwae(IWAE_K); }

  /**
   * @param rows the training rows
   * @param batchSize rows per step (each epoch takes rows / batchSize whole batches)
   * @return the epochs for at least {@link #MIN_STEPS} steps and {@link #MIN_EPOCHS} epochs, at most {@link #MAX_EPOCHS}
   *     (a batch larger than the table counted as one)
   * @throws InvalidConfigException if rows or batchSize is below 1
   */
  public static int epochs(int rows, int batchSize) {
    if (rows < 1) throw new InvalidConfigException("rows must be at least 1, got " + rows);
    if (batchSize < 1) throw new InvalidConfigException("batchSize must be at least 1, got " + batchSize);
    int batches = Math.max(1, rows / batchSize);
    return Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, (MIN_STEPS + batches - 1) / batches));
  }
}
