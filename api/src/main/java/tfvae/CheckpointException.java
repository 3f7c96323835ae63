package tfvae;

/**
 * A checkpoint cannot be used: it is missing, damaged, of an unknown format version, or it was written for
 * another architecture than the one it is loaded into (the message names the field that differs).
 */
public class CheckpointException extends VaeException {
  private static final long serialVersionUID = 1L;

  /** @param message names the file and the problem */
  public CheckpointException(String message) { super(message); }

  /**
   * @param message names the file and the problem
   * @param cause the underlying failure
   */
  public CheckpointException(String message, Throwable cause) { super(message, cause); }
}
