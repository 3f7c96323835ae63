package tfvae.cli.vae;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.TrainedVae;

/** {@code scripts/vae export}: the weights for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Writes the model's weights for other tools: --out FILE.npz writes NumPy arrays (with a metadata entry"
        + " naming the layers); any other --out a TensorFlow SavedModel directory (signatures encode, decode, elbo)."})
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the model.ckpt that scripts/vae train (or scripts/reproduce) wrote")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "FILE.npz|DIR", description = "a .npz file, or a new (or empty) directory for the SavedModel")
  Path out;

  @Override public Integer call() {
    try (TrainedVae m = ModelIn.load(model)) {
      if (out.getFileName() != null && out.getFileName().toString().endsWith(".npz")) m.exportNpz(out);
      else m.exportSavedModel(out);
    }
    System.err.println("wrote " + out);
    return 0;
  }
}
