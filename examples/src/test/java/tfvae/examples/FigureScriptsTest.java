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
 * Every figure script in scripts/ runs to completion through scripts/jshell (all in one session) against a tiny model
 * (64 hidden units, 2 epochs) trained on the fixture (the first script trains it, the others reuse it), and writes its
 * PNG and SVG;
 * the recipes are the one form of each figure (no Java program repeats them); then the reproduce command, whose
 * checkpoint the scripts share, writes all figures and both reports.
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
    assertThat(text).as("a recipe of library calls").doesNotContain("tfvae.examples").contains("CheckpointPolicy.REUSE")
        .contains(".save(out)").contains("close()");
  }

  /**
   * All the recipes in one JShell session (one JVM start instead of one per recipe; each recipe declares its own
   * variables, which JShell lets the next one redeclare), in order: each writes its figure, the first trains the tiny
   * model and every later one reuses it.
   */
  @Order(2)
  @Test void everyRecipeWritesItsFigureTheFirstTrainingTheOthersReusing() throws Exception {
    List<Path> all = scripts().toList();
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/jshell").toString()));
    all.forEach(p -> command.add(p.toString()));
    String output = run(command);
    Path ckpt = out.resolve("model.ckpt");
    assertThat(ckpt).isNotEmptyFile();
    List<String> outcomes = output.lines().filter(l -> l.startsWith("TRAINED ") || l.startsWith("REUSED ")).toList();
    List<String> wrote = output.lines().filter(l -> l.startsWith("wrote [")).toList();
    assertThat(outcomes).as(output).hasSize(all.size()).first().asString().startsWith("TRAINED " + ckpt);
    assertThat(outcomes.subList(1, all.size())).allMatch(l -> l.equals("REUSED " + ckpt));
    assertThat(wrote).hasSize(all.size());
    for (int k = 0; k < all.size(); k++) {
      String name = all.get(k).getFileName().toString().replace(".jsh", "");
      assertThat(wrote.get(k)).isEqualTo("wrote [" + out.resolve(name + ".png") + ", " + out.resolve(name + ".svg") + "]");
      assertThat(out.resolve(name + ".png")).isNotEmptyFile();
      assertThat(out.resolve(name + ".svg")).isNotEmptyFile();
    }
  }

  @Order(3)
  @Test void reproduceReusesTheCheckpointAndWritesEverything() throws Exception {
    String output = run(List.of(ROOT.resolve("scripts/reproduce").toString(), "--data", TestData.FIXTURE.toString(),
        "--out", out.toString(), "--train", "300", "--test", "100", "--hidden", "64", "--epochs", "2"));
    assertThat(output).contains("reusing " + out.resolve("model.ckpt"));
    for (String f : List.of("fig-2e-samples", "fig-2e-elbo-curve", "fig-3a-prior-samples", "fig-3b-latent-space", "fig-3c-interpolation")) {
      assertThat(out.resolve(f + ".png")).isNotEmptyFile();
      assertThat(out.resolve(f + ".svg")).isNotEmptyFile();
    }
    String json = Files.readString(out.resolve("report.json"));
    assertThat(json).contains("\"test_elbo\": -").contains("\"interpolation_pairs\"").contains("\"trained_this_run\": false");
    assertThat(Files.readString(out.resolve("report.md"))).contains("![fig-3b-latent-space](fig-3b-latent-space.png)");
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

  private static String run(List<String> command) throws IOException, InterruptedException { return run(command, Map.of()); }

  private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TFVAE_DATA", TestData.FIXTURE.toString());
    pb.environment().put("TFVAE_OUT", out.toString());
    pb.environment().put("TFVAE_SPLIT", "300,100");
    pb.environment().put("TFVAE_EPOCHS", "2");
    pb.environment().put("TFVAE_HIDDEN", "64");
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }
}
