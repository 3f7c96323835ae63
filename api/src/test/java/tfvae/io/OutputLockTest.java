package tfvae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.InvalidConfigException;

class OutputLockTest {
  @TempDir Path out;

  @Test void aHeldDirectoryIsRefusedNamingTheOwnerAndFreedOnClose() throws Exception {
    try (OutputLock held = OutputLock.acquire(out)) {
      assertThat(Files.readString(out.resolve(OutputLock.FILE)).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
      assertThatThrownBy(() -> OutputLock.acquire(out)).isInstanceOf(InvalidConfigException.class)
          .hasMessage("output directory " + out + " is in use by another run (process " + ProcessHandle.current().pid()
              + "); wait for it to finish, or pass another --out");
    }
    try (OutputLock again = OutputLock.acquire(out)) {
      assertThat(Files.isRegularFile(out.resolve(OutputLock.FILE))).isTrue();
    }
  }

  @Test void aLinkInPlaceOfTheLockFileIsRefusedAndItsTargetUntouched() throws Exception {
    Path victim = Files.writeString(out.resolve("victim.txt"), "keep me");
    Files.createSymbolicLink(out.resolve(OutputLock.FILE), victim);
    assertThatThrownBy(() -> OutputLock.acquire(out)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("the lock file " + out.resolve(OutputLock.FILE) + " is not a regular file (it is a symbolic link); remove it,"
            + " or pass another --out");
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test void anUnwritableDirectoryIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(out.resolve("a-file"), "");
    assertThatThrownBy(() -> OutputDirectory.prepare(file.resolve("sub"))).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("output directory " + file.resolve("sub") + " cannot be written (").hasMessageEndingWith("); pass a writable --out");
  }
}
