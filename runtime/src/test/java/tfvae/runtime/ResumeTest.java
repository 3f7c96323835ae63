package tfvae.runtime;

import tfvae.CheckpointPolicy;
import tfvae.io.AtomicFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tfvae.CheckpointPolicy.RESUME;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.EpochStats;
import tfvae.InvalidConfigException;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.internal.Npy;

/**
 * Checkpoints during training and resuming through the public API: a run stopped after 2 epochs and resumed to 4
 * records the same losses and ends with the same parameters, Adam state and step, bit for bit, as 4 epochs straight
 * (the noise of step t is a function of (seed, t), and step t trains on batch t mod batches).
 */
class ResumeTest {
  static DataSplit data;

  @BeforeAll static void load() { data = Fixtures.mnist(); }

  static TrainOptions options(int epochs, Path checkpoint) {
    return TrainOptions.builder().epochs(epochs).progress(false).checkpoint(checkpoint).build();
  }

  /** What must match between runs: everything but the timings. */
  static List<String> losses(TrainedVae m) {
    List<String> out = new ArrayList<>();
    for (EpochStats s : m.history()) out.add(s.epoch() + " " + s.steps() + " " + s.trainElbo() + " " + s.testElbo());
    return out;
  }

  static void assertSameVariables(TrainedVae a, TrainedVae b) {
    Map<String, Npy.Array> va = ((TfVae) a).variables(), vb = ((TfVae) b).variables();
    assertThat(vb.keySet()).containsExactlyElementsOf(va.keySet());
    for (String k : va.keySet()) {
      if (va.get(k).isFloat()) assertThat(vb.get(k).floats()).as(k).containsExactly(va.get(k).floats());
      else assertThat(vb.get(k).longs()).as(k).containsExactly(va.get(k).longs());
    }
  }

  @Test void aRunStoppedAfterTwoEpochsAndResumedToFourEqualsFourStraightBitForBit(@TempDir Path dir) {
    Path ckpt = dir.resolve("run.ckpt");
    try (TrainedVae straight = Fixtures.small().train(data, Fixtures.quick(4), CheckpointPolicy.REPLACE).model()) {
      try (TrainedVae first = Fixtures.small().train(data, options(2, ckpt), CheckpointPolicy.REPLACE).model()) {
        assertThat(first.history()).hasSize(2);
      } // everything of the first run is dropped: only the file remains
      try (TrainedVae resumed = Fixtures.small().train(data, options(4, ckpt), CheckpointPolicy.RESUME).model()) {
        assertThat(losses(resumed)).hasSize(4).isEqualTo(losses(straight));
        assertSameVariables(straight, resumed);
      }
      try (TrainedVae fromFile = Vae.load(ckpt)) { // the resumed run checkpointed as it went
        assertThat(losses(fromFile)).isEqualTo(losses(straight));
        assertSameVariables(straight, fromFile);
      }
    }
  }

  @Test void resumingARunThatIsAlreadyDoneReturnsItUnchanged(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("done.ckpt");
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), options(2, ckpt), CheckpointPolicy.REPLACE).model()) {
      assertThat(m.history()).hasSize(2);
    }
    byte[] before = Files.readAllBytes(ckpt);
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), options(2, ckpt), RESUME).model()) {
      assertThat(m.history()).hasSize(2);
    }
    // fewer epochs than the checkpoint has is another run: refused (CheckpointPolicyTest), the file left alone
    assertThatThrownBy(() -> Fixtures.small().train(DataSplit.trainingOnly(data.train()), options(1, ckpt), RESUME))
        .isInstanceOf(tfvae.CheckpointException.class);
    assertThat(Files.readAllBytes(ckpt)).isEqualTo(before);
  }

  @Test void theResumePolicyContinuesThisSpecsRunAndRefusesAnother(@TempDir Path dir) {
    Path ckpt = dir.resolve("m.ckpt");
    List<Integer> firstEpochs = new ArrayList<>();
    TrainOptions.Builder b = TrainOptions.builder().progress(false).checkpoint(ckpt);
    try (TrainedVae m = Fixtures.small().train(data, b.epochs(1).listener(s -> firstEpochs.add(s.epoch())).build(), RESUME).model()) {
      assertThat(m.history()).hasSize(1);
    }
    try (TrainedVae m = Fixtures.small().train(data, b.epochs(3).build(), RESUME).model()) {
      assertThat(m.history()).hasSize(3);
    }
    assertThat(firstEpochs).containsExactly(1, 2, 3); // epoch 1 by the first call, 2 and 3 by the second
    Vae other = Fixtures.small().toBuilder().seed(4).build(); // another seed is another run: no resuming, no silent restart
    assertThatThrownBy(() -> other.train(data, b.epochs(2).build(), RESUME)).isInstanceOf(tfvae.CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": its seed is 3, not 4 (a resumed run must continue the same run)");
    assertThatThrownBy(() -> Fixtures.small().train(data, Fixtures.quick(1), RESUME)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("checkpoint must not be null for train(data, options, RESUME); set TrainOptions.builder().checkpoint(path)");
  }

  /** The progress records of a resumed run count the model's epochs, not the run's: "epoch 3/4", then "epoch 4/4". */
  @Test void aResumedRunsProgressNamesTheModelsEpochs(@TempDir Path dir) {
    Path ckpt = dir.resolve("m.ckpt");
    List<String> lines = new ArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(ProgressLog.NAME);
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { lines.add(r.getMessage()); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(h);
    try {
      TrainOptions.Builder b = TrainOptions.builder().testEvery(0).checkpoint(ckpt);
      try (TrainedVae m = Fixtures.small().train(data, b.epochs(2).progress(false).build(), RESUME).model()) {
        assertThat(m.history()).hasSize(2);
      }
      try (TrainedVae m = Fixtures.small().train(data, b.epochs(4).progress(true).build(), RESUME).model()) {
        assertThat(m.history()).hasSize(4);
      }
    } finally {
      log.removeHandler(h);
    }
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("epoch 3/4  train ELBO ").endsWith(" s left");
    assertThat(lines.get(1)).startsWith("epoch 4/4  train ELBO ").endsWith("  0 s left");
  }

  @Test void aCheckpointWhoseStepDisagreesWithItsHistoryIsNotResumed(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("m.ckpt");
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), options(1, ckpt), CheckpointPolicy.REPLACE).model()) {
      assertThat(m.history().get(0).steps()).isEqualTo(5);
    }
    var e = HostileFilesTest.entries(Files.readAllBytes(ckpt));
    String meta = new String(e.get("meta.json"), java.nio.charset.StandardCharsets.UTF_8).replace("\"steps\": 5,", "\"steps\": 7,");
    Files.write(ckpt, HostileFilesTest.zip(HostileFilesTest.with(e, "meta.json", meta.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> Fixtures.small().train(DataSplit.trainingOnly(data.train()), options(2, ckpt), RESUME)).isInstanceOf(tfvae.CheckpointException.class)
        .hasMessage("cannot load checkpoint " + ckpt + ": its history says epoch 1 ended at step 7, but 500 training images in batches"
            + " of 100 end it at step 5");
  }

  @Test void checkpointEveryNWritesEveryNthEpochAndAlwaysTheLast(@TempDir Path dir) {
    Path ckpt = dir.resolve("every.ckpt");
    List<String> seen = new ArrayList<>();
    TrainOptions.EpochListener peek = s -> seen.add(s.epoch() + ":"
        + (Files.exists(ckpt) ? Checkpoint.read(ckpt).meta().history().size() : 0));
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), TrainOptions.builder().epochs(5).progress(false).checkpoint(ckpt)
        .checkpointEvery(2).listener(peek).build(), CheckpointPolicy.REPLACE).model()) {
      assertThat(seen).containsExactly("1:0", "2:2", "3:2", "4:4", "5:5");
    }
    seen.clear();
    Path only = dir.resolve("last.ckpt");
    TrainOptions.EpochListener peekLast = s -> seen.add(s.epoch() + ":" + Files.exists(only));
    try (TrainedVae m = Fixtures.small().train(DataSplit.trainingOnly(data.train()), TrainOptions.builder().epochs(2).progress(false).checkpoint(only)
        .checkpointEvery(0).listener(peekLast).build(), CheckpointPolicy.REPLACE).model()) {
      assertThat(seen).containsExactly("1:false", "2:true");
    }
  }

  @Test void checkpointOptionsDefaultToNoneAndEveryEpochAndRejectNegativeIntervals() {
    TrainOptions d = TrainOptions.defaults();
    assertThat(d.checkpoint()).isNull();
    assertThat(d.checkpointEvery()).isEqualTo(1);
    assertThatThrownBy(() -> TrainOptions.builder().checkpointEvery(-1)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("checkpointEvery must be in [0, 100000], got -1");
    Path p = Path.of("x.ckpt");
    TrainOptions o = TrainOptions.builder().epochs(7).checkpoint(p).checkpointEvery(3).build();
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test void aWriteDeletesTemporariesThatDeadProcessesLeftButKeepsLiveOnes(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("m.ckpt");
    Path dead = Files.writeString(dir.resolve(".m.ckpt.2147483646-1f.tmp"), "half a checkpoint"); // no such process
    Path live = Files.writeString(dir.resolve(".m.ckpt." + ProcessHandle.current().pid() + "-2f.tmp"), "a write under way");
    Path other = Files.writeString(dir.resolve(".other.ckpt.2147483646-3f.tmp"), "another target's");
    AtomicFiles.write(target, out -> out.write(1));
    assertThat(dead).doesNotExist();
    assertThat(live).exists();
    assertThat(other).exists();
    assertThat(target).hasBinaryContent(new byte[] {1});
  }
}
