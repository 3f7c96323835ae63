package tfvae;

/**
 * A file or directory the library was asked to write (a checkpoint, a {@code .npz}, a SavedModel) cannot be written:
 * the message names it and says why (e.g. "permission denied", "not a directory", "the directory is not empty") and
 * what to do. Whatever was there before is left as it was.
 */
public class WriteException extends VaeException {
  private static final long serialVersionUID = 1L;

  /** @param message what cannot be written, why, and what to do */
  public WriteException(String message) { super(message); }

  /**
   * @param message what cannot be written, why, and what to do
   * @param cause the underlying failure
   */
  public WriteException(String message, Throwable cause) { super(message, cause); }
}
