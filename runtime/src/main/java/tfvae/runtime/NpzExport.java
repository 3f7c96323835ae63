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

  /** How a layer stack's arrays apply (the layer list's text form is tfvae.Layer's). */
  static final String LAYERS_TEXT = "encoder and decoder list their layers, input side first; each layer with weights takes the next"
      + " (w, b) pair: N (dense) h @ w + b, conv:F:K:S conv2d(h, w [K, K, in, F], stride S, SAME padding, NHWC) + b, tconv:F:K:S"
      + " conv2d_transpose(h, w [K, K, F, in], stride S, SAME, output S times larger) + b, then /ACTIVATION (none: the spec's"
      + " activation); reshape:HxWxC and flatten reshape each example (the data row is reshaped to image [H, W, C] before the"
      + " first conv); the encoder's last pair is the dense [mean | log_std] head; the decoder's output is its last conv or an"
      + " appended dense layer of data_dim units, flattened to data_dim values";

  private static String layers(Vae spec, List<tfvae.Layer> layers) {
    if (spec.isPlainMlp()) return layers.toString();
    StringBuilder s = new StringBuilder();
    for (tfvae.Layer l : layers) s.append(s.length() == 0 ? "" : ", ").append('"').append(l).append('"');
    return "[" + s + "]";
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
    String json = spec.schema() != null ? tableJson(spec, names) : "{\"format\": \"tfvae weights\", \"version\": 1, \"likelihood\": \"" + spec.likelihood().cliName()
        + "\", \"activation\": \"" + spec.activation().name().toLowerCase(java.util.Locale.ROOT) + "\", \"data_dim\": " + spec.dataDim()
        + ", \"latent\": " + spec.latent() + ", \"encoder\": " + layers(spec, spec.encoder()) + ", \"decoder\": " + layers(spec, spec.decoder())
        + (spec.isPlainMlp() ? "" : ", \"image\": " + (spec.image() == null ? "null" : "[" + spec.image().height() + ", "
            + spec.image().width() + ", " + spec.image().channels() + "]"))
        + (spec.condition() == null ? "" : ", \"condition\": \"" + spec.condition() + "\", \"condition_input\": \"c (one-hot for a"
            + " label) is appended to the input of each network's first dense layer: [x | c] into the encoder, [z | c] into the decoder\"")
        + ", \"arrays\": [" + names + "], \"layer\": \"" + (spec.isPlainMlp()
            ? "h_out = activation(h_in @ w + b) for hidden layers, h_in @ w + b for the last"
            : LAYERS_TEXT) + "\""
        + ", \"encoder_output\": \"[mean | log_std], latent columns each\", \"decoder_output\": \""
        + (gaussian ? "mean; decoder_log_std_w and decoder_log_std_b map the last hidden layer to h, and log_std = "
            + PixelLikelihood.LOG_STD_FLOOR + " + softplus(h - (" + PixelLikelihood.LOG_STD_FLOOR + "))"
            : "logits (lambda = sigmoid(logits))") + "\"}";
    json = ascii(json);
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

  /**
   * A table model's metadata: as an image model's, with {@code "likelihood": "table"}, its {@code schema} (the
   * checkpoint's columns: name, kind, location, scale, levels) and the layout of the decoder's output.
   */
  private static String tableJson(Vae spec, StringBuilder names) {
    String schema = new com.google.gson.GsonBuilder().disableHtmlEscaping().create()
        .toJson(CheckpointJson.ColumnJson.of(spec.schema()));
    return "{\"format\": \"tfvae weights\", \"version\": 1, \"likelihood\": \"table\", \"activation\": \""
        + spec.activation().name().toLowerCase(java.util.Locale.ROOT) + "\", \"data_dim\": " + spec.dataDim()
        + ", \"latent\": " + spec.latent() + ", \"encoder\": " + spec.encoder() + ", \"decoder\": " + spec.decoder()
        + ", \"arrays\": [" + names + "], \"layer\": \"h_out = activation(h_in @ w + b) for hidden layers, h_in @ w + b for the last\""
        + ", \"encoder_output\": \"[mean | log_std], latent columns each; the encoder sees (x - location) / scale per numeric column,"
        + " one-hot levels, missing values as 0\", \"decoder_output\": \"per column in the schema's order: numeric mean of (x - location)"
        + " / scale, binary logit, categorical logits per level, count log-rate; then per numeric column h with log_std = "
        + PixelLikelihood.LOG_STD_FLOOR + " + softplus(h - (" + PixelLikelihood.LOG_STD_FLOOR + "))\", \"schema\": " + schema + "}";
  }

  /** @return s with every non-ASCII character written as a JSON escape, so the metadata is one code point per char */
  private static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) b.append(c);
      else b.append(String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }
}
