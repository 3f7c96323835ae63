package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's JShell example through {@code scripts/jshell}, as a reader would, on the test fixture instead
 * of the full MNIST files (the only edit: the data directory and split, and the output directory).
 */
class ReadmeExampleTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path FIXTURE = ROOT.resolve("api/src/test/resources/mnist-fixture");

  @Test void theReadmeJshellExampleRunsAndWritesItsFiles(@TempDir Path dir) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("```java", readme.indexOf("<!-- jshell-example -->"));
    assertThat(start).as("README has a ```java block after <!-- jshell-example -->").isPositive();
    String code = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
    assertThat(code.lines().filter(l -> !l.isBlank()).count()).as("lines in the example").isLessThanOrEqualTo(12);
    assertThat(code).contains("DataSplit.assignment(Path.of(\"data/mnist\"))").contains("\"out/");
    String edited = code.replace("DataSplit.assignment(Path.of(\"data/mnist\"))", "DataSplit.assignment(Path.of(\"" + FIXTURE + "\"), 500, 500)")
        .replace("\"out/", "\"" + dir + "/");
    Path script = dir.resolve("example.jsh");
    Files.writeString(script, edited);

    Process p = new ProcessBuilder(ROOT.resolve("scripts/jshell").toString(), script.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).containsPattern("test ELBO -\\d+\\.\\d\\d nats");
    assertThat(dir.resolve("model.ckpt")).isNotEmptyFile();
    assertThat(dir.resolve("samples.png")).isNotEmptyFile();
  }

  @Test void scriptsJshellFailsWhenASnippetThrows(@TempDir Path dir) throws IOException, InterruptedException {
    Path script = dir.resolve("bad.jsh");
    Files.writeString(script, "var d = DataSplit.assignment(Path.of(\"" + dir.resolve("nothing") + "\"));\n");
    Process p = new ProcessBuilder(ROOT.resolve("scripts/jshell").toString(), script.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out).contains("does not exist; expected a directory holding the idx files");
  }
}
