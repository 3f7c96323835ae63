package tfvae.cli.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.Objective;
import tfvae.Preset;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.cli.TestData;
import tfvae.cli.Cli;

/**
 * {@code scripts/vae train} takes the model options of {@code scripts/reproduce} (one {@code ModelOptions}): the layer
 * text form, the presets and the objective, read into the same spec the library's builder gives. Runs in this JVM.
 */
class VaeTrainOptionsTest {
  @TempDir Path dir;

  private TrainedVae train(String name, String... options) {
    String[] args = new String[options.length + 7];
    String[] head = {"train", "--data", TestData.FIXTURE.toString(), "--out", dir.resolve(name).toString(), "--epochs", "1"};
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(options, 0, args, head.length, options.length);
    assertThat(Cli.execute(new VaeCommand(), args)).as("exit status of vae %s", String.join(" ", args)).isZero();
    return Vae.load(dir.resolve(name).resolve("model.ckpt"));
  }

  @Test void thePresetAndTheLayerTextFormGiveTheLibrarysSpec() {
    try (TrainedVae conv = train("conv", "--preset", "keras-conv", "--latent", "3", "--quiet")) {
      Vae want = Preset.KERAS_CONV.builder().latent(3).build();
      assertThat(conv.spec().encoder()).isEqualTo(want.encoder());
      assertThat(conv.spec().decoder()).isEqualTo(want.decoder());
      assertThat(conv.spec().latent()).isEqualTo(3);
    }
    try (TrainedVae mlp = train("mlp", "--encoder", "16,8", "--decoder", "8,16", "--objective", "iwae", "--quiet")) {
      Vae want = Vae.builder().encoder(16, 8).decoder(8, 16).build();
      assertThat(mlp.spec().encoder()).isEqualTo(want.encoder());
      assertThat(mlp.spec().decoder()).isEqualTo(want.decoder());
      assertThat(mlp.spec().objective()).as("images: iwae draws 5 unless --k says").isEqualTo(Objective.iwae(5));
    }
  }
}
