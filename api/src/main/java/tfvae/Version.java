package tfvae;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The library version written into checkpoints and reports: the Maven project version of the build that made this
 * jar, which the build writes into the resource {@code tfvae/version.properties} (resource filtering in
 * {@code api/pom.xml}).
 */
public final class Version {
  /** This build's version, for example {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
  public static final String VERSION = read();

  private Version() {}

  /**
   * @return the name of the engine that runs the models (the runtime found on the class path), for reports
   * @throws VaeException if no engine is on the class path (the message names the artifact to add)
   */
  public static String backendName() { return tfvae.spi.Backends.get().name(); }

  /**
   * @return the engine's version, e.g. TensorFlow's "2.18.0", for reports
   * @throws VaeException if no engine is on the class path (the message names the artifact to add)
   */
  public static String backendVersion() { return tfvae.spi.Backends.get().version(); }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) throw new IllegalStateException("tfvae/version.properties is missing from the tfvae-api jar: a broken build");
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      if (v.isBlank() || v.contains("${"))
        throw new IllegalStateException("tfvae/version.properties holds no version (" + v + "): the build did not filter it");
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
