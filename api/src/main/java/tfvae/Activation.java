package tfvae;

import java.util.Locale;

/**
 * A layer's nonlinearity. The assignment's encoder and decoder MLPs use {@link #TANH}; a {@link Layer} may name its
 * own.
 */
public enum Activation {
  /** Hyperbolic tangent (the default). */
  TANH,
  /** max(0, x). */
  RELU,
  /** 1 / (1 + e^-x). */
  SIGMOID,
  /** log(1 + e^x). */
  SOFTPLUS,
  /** x for x &gt; 0, e^x - 1 otherwise (Clevert et al. 2016). */
  ELU,
  /** x: no nonlinearity. */
  IDENTITY;

  /** @return the name in the CLI's layer text, e.g. {@code relu} */
  public String cliName() { return name().toLowerCase(Locale.ROOT); }

  /**
   * @param name a {@link #cliName()}, case-insensitive
   * @return the activation
   * @throws InvalidConfigException if no activation has that name, listing those that do
   */
  public static Activation parse(String name) {
    for (Activation a : values()) if (a.cliName().equalsIgnoreCase(name)) return a;
    throw new InvalidConfigException("activation must be one of tanh, relu, sigmoid, softplus, elu, identity, got '" + name + "'");
  }
}
