package tfvae.examples.crossingb;

/** The program that {@link tfvae.examples.crossinga.ProgramA} imports (test data for ModuleBoundariesTest). */
public final class ProgramB {
  private ProgramB() {}

  /** @return its name (a method, not a constant, which javac would inline and so hide the dependency) */
  public static String name() { return "b"; }
}
