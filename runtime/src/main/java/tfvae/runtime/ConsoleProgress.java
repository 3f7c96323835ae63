package tfvae.runtime;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import tfvae.EpochStats;

/**
 * Training progress on standard error: a progress bar (steps, speed, time left, latest ELBOs) on a terminal; one
 * line per epoch with the time left where the output is a file or a pipe (CI logs, JShell), which a bar would fill
 * with carriage returns.
 */
final class ConsoleProgress implements AutoCloseable {
  private final @Nullable ProgressBar bar;
  private final int epochs;
  private final long start = System.nanoTime();

  ConsoleProgress(long totalSteps, int epochs) {
    this.epochs = epochs;
    this.bar = System.console() == null ? null
        : new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500).showSpeed().setUnit(" steps", 1)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }

  void epoch(EpochStats s, int done, int stepsPerEpoch) {
    String elbo = String.format("train ELBO %.2f%s", s.trainElbo(), s.hasTestElbo() ? String.format("  test ELBO %.2f", s.testElbo()) : "");
    if (bar != null) {
      bar.stepBy(stepsPerEpoch);
      bar.setExtraMessage(" epoch " + s.epoch() + "  " + elbo);
    } else {
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.err.printf("epoch %d/%d  %s  %.0f steps/s  %.0f s left%n", done, epochs, elbo, s.stepsPerSecond(),
          elapsed / done * (epochs - done));
    }
  }

  @Override public void close() {
    if (bar != null) bar.close();
  }
}
