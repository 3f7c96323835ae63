package tfvae.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's outputs replaced together or not at all. The run writes its files (weights, figures, reports) into
 * {@code out/.staging/}; {@link #promote()} moves them into {@code out/}, each by an atomic rename, under a manifest
 * ({@code out/.staging/PROMOTING}) written before the first rename and deleted after the last, so a run killed while
 * promoting is finished by the next one. The checkpoint, which training itself writes to {@code out/model.ckpt} (so
 * that reuse and resume find it there), is linked into the staging directory before training; a run that fails after
 * training puts that previous checkpoint back ({@link #abandon}), and so does the next run after one that was killed
 * before promoting. Used under the output lock, one run at a time.
 */
public final class StagedOutputs {
  /** The staging directory's name inside the output directory. */
  public static final String DIR = ".staging";
  private static final String MANIFEST = "PROMOTING";
  private static final String PREVIOUS = "previous-model.ckpt";

  private final Path out;
  private final Path staging;
  private final Path checkpoint;
  private final Consumer<String> say;
  private boolean promoted;

  private StagedOutputs(Path out, String checkpointName, Consumer<String> say) {
    this.out = out;
    this.say = say;
    this.staging = out.resolve(DIR);
    this.checkpoint = out.resolve(checkpointName);
  }

  /**
   * Finishes or undoes what an interrupted run left, then starts a new staging directory and keeps a link to the
   * current checkpoint.
   *
   * @param out the output directory (locked by the caller)
   * @param checkpointName the checkpoint's file name in it, e.g. {@code model.ckpt}
   * @param say where to report what an interrupted run left and what was done about it
   * @return the staging of this run
   * @throws UncheckedIOException naming the directory if it cannot be written
   */
  public static StagedOutputs begin(Path out, String checkpointName, Consumer<String> say) {
    StagedOutputs s = new StagedOutputs(out, checkpointName, say);
    try {
      s.recover();
      Files.createDirectories(s.staging);
      if (Files.isRegularFile(s.checkpoint)) link(s.checkpoint, s.staging.resolve(PREVIOUS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the outputs in " + s.staging + " (" + tfvae.WriteException.reason(e)
          + "); pass a writable --out", e);
    }
    return s;
  }

  /** @return where this run writes its outputs, before {@link #promote()} */
  public Path dir() { return staging; }

  /**
   * Moves every staged file into the output directory, replacing the files of the same names, and removes the staging
   * directory. A run killed meanwhile leaves the manifest, and the next {@link #begin} finishes the moves.
   *
   * @throws UncheckedIOException naming the file that could not be moved
   */
  public void promote() {
    try {
      List<String> names = new ArrayList<>();
      try (Stream<Path> files = Files.list(staging)) {
        for (Path p : files.sorted().toList()) {
          String name = p.getFileName().toString();
          if (Files.isRegularFile(p) && !name.equals(PREVIOUS) && !name.equals(MANIFEST) && !name.startsWith(".")) names.add(name);
        }
      }
      AtomicFiles.writeString(staging.resolve(MANIFEST), String.join("\n", names) + "\n");
      moveAll(names);
      promoted = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the outputs from " + staging + " into " + out + " (" + tfvae.WriteException.reason(e)
          + "); the next run finishes the move", e);
    }
  }

  /**
   * After a failure before {@link #promote()}: deletes the staged files and, when {@code replacedCheckpoint} (training
   * finished and wrote a new checkpoint), puts the previous checkpoint back, or removes the new one when there was
   * none, so the output directory holds the earlier run's set as it was. Failures here are only warnings: the run's own
   * error is the one to report.
   *
   * @param replacedCheckpoint whether this run's training wrote {@code out/model.ckpt}
   * @param warn receives one line for each thing that could not be undone
   */
  public void abandon(boolean replacedCheckpoint, Consumer<String> warn) {
    if (promoted) return;
    try {
      if (replacedCheckpoint) restoreCheckpoint();
      clear(warn);
    } catch (IOException e) {
      warn.accept("could not restore " + checkpoint + " from " + staging + ": " + e.getMessage());
    }
  }

  private void recover() throws IOException {
    if (!Files.isDirectory(staging)) return;
    Path manifest = staging.resolve(MANIFEST);
    if (Files.isRegularFile(manifest)) {
      moveAll(Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList());
      say.accept("an earlier run was stopped while replacing the outputs in " + out + ": finished replacing them");
    } else {
      if (Files.isRegularFile(staging.resolve(PREVIOUS))) restoreCheckpoint();
      say.accept("an earlier run was stopped before it finished: the outputs in " + out + " are still those of the run before it");
    }
    clear(w -> say.accept("warning: " + w));
  }

  /** Moves the named staged files into the output directory (those already moved are skipped), then deletes the staging directory. */
  private void moveAll(List<String> names) throws IOException {
    for (String name : names) {
      Path from = staging.resolve(name);
      if (Files.exists(from)) move(from, out.resolve(name));
    }
    clear(w -> say.accept("warning: " + w));
  }

  /** Deletes the staging directory, if it is there. */
  private void clear(Consumer<String> warn) {
    if (Files.exists(staging)) OutputDirectory.deleteTree(staging, warn);
  }

  private void restoreCheckpoint() throws IOException {
    Path previous = staging.resolve(PREVIOUS);
    if (Files.isRegularFile(previous)) move(previous, checkpoint);
    else Files.deleteIfExists(checkpoint);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A second name for the file (a hard link), or a copy where links are not supported. */
  private static void link(Path file, Path link) throws IOException {
    Files.deleteIfExists(link);
    try {
      Files.createLink(link, file);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(file, link, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
