package tfvae;

/** The hidden-layer nonlinearity of the encoder and decoder MLPs. The assignment uses {@link #TANH}. */
public enum Activation {
  /** Hyperbolic tangent (the default). */
  TANH,
  /** max(0, x). */
  RELU,
  /** 1 / (1 + e^-x). */
  SIGMOID,
  /** log(1 + e^x). */
  SOFTPLUS
}
