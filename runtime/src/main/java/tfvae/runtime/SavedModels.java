package tfvae.runtime;

import java.nio.file.Path;
import java.util.Map;
import tfvae.Vae;
import tfvae.VaeException;

/** SavedModel export (to be built). */
final class SavedModels {
  private SavedModels() {}

  static void export(Vae spec, Map<String, Npy.Array> variables, Path dir) {
    throw new VaeException("SavedModel export is not implemented yet");
  }
}
