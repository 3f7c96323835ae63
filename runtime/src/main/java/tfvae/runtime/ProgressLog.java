package tfvae.runtime;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import tfvae.EpochStats;

/**
 * What training and SVI say when {@code progress} is on: one INFO record per epoch (or per tenth of the SVI
 * iterations) on the {@link System.Logger} named {@value #NAME}, never on the console directly. The JDK routes it to
 * java.util.logging (standard error by default); an application with SLF4J and {@code slf4j-jdk-platform-logging}
 * gets it in its own log.
 */
final class ProgressLog {
  /** The logger's name, as the options' Javadoc gives it. */
  static final String NAME = "tfvae.progress";
  private static final Logger LOG = System.getLogger(NAME);

  private final int epochs;
  private final int total;
  private final long start = System.nanoTime();

  /**
   * @param epochs the epochs this run trains
   * @param total the model's epochs when it is done (more than {@code epochs} when a run resumes)
   */
  ProgressLog(int epochs, int total) {
    this.epochs = epochs;
    this.total = total;
  }

  /**
   * Reports epoch {@code done} of this run, the model's epoch {@code s.epoch()} of {@code total}: its ELBOs, speed and
   * the time left at this run's mean epoch time.
   */
  void epoch(EpochStats s, int done) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    LOG.log(Level.INFO, () -> String.format(Locale.ROOT, "epoch %d/%d  train ELBO %.2f%s  %.0f steps/s  %.0f s left", s.epoch(),
        total, s.trainElbo(), s.hasTestElbo() ? String.format(Locale.ROOT, "  test ELBO %.2f", s.testElbo()) : "",
        s.stepsPerSecond(), elapsed / done * (epochs - done)));
  }

  /** Reports the ELBO after SVI iteration {@code done} of {@code total}. */
  static void svi(int done, int total, double elbo) {
    LOG.log(Level.INFO, () -> String.format(Locale.ROOT, "SVI iteration %d/%d  ELBO %.3f", done, total, elbo));
  }
}
