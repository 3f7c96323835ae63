package tfvae;

/**
 * Base of every exception the tfvae API throws. All are unchecked; the message always says what was wrong
 * and, where it is not obvious, what to do about it.
 */
public class VaeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do */
  public VaeException(String message) { super(message); }

  /**
   * @param message what went wrong and what to do
   * @param cause the underlying failure
   */
  public VaeException(String message, Throwable cause) { super(message, cause); }
}
