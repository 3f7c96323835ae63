package tfvae.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reproduce command trains a tiny model (64 hidden units, 2 epochs) on the fixture and writes all figures and both
 * reports; then every figure recipe in scripts/ loads that model through scripts/jshell (all in one session) and writes
 * its PNG and SVG. The recipes are the one form of each figure (no Java program repeats them), and their only
 * environment overrides are the data and output paths.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FigureScriptsTest {
  static final Path ROOT = ReadmeExampleTest.ROOT;
  @TempDir static Path out;

  static Stream<Path> scripts() throws IOException {
    try (Stream<Path> s = Files.list(ROOT.resolve("scripts"))) {
      List<Path> all = s.filter(p -> p.getFileName().toString().matches("fig-.*\\.jsh")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(5);
      return all.stream();
    }
  }

  @Order(1)
  @ParameterizedTest @MethodSource("scripts")
  void eachRecipeIsAShortCompositionOfLibraryCalls(Path script) throws Exception {
    String text = Files.readString(script);
    assertThat(text.lines().count()).as("a recipe of about 20 lines or fewer").isLessThanOrEqualTo(20);
    assertThat(text).as("a recipe of library calls").doesNotContain("tfvae.examples").contains("Vae.load(out.resolve(\"model.ckpt\"))")
        .contains(".save(out)").contains("close()");
    assertThat(java.util.regex.Pattern.compile("env\\(\"(\\w+)\"").matcher(text).results().map(m -> m.group(1)))
        .as("env() wraps only the output and data paths").isSubsetOf("TFVAE_OUT", "TFVAE_DATA").contains("TFVAE_OUT");
  }

  @Order(2)
  @Test void reproduceTrainsTheModelAndWritesEverything() throws Exception {
    String output = run(List.of(ROOT.resolve("scripts/reproduce").toString(), "--data", TestData.FIXTURE.toString(),
        "--out", out.toString(), "--train", "300", "--test", "100", "--hidden", "64", "--epochs", "2"));
    assertThat(output).contains("trained 2 epochs");
    for (String f : List.of("fig-2e-samples", "fig-2e-elbo-curve", "fig-3a-prior-samples", "fig-3b-latent-space", "fig-3c-interpolation")) {
      assertThat(out.resolve(f + ".png")).isNotEmptyFile();
      assertThat(out.resolve(f + ".svg")).isNotEmptyFile();
    }
    String json = Files.readString(out.resolve("report.json"));
    assertThat(json).contains("\"test_elbo\": -").contains("\"interpolation_pairs\"").contains("\"trained_this_run\": true");
    assertThat(Files.readString(out.resolve("report.md"))).contains("![fig-3b-latent-space](fig-3b-latent-space.png)");
  }

  /**
   * All the recipes in one JShell session (one JVM start instead of one per recipe; each recipe declares its own
   * variables, which JShell lets the next one redeclare), in order: each loads the model reproduce saved and writes its
   * figure, which replaces reproduce's.
   */
  @Order(3)
  @Test void everyRecipeLoadsThatModelAndWritesItsFigure() throws Exception {
    List<Path> all = scripts().toList();
    for (Path p : all) Files.deleteIfExists(out.resolve(p.getFileName().toString().replace(".jsh", ".png")));
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/jshell").toString()));
    all.forEach(p -> command.add(p.toString()));
    String output = run(command);
    List<String> wrote = output.lines().filter(l -> l.startsWith("wrote [")).toList();
    assertThat(wrote).as(output).hasSize(all.size());
    for (int k = 0; k < all.size(); k++) {
      String name = all.get(k).getFileName().toString().replace(".jsh", "");
      assertThat(wrote.get(k)).isEqualTo("wrote [" + out.resolve(name + ".png") + ", " + out.resolve(name + ".svg") + "]");
      assertThat(out.resolve(name + ".png")).isNotEmptyFile();
      assertThat(out.resolve(name + ".svg")).isNotEmptyFile();
    }
  }

  @Order(4)
  @Test void reproduceWithResumeContinuesTheTwoEpochCheckpointToThree() throws Exception {
    String output = run(List.of(ROOT.resolve("scripts/reproduce").toString(), "--data", TestData.FIXTURE.toString(),
        "--out", out.toString(), "--train", "300", "--test", "100", "--hidden", "64", "--epochs", "3", "--resume", "--no-part4",
        "--no-evaluate"));
    assertThat(output).contains("resumed " + out.resolve("model.ckpt") + " after epoch 2, trained epochs 3-3");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"epochs\": 3").contains("\"trained_this_run\": true");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** A model trained on the same number of other images: the recipe stops at its check, in one line, and draws nothing. */
  @Order(5)
  @Test void aRecipeRefusesImagesTheModelWasNotTrainedOn(@TempDir Path other) throws Exception {
    var split = tfvae.data.DataSplit.assignment(TestData.FIXTURE, 300, 100).binarize();
    int[] reversed = java.util.stream.IntStream.range(0, 300).map(i -> 299 - i).toArray();
    var data = new tfvae.data.DataSplit(split.train().select(reversed), split.test());
    var options = tfvae.TrainOptions.builder().epochs(1).checkpoint(other.resolve("model.ckpt")).build();
    try (var run = tfvae.Vae.builder().hidden(8).build().train(data, options, tfvae.CheckpointPolicy.REPLACE)) {
      assertThat(run.trained()).isTrue();
    }
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/jshell").toString(), ROOT.resolve("scripts/fig-3b-latent-space.jsh").toString())
        .redirectErrorStream(true);
    pb.environment().put("TFVAE_OUT", other.toString());
    pb.environment().put("TFVAE_DATA", TestData.FIXTURE.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isNotZero();
    assertThat(output).contains(TestData.FIXTURE + " holds other images than the model was trained on: point TFVAE_DATA at reproduce's --data");
    assertThat(other.resolve("fig-3b-latent-space.png")).doesNotExist();
  }

  private static String run(List<String> command) throws IOException, InterruptedException { return run(command, Map.of()); }

  private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TFVAE_DATA", TestData.FIXTURE.toString());
    pb.environment().put("TFVAE_OUT", out.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }
}
