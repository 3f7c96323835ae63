package tfvae.charts;

/**
 * The explorer was asked for on a JVM without a display. Its message is the whole story (what is missing and how to
 * get it), so it carries no stack trace: JShell and the command line show one line.
 */
public final class NoDisplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The message every headless JVM gets. */
  public static final String MESSAGE = "the explorer needs a display, and this JVM has none (no DISPLAY, or java.awt.headless=true);"
      + " run it in a desktop session, or on a virtual display: xvfb-run -a scripts/explore, xvfb-run -a scripts/jshell (Debian: apt-get install xvfb)";

  NoDisplayException() { super(MESSAGE, null, false, false); }
}
