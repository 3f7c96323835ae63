package tfvae.cli;

import java.nio.file.Path;

/**
 * Where the tests find the repository and the MNIST fixture (this module's tests run in runtime/cli). The examples
 * module's tests have their own two-line copy (tfvae.examples.TestData, run in examples/).
 */
public final class TestData {
  /** The repository's root. */
  public static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  /** The 1000-image MNIST fixture of the api module's tests. */
  public static final Path FIXTURE = ROOT.resolve("api/src/test/resources/mnist-fixture");

  private TestData() {}
}
