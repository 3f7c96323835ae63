package tfvae.examples;

import java.nio.file.Path;

/** Where the tests find the repository and the MNIST fixture (the examples module runs in examples/). */
public final class TestData {
  /** The repository's root. */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The 1000-image MNIST fixture of the api module's tests. */
  public static final Path FIXTURE = ROOT.resolve("api/src/test/resources/mnist-fixture");

  private TestData() {}
}
