package tfvae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.WriteException;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test void writeStringCreatesTheFileAndItsDirectoryAsUtf8AndLeavesNoTemporary() throws IOException {
    Path target = dir.resolve("a/b/report.md");
    AtomicFiles.writeString(target, "ELBO \u2248 -163.01\n");
    assertThat(Files.readAllBytes(target)).isEqualTo("ELBO \u2248 -163.01\n".getBytes(StandardCharsets.UTF_8));
    try (var files = Files.list(target.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.md");
    }
  }

  @Test void aWriteReplacesTheWholeOldContent() throws IOException {
    Path target = dir.resolve("report.json");
    AtomicFiles.writeString(target, "a much longer first content");
    AtomicFiles.write(target, out -> out.write(new byte[] {1, 2}));
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2);
  }

  @Test void aWriterThatFailsHalfWayLeavesTheOldFileAndNoTemporary() throws IOException {
    Path target = dir.resolve("report.json");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("new, half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(WriteException.class).hasMessageStartingWith("cannot write " + target + " (");
    assertThat(Files.readString(target)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.json");
    }
  }

  @Test void aDirectoryThatIsAFileFailsInOneLineNamingTheTarget() throws IOException {
    Files.writeString(dir.resolve("out"), "a file, not a directory");
    Path target = dir.resolve("out/report.md");
    assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(WriteException.class)
        .hasMessageStartingWith("cannot write " + target + " (")
        .hasMessageEndingWith("; check that its directory can be created and written, and has free space")
        .hasMessageNotContaining("\n");
  }

  @Test void aLeftoverOfAProcessThatIsGoneIsDeletedAndOneOfALiveProcessIsKept() throws IOException {
    Path target = dir.resolve("fig.png");
    long gone = ProcessHandle.current().pid() + 1_000_000_000L; // beyond any pid this machine hands out
    Path stale = dir.resolve(".fig.png." + gone + "-1f.tmp");
    Path live = dir.resolve(".fig.png." + ProcessHandle.current().pid() + "-2f.tmp");
    Files.writeString(stale, "half");
    Files.writeString(live, "under way");
    AtomicFiles.writeString(target, "whole");
    assertThat(stale).doesNotExist();
    assertThat(live).exists();
    assertThat(Files.readString(target)).isEqualTo("whole");
  }
}
