package tfvae;

/**
 * A model or a call needs more memory than this JVM or machine allows: the message names the need and the limit
 * (the Java heap, {@code -Xmx}, or the native-memory bound) and what to do. Raised before the work starts where the
 * need can be estimated; raised too when TensorFlow or the JVM runs out during a call, which then leaves the model usable.
 */
public class MemoryLimitException extends VaeException {
  private static final long serialVersionUID = 1L;

  /** @param message the need, the limit, and what to do */
  public MemoryLimitException(String message) { super(message); }

  /**
   * @param message the need, the limit, and what to do
   * @param cause the underlying failure
   */
  public MemoryLimitException(String message, Throwable cause) { super(message, cause); }
}
