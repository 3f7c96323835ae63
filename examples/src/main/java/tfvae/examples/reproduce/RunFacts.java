package tfvae.examples.reproduce;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tfvae.EpochStats;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.TrainingRecord;
import tfvae.TrainingRun;
import tfvae.Version;
import tfvae.charts.Figure;
import tfvae.LatentViews;
import tfvae.data.DataSplit;
import tfvae.cli.Memory;
import tfvae.cli.Report;

/** The facts of report.json that describe the run rather than its results: training, setup, data, platform, figures. */
final class RunFacts {
  private RunFacts() {}

  /**
   * @param data the --data path, as given
   * @param seed the --seed option (the figures' sample seed)
   * @return the numbers every run reports: the model's own training (its record, not this run's options), the setup,
   *     the figures and the interpolation pairs
   */
  static Report of(TrainingRun run, DataSplit mnist, TrainOptions options, List<Figure> figures, int[][] pairs, Path data, long seed) {
    TrainedVae model = run.model();
    List<EpochStats> h = model.history();
    EpochStats last = h.get(h.size() - 1);
    double stepSeconds = h.stream().mapToDouble(EpochStats::seconds).sum();
    double trainSeconds = h.stream().mapToDouble(s -> s.seconds() + s.evalSeconds()).sum();
    TrainingRecord t = Objects.requireNonNull(model.training(), "a trained or matching model records its training");
    List<Pair> pairFacts = Arrays.stream(pairs).map(p -> new Pair(p[0], mnist.train().label(p[0]), p[1], mnist.train().label(p[1]))).toList();
    return new Report()
        .put("test_elbo", last.testElbo())
        .put("train_elbo_last_epoch", last.trainElbo())
        .put("epochs", h.size())
        .put("train_seconds", trainSeconds)
        .put("step_seconds", stepSeconds)
        .put("steps_per_second", last.steps() / stepSeconds)
        .put("outcome", run.outcome().toString().toLowerCase(java.util.Locale.ROOT))
        .put("trained_this_run", run.trained())
        .put("not_reused_because", run.note())
        .put("peak_rss_mb", Memory.peakRssMb())
        .put("seed", model.spec().seed())
        .put("device", options.device().toString())
        .put("latent", model.spec().latent())
        .put("condition", model.spec().condition() == null ? null : model.spec().condition().toString())
        .put("hidden", model.spec().hidden() > 0 ? model.spec().hidden() : null)
        .put("encoder", layers(model.spec(), model.spec().encoder()))
        .put("decoder", layers(model.spec(), model.spec().decoder()))
        .put("likelihood", model.spec().likelihood().cliName())
        .put("objective", model.spec().objective().cliName())
        .put("k", model.spec().objective().k())
        .put("beta", model.spec().objective().beta())
        .put("warmup_epochs", model.spec().objective().warmupEpochs())
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
        .put("available_processors", Runtime.getRuntime().availableProcessors())
        .put("figures", figures.stream().map(Figure::name).toList())
        .put("prior_sample_seed", seed)
        .put("fig_3a_seed", LatentViews.meansAndSamplesSeed(seed))
        .put("interpolation_pairs", pairFacts)
        .putAll(model.spec().isPlainMlp() ? new Report() : new Report().put("layers", model.spec().layersText())
            .put("image", String.valueOf(model.spec().image())));
  }

  /** An interpolation pair of fig-3c: two training images and their labels. */
  record Pair(int a, int labelA, int b, int labelB) {}

  /** @return an MLP's widths as numbers (as before conv layers), else each layer in its text form */
  private static List<Object> layers(tfvae.Vae spec, List<tfvae.Layer> layers) {
    return layers.stream().map(l -> spec.isPlainMlp() ? (Object) ((tfvae.Layer.Dense) l).units() : l.toString()).toList();
  }
}
