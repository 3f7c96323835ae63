// Loaded by scripts/jshell before any script: the tfvae imports, and env/envInts, which the figure recipes use.
//
// A recipe writes each setting as its default inside env: env("TFVAE_EPOCHS", 100) is 100 unless the environment
// variable TFVAE_EPOCHS is set; envInts("TFVAE_SPLIT", 10_000, 10_000) reads "nTrain,nTest" likewise. The tests run
// every recipe on a tiny model that way. To copy a recipe into your own code, replace each env(NAME, value) by its
// value, or copy these three methods. They are plain methods on purpose, not a settings object: the value on the
// line is the value used, and the name beside it is its only override.
//
// Each figure recipe has the same shape: the data, the model (trained, or reused from out/model.ckpt), then the figure
// in three steps: compute with the library (LatentViews, ConditionalDraws, model.encode(...)), draw the arrays
// (VaeFigures builds the dataset and the chart from them; ImageGrid, LatentScatter and LineChart are those steps for
// your own figures, see docs/figures.md), and save (figure.save(out) writes NAME.png and NAME.svg).
//
// Progress: the library prints nothing unless asked. The recipes ask, with TrainOptions.builder()...progress(true):
// one line per epoch on standard error (the launchers give java.util.logging a one-line format, scripts/lib.sh).
// Leave it out, or write progress(false), for a silent run.
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

/** @return the comma-separated whole numbers in {@code name}, as many as {@code fallback} has, or {@code fallback} */
int[] envInts(String name, int... fallback) {
  String v = env(name, "");
  if (v.isEmpty()) return fallback;
  try {
    int[] n = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    if (n.length == fallback.length) return n;
  } catch (NumberFormatException e) {
    // reported below
  }
  throw new IllegalArgumentException(name + " must be " + fallback.length + " whole number(s), separated by commas; got " + v);
}

/** @return the whole number in the environment variable {@code name}, or {@code fallback} if it is unset or blank */
int env(String name, int fallback) { return envInts(name, fallback)[0]; }
