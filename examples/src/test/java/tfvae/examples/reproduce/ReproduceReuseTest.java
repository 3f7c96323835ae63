package tfvae.examples.reproduce;

import tfvae.examples.Launcher;
import tfvae.examples.Launcher.Run;
import tfvae.examples.TestData;
import tfvae.io.OutputLock;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main command reuses a checkpoint only for the same run, says why when it does not, and reports the model it
 * actually reports; two runs never share an output directory; bad words on the command line give one line.
 */
class ReproduceReuseTest {
  @TempDir Path dir;

  private Run reproduce(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--no-part4", "--no-evaluate"));
    all.addAll(List.of(args));
    return withPart4(all.toArray(String[]::new));
  }

  private Run withPart4(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("--data", TestData.FIXTURE.toString(), "--out", dir.resolve("out").toString(),
        "--epochs", "1"));
    cmd.addAll(List.of(args));
    return Launcher.run(dir, "reproduce", cmd);
  }

  private JsonObject report() throws Exception {
    return JsonParser.parseString(Files.readString(dir.resolve("out/report.json"))).getAsJsonObject();
  }

  @Test void anotherSplitOrLearningRateTrainsAfreshAndSaysWhyTheSameRunIsReused() throws Exception {
    Path ckpt = dir.resolve("out/model.ckpt");
    Run first = reproduce("--train", "200", "--test", "100", "--quiet");
    assertThat(first.status()).isEqualTo(0);
    assertThat(first.stdoutLines()).hasSize(1).allMatch(l -> l.startsWith("test ELBO ") && l.contains("(all 100 test images)"));
    assertThat(first.stderr()).isEmpty();

    Run other = reproduce("--train", "300", "--test", "100");
    assertThat(other.status()).isEqualTo(0);
    assertThat(other.stdoutLines()).contains("not reusing " + ckpt + ": its training images are 200, not 300; training afresh");
    assertThat(report().get("n_train").getAsInt()).isEqualTo(300);
    assertThat(report().get("outcome").getAsString()).isEqualTo("trained");

    Run rate = reproduce("--train", "300", "--test", "100", "--learning-rate", "0.002");
    assertThat(rate.stdoutLines()).contains("not reusing " + ckpt + ": its learning rate is 0.001, not 0.002; training afresh");
    assertThat(report().get("learning_rate").getAsDouble()).isEqualTo(0.002);

    byte[] before = Files.readAllBytes(ckpt);
    Run same = reproduce("--train", "300", "--test", "100", "--learning-rate", "0.002");
    assertThat(same.stdoutLines()).anyMatch(l -> l.startsWith("reusing " + ckpt + " (1 epochs, seed 0, the same settings and data;"));
    assertThat(report().get("outcome").getAsString()).isEqualTo("reused");
    assertThat(report().get("trained_this_run").getAsBoolean()).isFalse();
    assertThat(ckpt).hasBinaryContent(before);

    Run resume = reproduce("--train", "300", "--test", "100", "--resume", "--epochs", "2");
    assertThat(resume.status()).isEqualTo(2);
    assertThat(resume.stderr()).isEqualTo("reproduce: error: cannot resume " + ckpt + ": its learning rate is 0.002, not 0.001 (a"
        + " resumed run must continue the same run); pass --retrain to start a new run, or another --out\n");
    assertThat(ckpt).hasBinaryContent(before);
  }

  /** Every file of the output directory (the lock file aside) and its bytes. */
  private Map<String, byte[]> outputs() throws Exception {
    Map<String, byte[]> all = new TreeMap<>();
    try (var files = Files.walk(dir.resolve("out"))) {
      for (Path p : files.filter(Files::isRegularFile).toList())
        if (!p.getFileName().toString().equals(OutputLock.FILE)) all.put(dir.resolve("out").relativize(p).toString(), Files.readAllBytes(p));
    }
    return all;
  }

  @Test void aRunThatFailsAfterTrainingLeavesTheEarlierRunsOutputsByteForByteAndTheNextRunReusesThem() throws Exception {
    Run first = reproduce("--train", "200", "--test", "100", "--quiet");
    assertThat(first.status()).isEqualTo(0);
    Map<String, byte[]> before = outputs();
    assertThat(before).containsKeys("model.ckpt", "weights.npz", "report.json", "report.md", "fig-2e-elbo-curve.png",
        "fig-3b-latent-space.svg");

    Run failed = reproduce("--train", "300", "--test", "100", "--quiet", "--fail-before-replacing");
    assertThat(failed.status()).isEqualTo(2);
    assertThat(failed.stderr()).isEqualTo("reproduce: error: failing before replacing the outputs, as asked"
        + " (--fail-before-replacing)\n");
    Map<String, byte[]> after = outputs();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));

    Run same = reproduce("--train", "200", "--test", "100");
    assertThat(same.status()).isEqualTo(0);
    assertThat(same.stdoutLines()).anyMatch(l -> l.startsWith("reusing " + dir.resolve("out/model.ckpt") + " (1 epochs"));
    assertThat(dir.resolve("out/.staging")).doesNotExist();
  }

  @Test void aSecondRunOnTheSameOutputDirectoryFailsAtOnce() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    try (OutputLock held = OutputLock.acquire(dir.resolve("out"))) {
      Run r = reproduce("--train", "200", "--test", "100");
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.stderr()).isEqualTo("reproduce: error: output directory " + dir.resolve("out") + " is in use by another run"
          + " (process " + ProcessHandle.current().pid() + "); wait for it to finish, or pass another --out\n");
    }
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(OutputLock.FILE);
    }
  }

  @Test void aLockFileThatIsASymbolicLinkIsRefusedAndNothingOutsideTheOutputDirectoryIsWritten() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
    Files.createSymbolicLink(out.resolve(OutputLock.FILE), victim);
    Run linked = reproduce("--train", "200", "--test", "100");
    assertThat(linked.status()).isEqualTo(2);
    assertThat(linked.stderr()).isEqualTo("reproduce: error: the lock file " + out.resolve(OutputLock.FILE)
        + " is not a regular file (it is a symbolic link); remove it, or pass another --out\n");
    assertThat(victim).hasContent("keep\n");

    Files.delete(out.resolve(OutputLock.FILE));
    Path missing = dir.resolve("not-there");
    Files.createSymbolicLink(out.resolve(OutputLock.FILE), missing);
    Run dangling = reproduce("--train", "200", "--test", "100");
    assertThat(dangling.status()).isEqualTo(2);
    assertThat(dangling.stderr()).endsWith("is not a regular file (it is a symbolic link); remove it, or pass another --out\n");
    assertThat(missing).doesNotExist();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(OutputLock.FILE);
    }
  }

  @Test void badWordsAndImpossibleSplitsGiveOneLineBeforeAnyWork() throws Exception {
    Run unknown = reproduce("--latnt", "10");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.stderr()).isEqualTo("reproduce: error: Unknown options: '--latnt', '10' (reproduce --help lists the options)\n");
    Run notNumber = reproduce("--hidden", "abc");
    assertThat(notNumber.stderr()).isEqualTo("reproduce: error: Invalid value for option '--hidden': 'abc' is not an int"
        + " (reproduce --help lists the options)\n");
    Run oneClass = reproduce("--train", "1", "--test", "100", "--batch-size", "1");
    assertThat(oneClass.status()).isEqualTo(2);
    assertThat(oneClass.stderr()).isEqualTo("reproduce: error: the interpolation figure cannot be drawn from these images"
        + " (interpolationPairs needs two classes): pass more images, or images of more classes\n");
    Run threeTest = withPart4("--train", "200", "--test", "3");
    assertThat(threeTest.status()).isEqualTo(2);
    assertThat(threeTest.stderr()).isEqualTo("reproduce: error: part 4's completions cannot be drawn from these images"
        + " (differentClasses needs 5 distinct labels): pass more images, or images of more classes, or --no-part4\n");
    Run rate = reproduce("--learning-rate", "1e-320");
    assertThat(rate.stderr()).isEqualTo("reproduce: error: --learning-rate must be at least 1.17549435E-38 (the smallest normal"
        + " float32, the precision Adam runs in), got 1.0E-320\n");
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(OutputLock.FILE); // nothing trained, nothing written
    }
  }
}
