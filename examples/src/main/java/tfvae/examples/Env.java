package tfvae.examples;

import java.util.Arrays;

/**
 * The settings of the figure programs: each is written as its default, and an environment variable may override it,
 * which is how the tests run every figure on a tiny model. The same three methods as {@code scripts/prelude.jsh}
 * defines for the JShell recipes; in your own code, write the value instead.
 */
public final class Env {
  private Env() {}

  /**
   * @param name an environment variable
   * @param fallback the value when it is unset or blank
   * @return the variable, trimmed, or {@code fallback}
   */
  public static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /**
   * @param name an environment variable holding whole numbers separated by commas, e.g. {@code 500,500}
   * @param fallback the numbers when it is unset or blank; the variable must hold as many
   * @return the numbers
   * @throws IllegalArgumentException if the variable holds something else
   */
  public static int[] envInts(String name, int... fallback) {
    String v = env(name, "");
    if (v.isEmpty()) return fallback;
    try {
      int[] n = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      if (n.length == fallback.length) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be " + fallback.length + " whole number(s), separated by commas; got " + v);
  }

  /**
   * @param name an environment variable
   * @param fallback the number when it is unset or blank
   * @return the whole number it holds, or {@code fallback}
   * @throws IllegalArgumentException if it holds something else
   */
  public static int env(String name, int fallback) { return envInts(name, fallback)[0]; }
}
