package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.InvalidConfigException;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingDivergedException;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.data.DataSplit;
import tfvae.internal.Npy;

/**
 * A reused or resumed model is the one asked for: the checkpoint records everything the result depends on (spec,
 * epochs, batch size, learning rate, batch order, training and test images), each difference prevents reuse and is
 * named, and a run never replaces a checkpoint it did not start from before its last epoch.
 */
class CheckpointPolicyTest {
  static DataSplit data;
  static byte[] good; // a finished 2-epoch run of Fixtures.small() on the fixture, batch 100, Adam 1e-3
  static final Path GOOD = Path.of("target", "policy-good.ckpt");

  @BeforeAll static void train() throws Exception {
    data = Fixtures.mnist();
    Files.deleteIfExists(GOOD);
    try (TrainedVae m = Fixtures.small().train(data, options(2, GOOD), CheckpointPolicy.REPLACE).model()) {
      good = Files.readAllBytes(GOOD);
    }
  }

  static TrainOptions options(int epochs, Path checkpoint) {
    return TrainOptions.builder().epochs(epochs).progress(false).checkpoint(checkpoint).build();
  }

  static Path copyOfGood(Path dir) throws Exception { return Files.write(dir.resolve("model.ckpt"), good); }

  @Test void aMatchingCheckpointIsReusedUntouched(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir);
    try (TrainingRun run = Fixtures.small().train(data, options(2, ckpt), CheckpointPolicy.REUSE)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.REUSED);
      assertThat(run.trained()).isFalse();
      assertThat(run.note()).isNull();
      assertThat(run.model().training()).isEqualTo(TrainingRecord.of(options(2, ckpt), data.train(), data.test()));
    }
    assertThat(ckpt).hasBinaryContent(good);
  }

  @Test void eachDifferenceTrainsAfreshAndIsNamed(@TempDir Path dir) throws Exception {
    Images train = data.train(), test = data.test();
    float[] flipped = train.pixels();
    flipped[12345] = 1 - flipped[12345]; // one pixel of one training image
    Images otherPixels = Images.of(train.height(), train.width(), flipped, train.labels());
    DataSplit fewer = new DataSplit(train.slice(0, 400), test);
    record Case(Vae spec, DataSplit data, TrainOptions.Builder options, String note) {}
    TrainOptions base = TrainOptions.builder().epochs(2).progress(false).build();
    List<Case> cases = List.of(
        new Case(Fixtures.small().toBuilder().seed(4).build(), data, base.toBuilder(), "its seed is 3, not 4"),
        new Case(Fixtures.small().toBuilder().hidden(32).build(), data, base.toBuilder(), "its encoder layers are 64, not 32"),
        new Case(Fixtures.small(), data, base.toBuilder().epochs(3), "it has 2 epochs, not 3"),
        new Case(Fixtures.small(), data, base.toBuilder().batchSize(50), "its batch size is 100, not 50"),
        new Case(Fixtures.small(), data, base.toBuilder().learningRate(0.06), "its learning rate is 0.001, not 0.06"),
        new Case(Fixtures.small(), fewer, base.toBuilder(), "its training images are 500, not 400"),
        new Case(Fixtures.small(), new DataSplit(otherPixels, test), base.toBuilder(), "its training images differ: the same count"
            + " (500) but other pixels (SHA-256 " + TrainingRecord.Data.of(train).sha256().substring(0, 12) + "..., not "
            + TrainingRecord.Data.of(otherPixels).sha256().substring(0, 12) + "...)"),
        new Case(Fixtures.small(), new DataSplit(train, test.slice(0, 100)), base.toBuilder(), "its test images are 500, not 100"));
    List<String> notes = new ArrayList<>();
    for (Case c : cases) {
      Path ckpt = copyOfGood(dir);
      try (TrainingRun run = c.spec().train(c.data(), c.options().checkpoint(ckpt).build(), CheckpointPolicy.REUSE)) {
        assertThat(run.outcome()).as(c.note()).isEqualTo(TrainingRun.Outcome.TRAINED);
        assertThat(run.firstEpoch()).isEqualTo(1);
        notes.add(run.note());
        assertThat(Checkpoint.read(ckpt).training()).as("the new run's record replaced the old")
            .isEqualTo(run.model().training());
      }
      assertThat(Checkpoints.partialOf(ckpt)).doesNotExist();
    }
    assertThat(notes).containsExactlyElementsOf(cases.stream().map(c -> "not reusing " + dir.resolve("model.ckpt") + ": " + c.note()).toList());
  }

  @Test void resumingAnotherRunIsAnErrorThatNamesTheFieldAndLeavesTheFileAlone(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir);
    assertThatThrownBy(() -> Fixtures.small().train(data, TrainOptions.builder().epochs(4).learningRate(0.002).progress(false)
        .checkpoint(ckpt).build(), CheckpointPolicy.RESUME)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": its learning rate is 0.001, not 0.002 (a resumed run must continue the same run)");
    assertThatThrownBy(() -> Fixtures.small().train(new DataSplit(data.train().slice(0, 300), data.test()), options(4, ckpt), CheckpointPolicy.RESUME))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": its training images are 500, not 300 (a resumed run must continue the same run)");
    assertThatThrownBy(() -> Fixtures.small().train(data, options(1, ckpt), CheckpointPolicy.RESUME))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": it has 2 epochs, more than the 1 asked for (a resumed run must continue the same run)");
    assertThat(ckpt).hasBinaryContent(good);
    assertThatThrownBy(() -> Fixtures.small().train(data, Fixtures.quick(1), CheckpointPolicy.RESUME))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("checkpoint must not be null for train(data, options, RESUME); set TrainOptions.builder().checkpoint(path)");
  }

  @Test void aReplacingRunWritesBesideTheOldCheckpointUntilItsLastEpoch(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir), partial = Checkpoints.partialOf(ckpt);
    List<String> seen = new ArrayList<>();
    TrainOptions o = TrainOptions.builder().epochs(3).progress(false).checkpoint(ckpt).listener(s -> {
      try {
        seen.add(s.epoch() + ": old " + java.util.Arrays.equals(Files.readAllBytes(ckpt), good) + ", partial "
            + (Files.exists(partial) ? Checkpoint.read(partial).meta().history().size() : 0));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).build();
    try (TrainingRun run = Fixtures.small().train(data, o, CheckpointPolicy.REPLACE)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.TRAINED);
    }
    assertThat(seen).containsExactly("1: old true, partial 1", "2: old true, partial 2", "3: old false, partial 0");
    assertThat(Checkpoint.read(ckpt).meta().history()).hasSize(3);
    assertThat(partial).doesNotExist();
  }

  @Test void aStoppedReplacingRunResumesFromItsPartialFileBitForBit(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir), partial = Checkpoints.partialOf(ckpt);
    TrainOptions b = TrainOptions.builder().epochs(4).batchSize(50).progress(false).checkpoint(ckpt).build();
    RuntimeException stop = new RuntimeException("stopped after epoch 2");
    assertThatThrownBy(() -> Fixtures.small().train(data, b.toBuilder().listener(s -> {
      if (s.epoch() == 2) throw stop;
    }).build(), CheckpointPolicy.REPLACE)).isSameAs(stop);
    assertThat(ckpt).hasBinaryContent(good); // the old run is still there
    assertThat(Checkpoint.read(partial).meta().history()).hasSize(2);
    try (TrainedVae straight = Fixtures.small().train(data, TrainOptions.builder().epochs(4).batchSize(50).progress(false).build(), CheckpointPolicy.REPLACE).model();
         TrainingRun run = Fixtures.small().train(data, b, CheckpointPolicy.RESUME)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.RESUMED);
      assertThat(run.firstEpoch()).isEqualTo(3);
      assertThat(ResumeTest.losses(run.model())).isEqualTo(ResumeTest.losses(straight));
      ResumeTest.assertSameVariables(straight, run.model());
    }
    assertThat(partial).doesNotExist();
    assertThat(Checkpoint.read(ckpt).meta().history()).hasSize(4);
  }

  @Test void aDivergedRunSaysWhatIsOnDiskAndLeavesTheCheckpointItDidNotStartFrom(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir), poisoned = dir.resolve("nan.ckpt");
    try (TrainedVae m = Fixtures.untrained(Fixtures.small())) {
      m.save(poisoned);
    }
    Checkpoint.Contents c = Checkpoint.read(poisoned);
    c.arrays().get("decoder_b2").floats()[0] = Float.NaN; // a NaN parameter makes every loss NaN
    try (TfVae m = new TfVae(Fixtures.small())) {
      m.restore(poisoned, c);
      assertThatThrownBy(() -> m.fit(data.train(), null, options(3, ckpt), 3, poisoned)).isInstanceOf(TrainingDivergedException.class)
          .hasMessage("training diverged: the loss was NaN at the first step, before any update (so the learning rate is not the"
              + " cause): the data's values or the initial parameters give a non-finite loss; scale the data (e.g. to mean 0 and"
              + " standard deviation 1) or lower the init scale (this run saved no checkpoint; " + ckpt + ", which this run did not start from, is unchanged)");
    }
    assertThat(ckpt).hasBinaryContent(good);
    assertThat(Checkpoints.partialOf(ckpt)).doesNotExist();
    assertThat(CheckpointTarget.onDisk(ckpt, null, Checkpoints.partialOf(ckpt), 2)).isEqualTo(Checkpoints.partialOf(ckpt)
        + " holds this run's epoch 2, the last one saved; " + ckpt + ", which this run did not start from, is unchanged");
    assertThat(CheckpointTarget.onDisk(ckpt, ckpt, ckpt, 0)).isEqualTo(ckpt + " still holds the epochs this run started from");
    assertThat(CheckpointTarget.onDisk(null, null, null, 0)).isEqualTo("nothing was saved from this run");
  }

  @Test void aLearningRateThatIsZeroInFloat32IsRefused() {
    assertThatThrownBy(() -> TrainOptions.builder().learningRate(1e-320)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("learningRate must be at least 1.17549435E-38 (the smallest normal float32, the precision Adam runs in), got 1.0E-320");
  }

  @Test void aStepCounterThatDisagreesWithTheHistoryIsRefusedOnLoad(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir);
    var e = HostileFilesTest.entries(good);
    Npy.Array step = Npy.Array.of(new long[0], new long[] {Long.MAX_VALUE - 3});
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(e, "adam/step.npy", Npy.bytes(step))));
    assertThatThrownBy(() -> Vae.load(ckpt)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + ckpt + ": its Adam step counter is [" + (Long.MAX_VALUE - 3) + "] but its history ends"
            + " at step 10; the checkpoint is inconsistent: use an earlier one or train again");
    String meta = new String(e.get("meta.json"), StandardCharsets.UTF_8).replace("\"steps\": 10,", "\"steps\": 12,");
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(e, "meta.json", meta.getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> Vae.load(ckpt)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + ckpt + ": its history says epoch 2 ended at step 12, but 500 training images in"
            + " batches of 100 end it at step 10");
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(e, "meta.json", "[]".getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> Vae.load(ckpt)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("cannot load checkpoint " + ckpt + ": its meta.json is not a checkpoint's JSON object (")
        .satisfies(x -> assertThat(x.getMessage()).doesNotContain("\n"));
  }

  @Test void everyRestoredArrayIsCheckedWhenTheFileIsReadSoRestoringOnlyFeedsTensors(@TempDir Path dir) throws Exception {
    Path ckpt = copyOfGood(dir);
    var e = HostileFilesTest.entries(good);
    Npy.Array wrong = Npy.Array.of(new long[] {3}, new float[3]); // an Adam moment of another shape than its parameter
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(e, "decoder_b2/m.npy", Npy.bytes(wrong))));
    String meta = new String(e.get("meta.json"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Checkpoint.read(ckpt)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("decoder_b2/m");
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(HostileFilesTest.with(e, "meta.json",
        meta.replace("\"name\": \"decoder_b2/m\",\n      \"dtype\": \"float32\",\n      \"shape\": [\n        784\n      ]",
            "\"name\": \"decoder_b2/m\", \"dtype\": \"float32\", \"shape\": [3]").getBytes(StandardCharsets.UTF_8)),
        "decoder_b2/m.npy", Npy.bytes(wrong))));
    assertThatThrownBy(() -> Checkpoint.read(ckpt)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + ckpt + ": the array decoder_b2/m is " + wrong.dtype() + "[3] but the model needs float32[784]");
  }

  @Test void trainingIsExclusiveAndAClosedModelRefusesToTrain() throws Exception {
    TfVae m = (TfVae) Fixtures.untrained(Fixtures.small());
    java.util.concurrent.CompletableFuture<float[][]> query = new java.util.concurrent.CompletableFuture<>();
    List<Boolean> doneDuringTraining = new ArrayList<>();
    m.fit(data.train(), null, TrainOptions.builder().epochs(2).progress(false).listener(s -> {
      if (s.epoch() == 1) {
        Thread t = new Thread(() -> query.complete(m.decodeMeans(new float[][] {{0f, 0f}})));
        t.start();
        try {
          Thread.sleep(300); // far longer than one decode; the query must still be waiting for the training's lock
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      doneDuringTraining.add(query.isDone());
    }).build());
    assertThat(doneDuringTraining).containsExactly(false, false);
    assertThat(query.get(30, java.util.concurrent.TimeUnit.SECONDS)[0]).hasSize(784); // it ran once training ended
    m.close();
    assertThatThrownBy(() -> m.fit(data.train(), null, Fixtures.quick(1))).isInstanceOf(IllegalStateException.class)
        .hasMessage("this model was closed; load it again with Vae.load(path)");
  }

  /** The partial file's name, as the library derives it. */
  static final class Checkpoints {
    static Path partialOf(Path ckpt) { return tfvae.CheckpointPolicy.partial(ckpt); }
  }
}
