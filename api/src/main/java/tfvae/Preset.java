package tfvae;

/**
 * Named architectures: the assignment's MLP and the convolutional network of Keras's VAE example, each a
 * {@link Vae.Builder} to start from ({@code Preset.KERAS_CONV.builder().latent(2).build()}).
 */
public enum Preset {
  /** The assignment's: one tanh layer of 500 units in each network (the builder's defaults). */
  ASSIGNMENT("assignment"),
  /**
   * Keras's VAE example (keras-io examples/generative/vae.py): encoder conv 32 3x3 stride 2 ReLU, conv 64 3x3 stride
   * 2 ReLU, flatten, dense 16 ReLU, then the mean and log-std head; decoder dense 7*7*64 ReLU, reshape 7x7x64,
   * transposed conv 64 3x3 stride 2 ReLU, transposed conv 32 3x3 stride 2 ReLU, transposed conv 1 3x3 stride 1 (the
   * logits). For 28 x 28 x 1 images (MNIST); ReLU layers start by {@link Init#HE}, the outputs by initScale.
   */
  KERAS_CONV("keras-conv");

  private final String cliName;

  Preset(String cliName) { this.cliName = cliName; }

  /** @return the CLI's name, e.g. {@code keras-conv} */
  public String cliName() { return cliName; }

  /**
   * @param name a {@link #cliName()}, case-insensitive
   * @return the preset
   * @throws InvalidConfigException if none has that name, listing those that do
   */
  public static Preset parse(String name) {
    for (Preset p : values()) if (p.cliName.equalsIgnoreCase(name)) return p;
    throw new InvalidConfigException("preset must be one of assignment, keras-conv, got '" + name + "'");
  }

  /** @return a builder with this preset's layers and the builder's other defaults */
  public Vae.Builder builder() {
    Vae.Builder b = Vae.builder();
    if (this == KERAS_CONV) {
      Activation relu = Activation.RELU;
      b.encoder(Layer.conv(32, 3, 2).with(relu), Layer.conv(64, 3, 2).with(relu), Layer.flatten(), Layer.dense(16).with(relu))
          .decoder(Layer.dense(7 * 7 * 64).with(relu), Layer.reshape(7, 7, 64), Layer.convTranspose(64, 3, 2).with(relu),
              Layer.convTranspose(32, 3, 2).with(relu), Layer.convTranspose(1, 3, 1));
    }
    return b;
  }
}
