package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a launcher of scripts/ as a user would, and keeps what it printed; the one helper of the tests that do. */
public final class Launcher {
  /**
   * What a launcher run gave.
   *
   * @param status its exit status
   * @param stdout its standard output
   * @param stderr its standard error, without the build's "building tfvae" line
   */
  public record Run(int status, String stdout, String stderr) {
    /** @return the lines of standard output */
    public List<String> stdoutLines() { return stdout.lines().toList(); }
  }

  private Launcher() {}

  /**
   * Runs {@code scripts/<script> args...}, its output captured in files of {@code dir}, for at most five minutes.
   *
   * @param dir where the output is captured (a test's temporary directory)
   * @param script the launcher's name, e.g. {@code reproduce}
   * @param args its arguments
   * @return its status and output
   */
  public static Run run(Path dir, String script, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts").resolve(script).toString()));
    cmd.addAll(args);
    Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("scripts/%s finished within five minutes", script).isTrue();
    String text = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), text);
  }
}
