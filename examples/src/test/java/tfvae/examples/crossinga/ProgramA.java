package tfvae.examples.crossinga;

/** A program that imports another (test data for ModuleBoundariesTest: the rule must object). */
public final class ProgramA {
  private ProgramA() {}

  /** @return a call into another program's package */
  public static String borrow() { return tfvae.examples.crossingb.ProgramB.name(); }
}
