package tfvae;

/** Input data is missing, malformed (bad magic number, truncated, counts that disagree) or of the wrong shape. */
public class BadDataException extends VaeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the file or array and the problem */
  public BadDataException(String message) { super(message); }

  /**
   * @param message names the file or array and the problem
   * @param cause the underlying I/O failure
   */
  public BadDataException(String message, Throwable cause) { super(message, cause); }
}
