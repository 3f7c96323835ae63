package tfvae.cli;

import org.jspecify.annotations.Nullable;

/**
 * JSON's finite numbers for the programs' reports. The output directory is {@link tfvae.io.OutputDirectory}'s; reports
 * are written whole or not at all by {@link tfvae.io.AtomicFiles}.
 */
public final class Outputs {
  private Outputs() {}

  /**
   * @param v a number
   * @return it, or null when it is NaN or infinite (JSON has neither)
   */
  public static @Nullable Double finite(double v) { return Double.isFinite(v) ? v : null; }
}
