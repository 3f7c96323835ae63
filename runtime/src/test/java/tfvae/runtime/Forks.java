package tfvae.runtime;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test class's {@code main} in a fresh JVM with this JVM's class path, for tests that kill or crash it. The
 * child runs with the client compiler only: it lives a few seconds, in which the server compiler's work never pays off
 * (the numbers are TensorFlow's either way; Java's floating point is the same at every JIT level).
 */
final class Forks {
  private Forks() {}

  static ProcessBuilder java(Class<?> main, String... args) {
    String cp = System.getProperty("java.class.path");
    if (!cp.contains("test-classes"))
      throw new IllegalStateException("java.class.path lacks the test classes (" + cp + "); configure surefire with"
          + " useManifestOnlyJar false");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:TieredStopAtLevel=1", "-XX:ErrorFile=" + new File("target/hs_err_fork_%p.log").getAbsolutePath(), "-cp", cp, main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    return pb;
  }
}
