// Loaded by scripts/jshell before any script: the tfvae imports, and env and trainedOn, which the figure recipes use.
//
// A recipe writes its two paths as their defaults inside env: env("TFVAE_OUT", "out") is "out" unless the environment
// variable TFVAE_OUT is set, and env("TFVAE_DATA", "data/mnist") likewise. Everything else is on the line as it is
// used. The tests run every recipe that way, on a tiny model trained on the fixture. To copy a recipe into your own
// code, replace each env(NAME, value) by its value (and copy trainedOn if you use it).
//
// Each figure recipe has the same shape: load the model scripts/reproduce saved in out/model.ckpt (and, when the
// figure needs images, read the ones its training record names, checked by their SHA-256), then the figure in three
// steps: compute with the library (LatentViews, model.encode(...), model.fitPosterior(...)), draw the arrays
// (VaeFigures builds the dataset and the chart from them; ImageGrid, LatentScatter and LineChart are those steps for
// your own figures, see docs/figures.md), and save (figure.save(out) writes NAME.png and NAME.svg); then close().
import java.nio.file.*;
import java.util.*;
import tfvae.*;
import tfvae.data.*;
import tfvae.charts.*;

/** @return the environment variable {@code name}, trimmed, or {@code fallback} if it is unset or blank */
String env(String name, String fallback) {
  String v = System.getenv(name);
  return v == null || v.isBlank() ? fallback : v.trim();
}

/**
 * @return the images {@code model} was trained and tested on: the assignment's split of the MNIST files in {@code dir},
 *     of the sizes its training record gives, checked against the record's SHA-256 of the training images
 */
DataSplit trainedOn(TrainedVae model, String dir) {
  TrainingRecord t = model.training();
  if (t == null || t.test() == null) throw new IllegalStateException("the model's checkpoint names no training and test images; train it with scripts/reproduce");
  DataSplit data = DataSplit.assignment(Path.of(dir), t.train().count(), t.test().count()).binarize();
  if (!TrainingRecord.Data.of(data.train()).equals(t.train()))
    throw new IllegalStateException(dir + " holds other images than the model was trained on: point TFVAE_DATA at reproduce's --data");
  return data;
}
