package tfvae.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.Vae;
import tfvae.internal.Npy;

/** A model's parameters as a NumPy {@code .npz} (one {@code .npy} per parameter), ending with a metadata entry. */
final class NpzExport {
  private NpzExport() {}

  /** Writes the parameters {@code params} of {@code arrays}, in that order, then {@link #METADATA}. */
  static void write(Path file, Vae spec, List<String> params, Map<String, Npy.Array> arrays) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String name : params) entries.put(name + ".npy", Npy.bytes(arrays.get(name)));
    entries.put(METADATA + ".npy", metadata(spec, params));
    Checkpoint.writeZip(file, entries);
  }

  /** The .npz entry that says what the arrays are: a 0-d NumPy unicode string holding JSON. */
  static final String METADATA = "metadata";

  /**
   * @return the .npy bytes of a 0-d unicode string (NumPy {@code <U}, UTF-32LE) holding the model's description as
   *     JSON: likelihood, activation, sizes, the arrays in order and how to apply them, so that a NumPy user need not guess
   */
  static byte[] metadata(Vae spec, List<String> arrays) {
    StringBuilder names = new StringBuilder();
    for (String n : arrays) names.append(names.length() == 0 ? "" : ", ").append('"').append(n).append('"');
    boolean gaussian = spec.likelihood() == tfvae.Likelihood.GAUSSIAN;
    String json = "{\"format\": \"tfvae weights\", \"version\": 1, \"likelihood\": \"" + spec.likelihood().cliName()
        + "\", \"activation\": \"" + spec.activation().name().toLowerCase(java.util.Locale.ROOT) + "\", \"data_dim\": " + spec.dataDim()
        + ", \"latent\": " + spec.latent() + ", \"encoder\": " + spec.encoder() + ", \"decoder\": " + spec.decoder()
        + ", \"arrays\": [" + names + "], \"layer\": \"h_out = activation(h_in @ w + b) for hidden layers, h_in @ w + b for the last\""
        + ", \"encoder_output\": \"[mean | log_std], latent columns each\", \"decoder_output\": \""
        + (gaussian ? "mean; decoder_log_std_w and decoder_log_std_b map the last hidden layer to h, and log_std = "
            + PixelLikelihood.LOG_STD_FLOOR + " + softplus(h - (" + PixelLikelihood.LOG_STD_FLOOR + "))"
            : "logits (lambda = sigmoid(logits))") + "\"}";
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(4 * json.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < json.length(); i++) data.putInt(json.charAt(i)); // ASCII: one code point per char
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      Npy.writeRaw(out, "<U" + json.length(), new long[0], data.array());
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new AssertionError(e); // in memory
    }
  }
}
