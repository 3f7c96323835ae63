package tfvae.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.CheckpointException;
import tfvae.Vae;

/** Issue 21, section 8: Vae.load of a directory says it is one (it used to say "does not exist"). */
class LoadPathTest {
  @Test void loadingADirectorySaysItIsADirectoryAndNamesTheFileToPass(@TempDir Path dir) {
    assertThatThrownBy(() -> Vae.load(dir)).isInstanceOf(CheckpointException.class)
        .hasMessage("checkpoint " + dir + " is a directory, not a checkpoint file; pass the file itself (e.g. " + dir.resolve("model.ckpt") + ")");
    assertThatThrownBy(() -> Vae.load(dir.resolve("none.ckpt"))).isInstanceOf(CheckpointException.class)
        .hasMessage("checkpoint " + dir.resolve("none.ckpt") + " does not exist; check the path, or train a model and save it there first");
  }
}
