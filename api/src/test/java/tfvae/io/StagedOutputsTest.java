package tfvae.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputsTest {
  @TempDir Path out;
  final List<String> said = new ArrayList<>();

  private List<String> names() throws IOException { return names(out); }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void earlierRun() throws IOException {
    Files.writeString(out.resolve("model.ckpt"), "old model");
    Files.writeString(out.resolve("report.json"), "old report");
    Files.writeString(out.resolve("fig.png"), "old figure");
  }

  @Test void promotingReplacesTheEarlierFilesByTheStagedOnesAndLeavesNoStaging() throws IOException {
    earlierRun();
    StagedOutputs s = StagedOutputs.begin(out, "model.ckpt", said::add);
    assertThat(s.dir()).isEqualTo(out.resolve(".staging"));
    Files.writeString(s.dir().resolve("report.json"), "new report");
    Files.writeString(s.dir().resolve("weights.npz"), "new weights");
    s.promote();
    s.abandon(true, said::add); // after promote: nothing to undo
    assertThat(names()).containsExactly("fig.png", "model.ckpt", "report.json", "weights.npz");
    assertThat(out.resolve("report.json")).hasContent("new report");
    assertThat(out.resolve("weights.npz")).hasContent("new weights");
    assertThat(out.resolve("model.ckpt")).hasContent("old model");
    assertThat(said).isEmpty();
  }

  @Test void aRunThatFailsAfterTrainingPutsThePreviousCheckpointBackAndLeavesTheEarlierFiles() throws IOException {
    earlierRun();
    StagedOutputs s = StagedOutputs.begin(out, "model.ckpt", said::add);
    Path fresh = out.resolve(".model.ckpt.new");
    Files.writeString(fresh, "new model"); // training replaces the checkpoint by a rename, as AtomicFiles does
    Files.move(fresh, out.resolve("model.ckpt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(s.dir().resolve("report.json"), "new report");
    s.abandon(true, said::add);
    assertThat(names()).containsExactly("fig.png", "model.ckpt", "report.json");
    assertThat(out.resolve("model.ckpt")).hasContent("old model");
    assertThat(out.resolve("report.json")).hasContent("old report");
  }

  @Test void aRunThatFailsAfterTrainingIntoAnEmptyDirectoryLeavesItEmpty() throws IOException {
    StagedOutputs s = StagedOutputs.begin(out, "model.ckpt", said::add);
    Files.writeString(out.resolve("model.ckpt"), "new model");
    s.abandon(true, said::add);
    assertThat(names()).isEmpty();
  }

  @Test void aRunKilledWhilePromotingIsFinishedByTheNextAndSaysSo() throws IOException {
    earlierRun();
    Path staging = Files.createDirectories(out.resolve(".staging"));
    Files.writeString(staging.resolve("PROMOTING"), "fig.png\nreport.json\n");
    Files.writeString(out.resolve("fig.png"), "new figure"); // moved before the kill
    Files.writeString(staging.resolve("report.json"), "new report"); // not yet
    StagedOutputs s = StagedOutputs.begin(out, "model.ckpt", said::add);
    assertThat(said).containsExactly("an earlier run was stopped while replacing the outputs in " + out + ": finished replacing them");
    assertThat(out.resolve("fig.png")).hasContent("new figure");
    assertThat(out.resolve("report.json")).hasContent("new report");
    assertThat(names(s.dir())).containsExactly("previous-model.ckpt"); // the new run's link to the checkpoint it starts from
  }

  @Test void aRunKilledBeforePromotingLeavesTheEarlierSetWhichTheNextRunRestoresAndSaysSo() throws IOException {
    earlierRun();
    StagedOutputs.begin(out, "model.ckpt", said::add);
    Files.delete(out.resolve("model.ckpt"));
    Files.writeString(out.resolve("model.ckpt"), "new model"); // training finished, then the run was killed
    Files.writeString(out.resolve(".staging/report.json"), "new report");
    StagedOutputs.begin(out, "model.ckpt", said::add);
    assertThat(said).containsExactly("an earlier run was stopped before it finished: the outputs in " + out
        + " are still those of the run before it");
    assertThat(out.resolve("model.ckpt")).hasContent("old model");
    assertThat(out.resolve("report.json")).hasContent("old report");
    assertThat(names(out.resolve(".staging"))).containsExactly("previous-model.ckpt");
    assertThat(out.resolve(".staging/previous-model.ckpt")).hasContent("old model");
  }

  @Test void whatCannotBeUndonePassesToTheCallersWarningAndNothingIsPrinted() throws IOException {
    earlierRun();
    StagedOutputs s = StagedOutputs.begin(out, "model.ckpt", said::add);
    Files.delete(out.resolve("model.ckpt"));
    Files.createDirectories(out.resolve("model.ckpt/inside")); // a non-empty directory cannot be replaced by the old file
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    List<String> warnings = new ArrayList<>();
    try {
      System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      s.abandon(true, warnings::add);
      OutputDirectory.deleteTree(out.resolve("no-such-dir"), warnings::add);
    } finally {
      System.setErr(err);
    }
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).startsWith("could not restore " + out.resolve("model.ckpt") + " from " + out.resolve(".staging") + ": ");
    assertThat(warnings.get(1)).startsWith("could not delete " + out.resolve("no-such-dir") + ": ");
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).as("the library prints nothing").isEmpty();
    assertThat(said).isEmpty();
  }
}
