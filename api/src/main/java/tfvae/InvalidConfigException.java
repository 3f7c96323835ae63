package tfvae;

/** A configuration value (model spec, training option) is out of its allowed range or inconsistent. */
public class InvalidConfigException extends VaeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the field, the value and the allowed range */
  public InvalidConfigException(String message) { super(message); }
}
