package tfvae;

/** The library version written into checkpoints and reports. */
public final class Version {
  /** This build's version. */
  public static final String VERSION = "0.1.0";

  private Version() {}
}
