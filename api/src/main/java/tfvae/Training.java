package tfvae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.internal.Check;
import tfvae.spi.Backends;

/** The checkpoint policies of {@link Vae#train(DataSplit, TrainOptions, CheckpointPolicy)}: train, reuse or resume. */
final class Training {
  private Training() {}

  static TrainingRun run(Vae vae, DataSplit data, TrainOptions options, CheckpointPolicy policy) {
    Check.notNull("data", data);
    Check.notNull("options", options);
    Check.notNull("policy", policy);
    Vae spec = vae.resolvedFor(data.train());
    Images train = data.train();
    @Nullable Images test = data.test().count() == 0 ? null : data.test();
    Path target = options.checkpoint();
    if (policy == CheckpointPolicy.REPLACE) return fresh(spec, train, test, options, null);
    if (target == null)
      throw new InvalidConfigException("checkpoint must not be null for train(data, options, " + policy + "); set TrainOptions.builder().checkpoint(path)");
    TrainingRecord wanted = record(spec, options, train, test);
    if (policy == CheckpointPolicy.REUSE) {
      if (!Files.isRegularFile(target)) return fresh(spec, train, test, options, null);
      TrainedVae old = Backends.get().load(target, options.device());
      String diff = differenceFrom(spec, old, wanted, options.epochs(), true);
      if (diff == null) return new TrainingRun(old, TrainingRun.Outcome.REUSED, 0, null);
      old.close();
      return fresh(spec, train, test, options, "not reusing " + target + ": " + diff);
    }
    String refusal = null;
    for (Path file : List.of(CheckpointPolicy.partial(target), target)) {
      if (!Files.isRegularFile(file)) continue;
      TrainedVae old = Backends.get().load(file, options.device());
      String diff;
      try {
        diff = differenceFrom(spec, old, wanted, options.epochs(), false);
      } catch (RuntimeException e) {
        old.close();
        throw e;
      }
      if (diff == null) {
        int done = old.history().size();
        try {
          Backends.get().resume(old, file, train, test, options);
        } catch (RuntimeException e) {
          old.close();
          throw e;
        }
        return new TrainingRun(old, TrainingRun.Outcome.RESUMED, done < options.epochs() ? done + 1 : 0, null);
      }
      old.close();
      if (refusal == null) refusal = "cannot resume " + file + ": " + diff + " (a resumed run must continue the same run)";
    }
    if (refusal != null) throw new CheckpointException(refusal);
    return fresh(spec, train, test, options, null);
  }

  /**
   * @return what a run of {@code spec} on this data records; a conditional model's data are hashed as the rows its
   *     networks take ([x | c]), so that another condition is other data
   */
  static TrainingRecord record(Vae spec, TrainOptions options, Images train, @Nullable Images test) {
    Condition c = spec.condition();
    if (c == null) return TrainingRecord.of(options, train, test);
    return TrainingRecord.of(options, c.rows(train, spec.dataDim()), test == null ? null : c.rows(test, spec.dataDim()));
  }

  private static TrainingRun fresh(Vae spec, Images train, @Nullable Images test, TrainOptions options, @Nullable String note) {
    return new TrainingRun(Backends.get().train(spec, train, test, options), TrainingRun.Outcome.TRAINED, 1, note);
  }

  /**
   * @return the first way in which {@code old} is not the run {@code spec}, {@code wanted} and {@code epochs} describe
   *     (with {@code exactEpochs} false, fewer epochs are allowed, and a checkpoint an older tfvae wrote without its
   *     training record is continued on the caller's word: a run to continue), or null when it is. The one place that
   *     decides reuse and resume, the probe's name included
   */
  private static @Nullable String differenceFrom(Vae spec, TrainedVae old, TrainingRecord wanted, int epochs, boolean exactEpochs) {
    Vae o = old.spec();
    if (!java.util.Objects.equals(o.schema(), spec.schema()))
      return spec.schema() == null ? "it is a table model (it has a schema), not an image model" : "its schema differs: " + spec.schema().differenceFrom(o.schema());
    if (!java.util.Objects.equals(o.condition(), spec.condition()))
      return "its condition is " + (o.condition() == null ? "none" : o.condition()) + ", not " + (spec.condition() == null ? "none" : spec.condition());
    if (o.dataDim() != spec.dataDim()) return "its dataDim is " + o.dataDim() + ", not " + spec.dataDim();
    if (o.latent() != spec.latent()) return "its latent dimension is " + o.latent() + ", not " + spec.latent();
    if (!o.encoder().equals(spec.encoder())) return "its encoder layers are " + Layer.toText(o.encoder()) + ", not " + Layer.toText(spec.encoder());
    if (!o.decoder().equals(spec.decoder())) return "its decoder layers are " + Layer.toText(o.decoder()) + ", not " + Layer.toText(spec.decoder());
    if (!java.util.Objects.equals(o.image(), spec.image())) return "its image shape is " + o.image() + ", not " + spec.image();
    if (o.activation() != spec.activation()) return "its activation is " + o.activation() + ", not " + spec.activation();
    if (o.likelihood() != spec.likelihood()) return "its likelihood is " + o.likelihood() + ", not " + spec.likelihood();
    if (o.initScale() != spec.initScale()) return "its initScale is " + o.initScale() + ", not " + spec.initScale();
    if (o.seed() != spec.seed()) return "its seed is " + o.seed() + ", not " + spec.seed();
    if (!o.objective().equals(spec.objective())) return "its objective is " + o.objective() + ", not " + spec.objective();
    int have = old.history().size();
    if (exactEpochs ? have != epochs : have > epochs)
      return "it has " + have + " epochs, " + (exactEpochs ? "not " : "more than the ") + epochs + (exactEpochs ? "" : " asked for");
    TrainingRecord had = old.training();
    if (had == null)
      return old.history().isEmpty() || !exactEpochs ? null : "it does not record its training options and data (an older tfvae wrote it)";
    String d = had.differenceFrom(wanted);
    if (d != null) return d;
    // the probe does not change the parameters: a reused run needs the measures asked for (none asked: any will do);
    // a resumed one goes on measuring what it measured
    String p = had.probe(), q = wanted.probe();
    if (java.util.Objects.equals(p, q) || exactEpochs && q == null) return null;
    return p == null ? "it was trained without a probe, not measured by \"" + q + "\""
        : "it was measured by the probe \"" + p + "\"" + (q == null ? ", and this run has none" : ", not by \"" + q + "\"");
  }
}
