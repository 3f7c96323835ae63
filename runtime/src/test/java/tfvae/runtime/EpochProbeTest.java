package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.TensorFlow;
import tfvae.CheckpointException;
import tfvae.CheckpointPolicy;
import tfvae.EpochProbe;
import tfvae.EpochStats;
import tfvae.Mask;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.Version;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * An {@link EpochProbe} measures the model as it is after the epochs it picks, on the training thread: its values
 * are those of that epoch's checkpoint, it does not change training, its measures (NaN included) and its name go
 * into the checkpoint and decide reuse, and it cannot close the model it measures.
 */
class EpochProbeTest {
  static DataSplit data;
  static Images probeImages;

  @BeforeAll static void data() {
    DataSplit all = Fixtures.mnist();
    data = new DataSplit(all.train().slice(0, 200), all.test().slice(0, 100));
    probeImages = all.test().slice(100, 110);
  }

  /** The exact log p(x) and the seeded ELBO of ten test images, the same way on any model. */
  static Map<String, Double> measureOf(TrainedVae m) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("log_px", m.logEvidence(probeImages, Mask.all(784), 0.05).mean());
    double sum = 0;
    for (double v : m.elboPerImage(probeImages, 7)) sum += v;
    out.put("elbo", sum / probeImages.count());
    return out;
  }

  static EpochProbe probe(String name, java.util.function.BiFunction<TrainedVae, EpochStats, Map<String, Double>> f) {
    return new EpochProbe() {
      @Override public String name() { return name; }

      @Override public boolean due(int epoch, int total) { return epoch % 2 == 1 || epoch == total; }

      @Override public Map<String, Double> measure(TrainedVae model, EpochStats stats) { return f.apply(model, stats); }
    };
  }

  static TrainOptions.Builder options(int epochs, Path ckpt) {
    return TrainOptions.builder().epochs(epochs).batchSize(50).progress(false).checkpoint(ckpt);
  }

  @Test void theProbesValueIsThatOfTheEpochsCheckpoint(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("model.ckpt");
    List<Path> copies = new ArrayList<>();
    TrainOptions o = options(3, ckpt).checkpointEvery(1).probe(probe("exact", (m, s) -> measureOf(m))).listener(s -> {
      try {
        copies.add(Files.copy(ckpt, dir.resolve("epoch-" + s.epoch() + ".ckpt"), StandardCopyOption.REPLACE_EXISTING));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).build();
    List<EpochStats> h;
    try (TrainingRun run = Fixtures.small().train(data, o, CheckpointPolicy.REPLACE)) {
      h = run.model().history();
    }
    assertThat(h).extracting(s -> List.copyOf(s.measures().keySet())).containsExactly(List.of("log_px", "elbo"), List.<String>of(), List.of("log_px", "elbo"));
    for (int e : new int[] {1, 3})
      try (TrainedVae m = Vae.load(copies.get(e - 1))) {
        assertThat(m.history()).hasSize(e);
        assertThat(h.get(e - 1).measures()).isEqualTo(measureOf(m)); // bit for bit: the same parameters, queries and seeds
        assertThat(m.history().get(e - 1)).isEqualTo(h.get(e - 1));  // the checkpoint holds the measures too
      }
  }

  @Test void aProbeDoesNotChangeTraining(@TempDir Path dir) throws Exception {
    EpochProbe busy = probe("busy", (m, s) -> {
      Map<String, Double> out = new LinkedHashMap<>(measureOf(m));
      out.put("iw", m.importanceWeighted(probeImages, 5, 11)[0]);
      out.put("z0", (double) m.encode(probeImages).mean()[0][0]);
      return out;
    });
    Path with = dir.resolve("with.npz"), without = dir.resolve("without.npz");
    List<EpochStats> hw, hwo;
    try (TrainingRun run = Fixtures.small().train(data, options(3, null).probe(busy).build(), CheckpointPolicy.REPLACE)) {
      run.model().exportNpz(with);
      hw = run.model().history();
    }
    try (TrainingRun run = Fixtures.small().train(data, options(3, null).build(), CheckpointPolicy.REPLACE)) {
      run.model().exportNpz(without);
      hwo = run.model().history();
    }
    assertThat(with).hasSameBinaryContentAs(without);
    for (int i = 0; i < 3; i++) {
      assertThat(hw.get(i).trainElbo()).isEqualTo(hwo.get(i).trainElbo());
      assertThat(hw.get(i).testElbo()).isEqualTo(hwo.get(i).testElbo());
    }
  }

  @Test void measuresAndTheProbesNameDecideReuse(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("model.ckpt");
    EpochProbe a = probe("a", (m, s) -> {
      Map<String, Double> out = new LinkedHashMap<>();
      out.put("epoch", (double) s.epoch());
      out.put("missing", Double.NaN);
      return out;
    });
    List<EpochStats> trained;
    try (TrainingRun run = Fixtures.small().train(data, options(2, ckpt).probe(a).build(), CheckpointPolicy.REPLACE)) {
      trained = run.model().history();
      assertThat(run.model().training().probe()).isEqualTo("a");
    }
    assertThat(trained.get(1).measures()).containsExactly(Map.entry("epoch", 2.0), Map.entry("missing", Double.NaN));
    try (TrainingRun run = Fixtures.small().train(data, options(2, ckpt).probe(a).build(), CheckpointPolicy.REUSE)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.REUSED);
      assertThat(run.model().history()).isEqualTo(trained);
    }
    try (TrainingRun run = Fixtures.small().train(data, options(2, ckpt).build(), CheckpointPolicy.REUSE)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.REUSED); // measures are extra
      assertThat(run.model().history()).isEqualTo(trained);
    }
    byte[] probed = Files.readAllBytes(ckpt);
    assertThatThrownBy(() -> Fixtures.small().train(data, options(3, ckpt).probe(probe("b", (m, s) -> Map.of())).build(), CheckpointPolicy.RESUME))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume " + ckpt + ": it was measured by the probe \"a\", not by \"b\" (a resumed run must continue the same run)");
    assertThat(ckpt).hasBinaryContent(probed);
    try (TrainingRun run = Fixtures.small().train(data, options(2, ckpt).probe(probe("b", (m, s) -> Map.of())).build(), CheckpointPolicy.REUSE)) {
      assertThat(run.outcome()).isEqualTo(TrainingRun.Outcome.TRAINED);
      assertThat(run.note()).isEqualTo("not reusing " + ckpt + ": it was measured by the probe \"a\", not by \"b\"");
      assertThat(run.model().training().probe()).isEqualTo("b");
    }
  }

  @Test void aProbeCannotCloseTheModelItMeasures(@TempDir Path dir) {
    AtomicReference<RuntimeException> caught = new AtomicReference<>();
    EpochProbe closing = probe("closing", (m, s) -> {
      try {
        m.close();
      } catch (IllegalStateException e) {
        caught.set(e);
      }
      return Map.of("elbo", m.elboPerImage(probeImages, 1)[0]); // still open
    });
    try (TrainingRun run = Fixtures.small().train(data, options(2, null).probe(closing).build(), CheckpointPolicy.REPLACE)) {
      assertThat(run.model().history()).hasSize(2);
      assertThat(run.model().elboPerImage(probeImages, 1)).hasSize(10);
    }
    assertThat(caught.get()).isInstanceOf(IllegalStateException.class)
        .hasMessage("close() was called while this model trains; an EpochProbe must not close the model it measures");
    EpochProbe rude = probe("rude", (m, s) -> {
      m.close();
      return Map.of();
    });
    assertThatThrownBy(() -> Fixtures.small().train(data, options(2, null).probe(rude).build(), CheckpointPolicy.REPLACE))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("close() was called while this model trains");
  }

  /** meta.json of a run without a probe, as tfvae wrote it before probes existed (versions left out). */
  @Test void aCheckpointWithoutAProbeIsWrittenAsBefore(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.ckpt");
    Vae spec = Fixtures.small();
    TrainingRecord r = TrainingRecord.of(TrainOptions.defaults(), data.train(), data.test());
    Checkpoint.write(file, spec, r, List.of(new EpochStats(1, 4, -200.5, -190.25, 0.5, 0.125, 8), new EpochStats(2, 8, -150, Double.NaN, 0.5, 0, 8)),
        Map.of());
    String meta = new String(HostileFilesTest.entries(Files.readAllBytes(file)).get("meta.json"), StandardCharsets.UTF_8)
        .replace(Version.VERSION, "VERSION").replace(TensorFlow.version(), "TF_VERSION");
    String expected;
    try (var in = EpochProbeTest.class.getResourceAsStream("/meta-without-probe.json")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(meta).isEqualTo(expected);
  }
}
