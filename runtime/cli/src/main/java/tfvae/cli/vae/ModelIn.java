package tfvae.cli.vae;

import java.nio.file.Files;
import java.nio.file.Path;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;
import tfvae.Vae;

/** The model a subcommand reads, and the place of the file it writes. */
final class ModelIn {
  private ModelIn() {}

  /** @return the model at --model, checked to be a file first */
  static TrainedVae load(Path model) {
    return Vae.load(check(model));
  }

  /** @return --model, when it is a file */
  static Path check(Path model) {
    if (Files.isDirectory(model) && Files.isRegularFile(model.resolve("model.ckpt")))
      throw new BadDataException("--model " + model + " is a directory; pass the checkpoint in it, " + model.resolve("model.ckpt"));
    if (!Files.exists(model)) throw new BadDataException("--model " + model + " does not exist; pass the model.ckpt that scripts/vae train wrote");
    return model;
  }

  /**
   * @param file the --out file
   * @return it, when its directory exists and it is not a directory itself
   * @throws InvalidConfigException otherwise, saying what to do
   */
  static Path checkOut(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) throw new InvalidConfigException("--out " + file + " is a directory; name a file to write");
    if (dir == null || !Files.isDirectory(dir))
      throw new InvalidConfigException("--out " + file + ": its directory " + dir + " does not exist; create it or name another file");
    return file;
  }
}
