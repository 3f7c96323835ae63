package tfvae.runtime;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import tfvae.Activation;
import tfvae.CheckpointException;
import tfvae.Device;
import tfvae.ElboEstimator;
import tfvae.EpochStats;
import tfvae.VaeException;
import tfvae.Vae;

/**
 * The checkpoint file: a zip holding {@code meta.json} (format version, versions that wrote it, architecture,
 * step, history, the list of arrays) and one {@code .npy} per variable (parameters, Adam's moments, the step
 * counter). It is also a valid NumPy {@code .npz}. Everything is validated in Java before a byte reaches
 * TensorFlow.
 */
final class Checkpoint {
  static final String FORMAT = "tfvae-checkpoint";
  static final int FORMAT_VERSION = 1;
  private static final long MAX_ELEMENTS = 1L << 28;
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, so equal checkpoints are equal files
  static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .setPrettyPrinting().create();

  record SpecJson(int dataDim, int latent, int hidden, String activation, double initScale, long seed, String estimator) {
    static SpecJson of(Vae v) {
      return new SpecJson(v.dataDim(), v.latent(), v.hidden(), v.activation().name(), v.initScale(), v.seed(), v.estimator().name());
    }

    Vae toVae(Device device) {
      return new Vae(dataDim, latent, hidden, Activation.valueOf(activation), initScale, seed, device, ElboEstimator.valueOf(estimator));
    }
  }

  record HistoryJson(int epoch, long steps, double trainElbo, @Nullable Double testElbo, double seconds, double evalSeconds,
      double stepsPerSecond) {
    static HistoryJson of(EpochStats s) {
      return new HistoryJson(s.epoch(), s.steps(), s.trainElbo(), s.hasTestElbo() ? s.testElbo() : null, s.seconds(),
          s.evalSeconds(), s.stepsPerSecond());
    }

    EpochStats toStats() {
      return new EpochStats(epoch, steps, trainElbo, testElbo == null ? Double.NaN : testElbo, seconds, evalSeconds, stepsPerSecond);
    }
  }

  record ArrayJson(String name, String dtype, long[] shape) {}

  record Meta(String format, int formatVersion, String libraryVersion, String tensorflowVersion, SpecJson spec,
      List<HistoryJson> history, List<ArrayJson> arrays) {}

  record Contents(Meta meta, Map<String, Npy.Array> arrays) {}

  private Checkpoint() {}

  static void write(Path file, Meta meta, Map<String, Npy.Array> arrays) {
    AtomicFiles.write(file, raw -> {
      ZipOutputStream zip = new ZipOutputStream(raw);
      zip.setLevel(Deflater.BEST_SPEED);
      entry(zip, "meta.json", GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
      for (var e : arrays.entrySet()) entry(zip, e.getKey() + ".npy", Npy.bytes(e.getValue()));
      zip.finish();
    });
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(FIXED_TIME);
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Reads and checks the whole file: format, versions, every array's presence, dtype and shape. */
  static Contents read(Path file) {
    if (!Files.isRegularFile(file)) throw new CheckpointException("checkpoint " + file + " does not exist; train a model first"
        + " (scripts/reproduce writes out/model.ckpt) or check the path");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry metaEntry = zip.getEntry("meta.json");
      if (metaEntry == null) throw bad(file, "it has no meta.json entry (is it a tfvae checkpoint?)");
      Meta meta;
      try (InputStream in = zip.getInputStream(metaEntry)) {
        meta = GSON.fromJson(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8), Meta.class);
      } catch (JsonParseException e) {
        throw bad(file, "its meta.json is not valid JSON (" + e.getMessage() + ")");
      }
      if (meta == null || !FORMAT.equals(meta.format())) throw bad(file, "its meta.json does not describe a " + FORMAT);
      if (meta.formatVersion() > FORMAT_VERSION)
        throw bad(file, "it has format version " + meta.formatVersion() + ", written by tfvae " + meta.libraryVersion()
            + "; this is tfvae " + Version.VERSION + ", which reads format " + FORMAT_VERSION + "; load it with tfvae "
            + meta.libraryVersion() + " or newer");
      if (meta.formatVersion() < 1) throw bad(file, "it has an invalid format version " + meta.formatVersion());
      if (meta.spec() == null || meta.arrays() == null || meta.history() == null) throw bad(file, "its meta.json lacks spec, arrays or history");
      Map<String, Npy.Array> arrays = new LinkedHashMap<>();
      for (ArrayJson a : meta.arrays()) {
        ZipEntry e = zip.getEntry(a.name() + ".npy");
        if (e == null) throw bad(file, "the array " + a.name() + " listed in meta.json is missing");
        Npy.Array arr;
        try (InputStream in = zip.getInputStream(e)) {
          arr = Npy.read(in, a.name(), MAX_ELEMENTS);
        }
        if (!arr.dtype().equals(a.dtype()) || !Arrays.equals(arr.shape(), a.shape()))
          throw bad(file, "the array " + a.name() + " is " + arr.dtype() + Arrays.toString(arr.shape()) + " but meta.json says "
              + a.dtype() + Arrays.toString(a.shape()));
        arrays.put(a.name(), arr);
      }
      return new Contents(meta, arrays);
    } catch (ZipException e) {
      throw bad(file, "it is not a readable zip file (" + e.getMessage() + "); it may be truncated or damaged");
    } catch (NoSuchFileException e) {
      throw bad(file, "it does not exist");
    } catch (IOException e) {
      throw bad(file, e.getMessage());
    } catch (VaeException e) {
      throw e;
    } catch (RuntimeException e) { // a damaged entry can surface as IllegalArgumentException etc. from the zip reader
      throw bad(file, "it is damaged (" + e + ")");
    }
  }

  /** Checks that a checkpoint's architecture is {@code expected}'s, naming the first field that differs. */
  static void checkArchitecture(Path file, Vae found, Vae expected) {
    List<String> diffs = new ArrayList<>();
    if (found.dataDim() != expected.dataDim()) diffs.add("dataDim is " + found.dataDim() + " in the checkpoint but " + expected.dataDim() + " in the model");
    if (found.latent() != expected.latent()) diffs.add("latent is " + found.latent() + " in the checkpoint but " + expected.latent() + " in the model");
    if (found.hidden() != expected.hidden()) diffs.add("hidden is " + found.hidden() + " in the checkpoint but " + expected.hidden() + " in the model");
    if (found.activation() != expected.activation())
      diffs.add("activation is " + found.activation() + " in the checkpoint but " + expected.activation() + " in the model");
    if (!diffs.isEmpty()) throw new CheckpointException("checkpoint " + file + " has another architecture: " + String.join("; ", diffs)
        + "; build the model with the checkpoint's values or load it with Vae.load(path)");
  }

  static CheckpointException bad(Path file, String why) {
    return new CheckpointException("cannot load checkpoint " + file + ": " + why);
  }
}
