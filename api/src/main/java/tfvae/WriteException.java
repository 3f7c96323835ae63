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

  /**
   * Why a file operation failed, in words, for a message of one's own (the JDK's file exceptions often carry only the
   * path as their message, their reason in the type).
   *
   * @param e the failure
   * @return its reason in a few words and the file, e.g. {@code "permission denied: /out"}
   */
  public static String reason(java.io.IOException e) { return tfvae.internal.IoReasons.describe(e); }
}
