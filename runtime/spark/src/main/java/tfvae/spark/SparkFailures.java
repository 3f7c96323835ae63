package tfvae.spark;

import tfvae.VaeException;

/**
 * The one line to show for a failed Spark job. Spark wraps a task's exception in a {@code SparkException} whose message
 * is several lines of stage and task numbers followed by the task's stack trace; the task's own exception travels as
 * its cause. This finds tfvae's exception (a {@link VaeException}: bad data, an unreadable model) in the chain.
 */
public final class SparkFailures {
  private SparkFailures() {}

  /**
   * @param failure what a Spark action threw
   * @return the message of the first {@link VaeException} in its cause chain, or else the first line of the innermost
   *     cause's message (its class name when it has none)
   */
  public static String reason(Throwable failure) {
    VaeException v = vaeException(failure);
    if (v != null) return v.getMessage();
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) innermost = t;
    String m = innermost.getMessage();
    return m == null || m.isBlank() ? innermost.getClass().getName() : m.lines().findFirst().orElse(m);
  }

  /**
   * @param failure what a Spark action threw
   * @return the first {@link VaeException} in its cause chain, or null
   */
  public static VaeException vaeException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause())
      if (t instanceof VaeException v) return v;
    return null;
  }
}
