package tfvae.examples.soak;

import tfvae.examples.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointPolicy;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;

/**
 * The soak command's loop, shortened: 40 load-query-close cycles of a 64-unit model in this JVM leave resident memory
 * within 50 MB of where it was after cycle 10 (a model that leaked its graph or session would add megabytes per cycle).
 */
class SoakTest {
  @Test void loadingQueryingAndClosingFortyTimesKeepsRssFlat(@TempDir Path dir) {
    Path ckpt = dir.resolve("m.ckpt");
    DataSplit data = DataSplit.trainingOnly(DataSplit.assignment(TestData.FIXTURE, 100, 100).binarize().train());
    try (TrainedVae m = Vae.builder().hidden(64).seed(1).build().train(data, TrainOptions.builder().epochs(1).progress(false).build(),
        CheckpointPolicy.REPLACE).model()) {
      m.save(ckpt);
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    double[] rss = Soak.run(ckpt, 40, new PrintStream(text, true, StandardCharsets.UTF_8));
    System.out.printf("SoakTest: %sRSS MB after cycle 10 %.0f, after cycle 40 %.0f (%+.0f)%n", text.toString(StandardCharsets.UTF_8),
        rss[9], rss[39], rss[39] - rss[9]);
    assertThat(text.toString(StandardCharsets.UTF_8)).startsWith("RSS MB by cycle: 10:");
    if (rss[9] > 0) assertThat(rss[39] - rss[9]).as("RSS growth from cycle 10 to 40, MB").isLessThan(50);
  }
}
