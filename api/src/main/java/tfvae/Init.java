package tfvae;

/**
 * How a layer's weights and biases start. Every weight is drawn from N(0, s^2), seeded per array from the spec's seed.
 */
public enum Init {
  /** Weights and biases N(0, initScale^2), the spec's {@link Vae#initScale()} (the assignment's 0.01). */
  SCALE,
  /**
   * He et al. (2015): weights N(0, 2 / fanIn), biases 0; fanIn is the inputs of one output unit: the layer's input
   * width for a dense layer, kernel * kernel * input channels for a (transposed) convolution. Suits ReLU and ELU.
   */
  HE;

  /**
   * @param fn a layer's activation, or null for the spec's
   * @return the initialization that suits it: {@link #HE} for ReLU and ELU, else {@link #SCALE}
   */
  public static Init suiting(Activation fn) { return fn == Activation.RELU || fn == Activation.ELU ? HE : SCALE; }
}
