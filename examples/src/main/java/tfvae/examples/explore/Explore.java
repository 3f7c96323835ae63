package tfvae.examples.explore;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.cli.Cli;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.charts.Explorer;
import tfvae.charts.Figures;
import tfvae.charts.NoDisplayException;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Mnist;

/** The latent explorer ({@link Explorer}) on a saved model and the MNIST test images, or one screenshot of it. */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = "Opens a window with the latent scatter of test images' encoder means (left) and the digit decoded at the"
        + " mouse position (right); click a point to see that image and its reconstruction. Needs a display (without one:"
        + " xvfb-run -a scripts/explore ...). With --screenshot, renders the window with the cursor at --at, saves a PNG and exits.")
public final class Explore implements Callable<Integer> {
  @Option(names = "--checkpoint", paramLabel = "FILE", description = "the model, as scripts/reproduce saves it")
  Path checkpoint = Path.of("out/model.ckpt");

  @Option(names = "--data", paramLabel = "DIR", description = "directory holding the four MNIST idx files (raw or .gz)")
  Path data = Path.of("data/mnist");

  @Option(names = "--images", paramLabel = "N", description = "test images to scatter: training-file images 10000..10000+N-1 (1..N of a"
      + " smaller file)")
  int count = 5000;

  @Option(names = "--screenshot", paramLabel = "FILE", description = "write the window, with the cursor at --at, to this PNG and exit")
  Path screenshot;

  @Option(names = "--at", paramLabel = "Z1,Z2", split = ",", description = "where the cursor is for --screenshot, in the"
      + " scatter's coordinates (z, or the first two principal axes for a latent above 2)")
  double[] at = {0, 0};

  public static void main(String[] args) {
    // the launchers run headless (scripts/lib.sh); a window needs AWT's display, which must be chosen before AWT starts
    if (System.getenv("DISPLAY") != null) System.setProperty("java.awt.headless", "false");
    Cli.run(new Explore(), args);
  }

  @Override public Integer call() throws Exception {
    if (at.length != 2) throw new InvalidConfigException("--at must be two numbers Z1,Z2, got " + at.length);
    if (count < 2 || count > 10_000) throw new InvalidConfigException("--images must be in [2, 10000], got " + count);
    Images images;
    try {
      images = DataSplit.assignment(data, 1, count).binarize().test(); // MNIST: images 10000.., the assignment's test images (see Mnist.load)
    } catch (BadDataException e) {
      throw new BadDataException(e.getMessage() + "; run scripts/fetch-mnist, or point --data at a directory holding the four MNIST idx files", e);
    }
    try (TrainedVae model = Vae.load(checkpoint)) {
      Explorer explorer;
      try {
        explorer = Explorer.open(model, images);
      } catch (NoDisplayException e) {
        System.err.println("explore: error: " + e.getMessage());
        return 2;
      }
      try {
        if (screenshot == null) {
          System.err.println("explore: " + images.count() + " test images; close the window to quit");
          explorer.awaitClose();
          return 0;
        }
        explorer.pointAt(at[0], at[1]);
        explorer.select(explorer.nearest(at[0], at[1]));
        Figures.savePng(explorer.snapshot(), screenshot);
        System.out.println("wrote " + screenshot);
        return 0;
      } finally {
        explorer.close();
      }
    }
  }
}
