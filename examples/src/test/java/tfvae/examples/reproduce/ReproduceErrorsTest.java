package tfvae.examples.reproduce;

import tfvae.examples.TestData;
import tfvae.examples.shared.OutputLock;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the main command: exit status 2, one readable line on standard error, no stack trace, no file left. */
class ReproduceErrorsTest {
  @TempDir Path dir;

  record Run(int status, String stderr) {}

  private Run reproduce(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(TestData.ROOT.resolve("scripts/reproduce").toString()));
    cmd.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(err, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.startsWith("building tfvae")).reduce("", (a, b) -> a + b + "\n");
    return new Run(p.exitValue(), text);
  }

  @Test void aMissingDataDirectoryNamesFetchMnistAndData() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    Run r = reproduce("--data", missing.toString(), "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: MNIST directory " + missing + " does not exist; expected a directory holding"
        + " the idx files train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or gzipped; run scripts/fetch-mnist, or point"
        + " --data at a directory holding the four MNIST idx files, a .npz or a .csv\n");
  }

  @Test void anOutOfRangeValueNamesTheFieldTheValueAndTheRange() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--epochs", "0", "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: epochs must be in [1, 100000], got 0\n");
  }

  @Test void anUnknownSplitNamesTheTwoThereAre() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--split", "halves", "--out", dir.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).isEqualTo("reproduce: error: --split must be assignment or standard, got halves\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--out", file.resolve("out").toString(), "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: output directory " + file.resolve("out") + " cannot be written")
        .endsWith("; pass a writable --out\n").doesNotContain("\tat ");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test void aGpuRequestWithoutAGpuSaysSo() throws Exception {
    Run r = reproduce("--data", TestData.FIXTURE.toString(), "--train", "500", "--test", "500",
        "--out", dir.resolve("out").toString(), "--device", "gpu", "--quiet");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("reproduce: error: device gpu was requested but TensorFlow found no usable GPU; use device"
        + " cpu or auto, or build with -Pgpu").doesNotContain("\tat ");
    assertThat(r.stderr().lines().count()).isEqualTo(1);
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly(OutputLock.FILE); // nothing half-written
    }
  }
}
