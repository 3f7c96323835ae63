package tfvae.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tfvae.EpochStats;
import tfvae.Layer;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.Version;

/**
 * What a program's report.json says about the training run beside its results: the last epoch, the speed, how the
 * model was obtained, its spec, its own training record (not the options of this run: a reused model keeps its own),
 * the data's hashes and the platform. {@code scripts/reproduce} and {@code scripts/vae train} write the same facts.
 */
public final class RunFacts {
  private RunFacts() {}

  /**
   * @param run the training run, still open
   * @param options the options it was asked to train with (their device)
   * @param data the data path as given
   * @return the facts, in report.json's order
   */
  public static Report of(TrainingRun run, TrainOptions options, Path data) {
    TrainedVae model = run.model();
    Vae spec = model.spec();
    List<EpochStats> h = model.history();
    EpochStats last = h.get(h.size() - 1);
    double stepSeconds = h.stream().mapToDouble(EpochStats::seconds).sum();
    TrainingRecord t = Objects.requireNonNull(model.training(), "a trained or matching model records its training");
    Report r = new Report()
        .put("test_elbo", last.testElbo())
        .put("train_elbo_last_epoch", last.trainElbo())
        .put("epochs", h.size())
        .put("train_seconds", h.stream().mapToDouble(s -> s.seconds() + s.evalSeconds()).sum())
        .put("step_seconds", stepSeconds)
        .put("steps_per_second", last.steps() / stepSeconds)
        .put("outcome", run.outcome().toString().toLowerCase(Locale.ROOT))
        .put("trained_this_run", run.trained())
        .put("not_reused_because", run.note())
        .put("peak_rss_mb", Memory.peakRssMb())
        .put("seed", spec.seed())
        .put("device", options.device().toString())
        .put("latent", spec.latent())
        .put("condition", spec.condition() == null ? null : spec.condition().toString())
        .put("hidden", spec.hidden() > 0 ? spec.hidden() : null)
        .put("encoder", layers(spec, spec.encoder()))
        .put("decoder", layers(spec, spec.decoder()))
        .put("likelihood", spec.likelihood().cliName())
        .put("objective", spec.objective().cliName())
        .put("k", spec.objective().k())
        .put("beta", spec.objective().beta())
        .put("warmup_epochs", spec.objective().warmupEpochs())
        .put("batch_size", t.batchSize())
        .put("learning_rate", t.learningRate())
        .put("batch_order", t.batchOrder())
        .put("n_train", t.train().count())
        .put("train_sha256", t.train().sha256())
        .put("n_test", t.test() == null ? 0 : t.test().count())
        .put("test_sha256", t.test() == null ? null : t.test().sha256())
        .put("data_dir", data.toAbsolutePath().normalize().toString())
        .put("tensorflow_version", Version.backendVersion())
        .put("tfvae_version", Version.VERSION)
        .put("java_version", System.getProperty("java.version"))
        .put("os_arch", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("available_processors", Runtime.getRuntime().availableProcessors());
    return spec.isPlainMlp() ? r : r.put("layers", spec.layersText()).put("image", String.valueOf(spec.image()));
  }

  /** @return an MLP's widths as numbers (as before conv layers), else each layer in its text form */
  private static List<Object> layers(Vae spec, List<Layer> layers) {
    return layers.stream().map(l -> spec.isPlainMlp() ? (Object) ((Layer.Dense) l).units() : l.toString()).toList();
  }
}
