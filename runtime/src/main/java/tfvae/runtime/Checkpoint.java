package tfvae.runtime;

import tfvae.Version;
import tfvae.internal.AtomicFiles;
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
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
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
  private static final int MAX_META = 1 << 20;
  private static final int MAX_ARRAYS = 256;
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
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("meta.json", GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
    for (var e : arrays.entrySet()) entries.put(e.getKey() + ".npy", Npy.bytes(e.getValue()));
    writeZip(file, entries);
  }

  /**
   * A zip of the entries, in order, with a fixed timestamp (equal contents give equal files), written atomically.
   * Stored, not deflated: float data shrinks by only ~16 %, and a 500-unit model (9.5 MB) then saves in ~10 ms of
   * zip work instead of ~100 ms, which matters when training checkpoints every epoch. Also the .npz writer.
   */
  static void writeZip(Path file, Map<String, byte[]> entries) {
    AtomicFiles.write(file, raw -> {
      ZipOutputStream zip = new ZipOutputStream(raw);
      zip.setLevel(Deflater.NO_COMPRESSION);
      for (var entry : entries.entrySet()) {
        ZipEntry e = new ZipEntry(entry.getKey());
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
      zip.finish();
    });
  }

  /**
   * Reads and checks the whole file: every entry's CRC, the format and versions, the architecture, every array's
   * presence, dtype, shape and size (bounded by the architecture's largest array, so a lying header or a zip bomb
   * cannot make it allocate more than a real checkpoint needs), and that every value is finite.
   */
  static Contents read(Path file) {
    if (!Files.isRegularFile(file)) throw new CheckpointException("checkpoint " + file + " does not exist; train a model first"
        + " (scripts/reproduce writes out/model.ckpt) or check the path");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry metaEntry = zip.getEntry("meta.json");
      if (metaEntry == null) throw bad(file, "it has no meta.json entry (is it a tfvae checkpoint?)");
      Meta meta;
      try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(metaEntry), new CRC32())) {
        byte[] json = in.readNBytes(MAX_META);
        if (in.read() != -1) throw bad(file, "its meta.json is larger than " + MAX_META + " bytes");
        checkCrc(file, metaEntry, in);
        meta = GSON.fromJson(new String(json, StandardCharsets.UTF_8), Meta.class);
      } catch (JsonParseException e) {
        throw bad(file, "its meta.json is not valid JSON (" + e.getMessage() + ")");
      }
      if (meta == null || !FORMAT.equals(meta.format())) throw bad(file, "its meta.json does not describe a " + FORMAT);
      if (meta.formatVersion() > FORMAT_VERSION)
        throw bad(file, "it has format version " + meta.formatVersion() + ", written by "
            + (meta.libraryVersion() == null ? "an unknown tfvae" : "tfvae " + meta.libraryVersion()) + "; this is tfvae "
            + Version.VERSION + ", which reads format " + FORMAT_VERSION + "; load it with "
            + (meta.libraryVersion() == null ? "a newer tfvae" : "tfvae " + meta.libraryVersion() + " or newer"));
      if (meta.formatVersion() < 1) throw bad(file, "it has an invalid format version " + meta.formatVersion());
      if (meta.spec() == null || meta.arrays() == null || meta.history() == null) throw bad(file, "its meta.json lacks spec, arrays or history");
      if (meta.history().contains(null)) throw bad(file, "its meta.json has an empty history entry");
      Vae spec;
      try {
        spec = meta.spec().toVae(Device.CPU);
      } catch (VaeException | IllegalArgumentException | NullPointerException e) {
        throw bad(file, "its architecture is invalid (" + e.getMessage() + ")");
      }
      // Before any array is read: the listed shapes must be the architecture's, and their sizes bounded by what a
      // checkpoint of it holds (each parameter, Adam's two moments of it, counters), so that a small damaged or
      // hostile file cannot make the reader, or TensorFlow after it, allocate more than a real one would.
      VaeNetwork net = new VaeNetwork(spec);
      long largest = 1, budget = 1024;
      for (int i = 0; i < VaeNetwork.PARAMS.size(); i++) {
        long n = Arrays.stream(net.shape(i)).reduce(1, (x, y) -> x * y);
        largest = Math.max(largest, n);
        budget += 3 * n;
      }
      if (meta.arrays().size() > MAX_ARRAYS) throw bad(file, "its meta.json lists " + meta.arrays().size() + " arrays; a checkpoint has at most " + MAX_ARRAYS);
      Map<String, long[]> listed = new LinkedHashMap<>();
      long declared = 0;
      for (ArrayJson a : meta.arrays()) {
        if (a == null || a.name() == null || a.dtype() == null || a.shape() == null)
          throw bad(file, "its meta.json lists an array without a name, dtype or shape");
        if (listed.containsKey(a.name())) throw bad(file, "its meta.json lists the array " + a.name() + " twice");
        long n = 1;
        for (long d : a.shape()) {
          n = d < 0 || d > largest ? Long.MAX_VALUE : n * d;
          if (n > largest) throw bad(file, "its meta.json gives the array " + a.name() + " the shape " + Arrays.toString(a.shape())
              + ", larger than any array of its architecture");
        }
        declared += n;
        listed.put(a.name(), a.shape());
      }
      if (declared > budget) throw bad(file, "its meta.json lists arrays of " + declared + " values in all, more than the " + budget
          + " a checkpoint of its architecture holds");
      for (int i = 0; i < VaeNetwork.PARAMS.size(); i++) {
        String name = VaeNetwork.PARAMS.get(i);
        if (!listed.containsKey(name)) throw bad(file, "its meta.json does not list the parameter " + name);
        if (!Arrays.equals(listed.get(name), net.shape(i)))
          throw bad(file, "its meta.json describes dataDim " + spec.dataDim() + ", latent " + spec.latent() + ", hidden " + spec.hidden()
              + ", whose " + name + " is " + Arrays.toString(net.shape(i)) + ", but lists " + name + " as "
              + Arrays.toString(listed.get(name)) + "; its architecture and its arrays disagree");
      }
      Map<String, Npy.Array> arrays = new LinkedHashMap<>();
      for (ArrayJson a : meta.arrays()) {
        ZipEntry e = zip.getEntry(a.name() + ".npy");
        if (e == null) throw bad(file, "the array " + a.name() + " listed in meta.json is missing");
        Npy.Array arr;
        try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(e), new CRC32())) {
          arr = Npy.read(in, a.name(), Math.min(largest, MAX_ELEMENTS));
          checkCrc(file, e, in);
        }
        if (!arr.dtype().equals(a.dtype()) || !Arrays.equals(arr.shape(), a.shape()))
          throw bad(file, "the array " + a.name() + " is " + arr.dtype() + Arrays.toString(arr.shape()) + " but meta.json says "
              + a.dtype() + Arrays.toString(a.shape()));
        checkValues(file, a.name(), arr);
        arrays.put(a.name(), arr);
      }
      return new Contents(meta, arrays);
    } catch (ZipException e) {
      throw bad(file, "it is not a readable zip file (" + e.getMessage() + "); it may be truncated or damaged");
    } catch (NoSuchFileException e) {
      throw bad(file, "it does not exist");
    } catch (Npy.FormatException e) {
      throw bad(file, e.getMessage());
    } catch (IOException e) {
      throw bad(file, "it cannot be read (" + e + "); it may be truncated or damaged");
    } catch (VaeException e) {
      throw e;
    } catch (OutOfMemoryError e) { // one large array at a time: the heap is usable again once it is dropped
      throw bad(file, "its arrays do not fit in this JVM's heap (" + e.getMessage() + "); raise -Xmx");
    } catch (RuntimeException e) { // a damaged entry can surface as IllegalArgumentException etc. from the zip reader
      throw bad(file, "it is damaged (" + e + ")");
    }
  }

  /** Checks an entry read to its end against the CRC-32 the zip directory records for it. */
  private static void checkCrc(Path file, ZipEntry e, CheckedInputStream in) {
    if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc())
      throw bad(file, "its entry " + e.getName() + " fails its CRC-32 check (the data does not match the checksum the zip"
          + " recorded); the file is damaged: use an earlier checkpoint or train again");
  }

  /** Rejects NaN and infinite parameters (a diverged or damaged model) and negative step counters. */
  private static void checkValues(Path file, String name, Npy.Array a) {
    if (a.isFloat()) {
      float[] v = a.floats();
      for (int i = 0; i < v.length; i++)
        if (!Float.isFinite(v[i]))
          throw bad(file, "the array " + name + " holds " + v[i] + " at index " + i + "; a model with NaN or infinite values is"
              + " broken: use an earlier checkpoint or train again");
    } else {
      long[] v = a.longs();
      for (int i = 0; i < v.length; i++)
        if (v[i] < 0) throw bad(file, "the array " + name + " holds the negative count " + v[i] + " at index " + i);
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
