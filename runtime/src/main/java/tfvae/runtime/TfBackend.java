package tfvae.runtime;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.tensorflow.TensorFlow;
import tfvae.CheckpointException;
import tfvae.Device;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;
import tfvae.spi.VaeBackend;

/** The TensorFlow Java engine, found by {@code tfvae-api} through {@code META-INF/services}. */
public final class TfBackend implements VaeBackend {
  /** Used by {@link java.util.ServiceLoader}. */
  public TfBackend() {}

  @Override public String name() { return "tensorflow " + TensorFlow.version(); }

  @Override public String version() { return TensorFlow.version(); }

  @Override public TrainedVae create(Vae spec, Device device) { return new TfVae(spec, device); }

  @Override public TrainedVae train(Vae spec, Images train, @Nullable Images test, TrainOptions options) {
    TfVae model = new TfVae(spec, options.device());
    try {
      model.fit(train, test, options);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override public TrainedVae resume(TrainedVae model, Path from, Images train, @Nullable Images test, TrainOptions options) {
    if (!(model instanceof TfVae m)) throw new IllegalArgumentException("cannot resume " + model + ": it was not made by " + name());
    m.fit(train, test, options, options.epochs(), from);
    return m;
  }

  @Override public TrainedVae load(Path checkpoint, Device device) {
    Checkpoint.Contents c = Checkpoint.read(checkpoint);
    TfVae model = new TfVae(c.spec(), device);
    try {
      model.restore(checkpoint, c);
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e instanceof CheckpointException ? e : Checkpoint.bad(checkpoint, e.getMessage());
    }
  }
}
