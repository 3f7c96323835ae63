package tfvae.spi;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tfvae.TrainOptions;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.Images;

/**
 * Service-provider interface that an engine implements (the TensorFlow one lives in {@code tfvae-runtime} and is
 * registered in {@code META-INF/services}). Users call {@link Vae} instead.
 */
public interface VaeBackend {
  /** @return a short engine name and version, e.g. {@code tensorflow 2.18.0} */
  String name();

  /** @return a model with {@code spec}'s initial parameters */
  TrainedVae create(Vae spec);

  /** @return a model trained on {@code train}, tested on {@code test} when it is not null */
  TrainedVae train(Vae spec, Images train, @Nullable Images test, TrainOptions options);

  /** @return the model in {@code checkpoint}; when {@code expected} is not null its architecture must match */
  TrainedVae load(Path checkpoint, @Nullable Vae expected);
}
