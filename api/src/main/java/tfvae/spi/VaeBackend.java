package tfvae.spi;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tfvae.Device;
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

  /** @return the engine's own version, e.g. {@code 2.18.0} for TensorFlow 2.18.0 */
  String version();

  /**
   * @param spec the architecture and seed
   * @param device where the model runs
   * @return a model with {@code spec}'s initial parameters; the caller owns it
   */
  TrainedVae create(Vae spec, Device device);

  /**
   * @param spec the architecture and seed
   * @param train binary training images
   * @param test binary test images, or null for none
   * @param options how to train, and on which device
   * @return a model trained on {@code train}, tested on {@code test} when it is not null; the caller owns it
   */
  TrainedVae train(Vae spec, Images train, @Nullable Images test, TrainOptions options);

  /**
   * @param checkpoint the checkpoint file
   * @param device where the model runs
   * @return the model in {@code checkpoint}, with the architecture it records; the caller owns it
   */
  TrainedVae load(Path checkpoint, Device device);

  /**
   * Continues training a model this backend loaded from {@code from}, from its parameters, Adam state and step, until
   * it has {@code options.epochs()} epochs in all; a model that already has that many is returned as it is. The
   * caller has checked that the model's {@link tfvae.TrainingRecord} matches. Per-epoch checkpoints go to
   * {@code from} when it is {@code options.checkpoint()} or the partial file beside it, else beside
   * {@code options.checkpoint()} until the last epoch (see {@link tfvae.CheckpointPolicy#REPLACE}).
   *
   * @param model the model; it is trained in place and stays the caller's
   * @param from the checkpoint it was loaded from
   * @param train binary training images
   * @param test binary test images, or null for none
   * @param options how to train; {@code epochs} is the total to reach
   * @return {@code model}
   * @throws UnsupportedOperationException if this backend cannot resume training
   */
  default TrainedVae resume(TrainedVae model, Path from, Images train, @Nullable Images test, TrainOptions options) {
    throw new UnsupportedOperationException(name() + " cannot resume training");
  }
}
