package tfvae.runtime;

import tfvae.Version;
import tfvae.io.AtomicFiles;
import tfvae.internal.EpochJson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
import org.tensorflow.TensorFlow;
import tfvae.Layer;
import tfvae.CheckpointException;
import tfvae.EpochStats;
import tfvae.TrainingRecord;
import tfvae.VaeException;
import tfvae.Vae;
import tfvae.internal.Npy;
import tfvae.runtime.CheckpointJson.ArrayJson;
import tfvae.runtime.CheckpointJson.Meta;
import tfvae.runtime.CheckpointJson.SpecJson;
import tfvae.runtime.CheckpointJson.TrainingJson;
import static tfvae.runtime.CheckpointJson.GSON;

/**
 * The checkpoint file: a zip holding {@code meta.json} (format version, versions that wrote it, architecture,
 * step, history, the list of arrays) and one {@code .npy} per variable (parameters, Adam's moments, the step
 * counter). It is also a valid NumPy {@code .npz}. Everything is validated in Java before a byte reaches
 * TensorFlow.
 */
final class Checkpoint {
  static final String FORMAT = "tfvae-checkpoint";
  /**
   * 3: the spec's layers in {@link tfvae.Layer}'s text form ({@code encoder_layers}, {@code decoder_layers}) and the
   * image shape, for any network that is not a plain MLP; a table model's schema. Written only when the spec has one
   * of them: a plain MLP image model's file stays format 2, byte for byte. 2: the spec holds layer lists, the
   * likelihood and the objective. 1: one hidden width and an ELBO estimator. 4: a conditional model's
   * {@code condition} ({@code label:K} or {@code columns:N}); written only for those, so that an older tfvae refuses
   * the file by its version instead of reading it as an unconditional model.
   */
  static final int FORMAT_VERSION = 4;
  /** The version of a model without a condition that is not a plain MLP image model (4 adds {@code condition}). */
  static final int LAYERS_FORMAT_VERSION = 3;
  /** The version a plain MLP image model's checkpoint is written with. */
  static final int MLP_FORMAT_VERSION = 2;
  private static final long MAX_ELEMENTS = 1L << 28;
  private static final int MAX_META = 1 << 20;
  private static final int MAX_ARRAYS = 256;
  private static final long FIXED_TIME = 315532800000L; // 1980-01-01, so equal checkpoints are equal files

  /**
   * A checkpoint read and checked once, so that loading only feeds tensors: its meta, its architecture, its
   * training record (null if it has none) and its arrays.
   */
  record Contents(Meta meta, Vae spec, @Nullable TrainingRecord training, Map<String, Npy.Array> arrays) {}

  private Checkpoint() {}

  /**
   * Writes a model's checkpoint: the file format lives here alone.
   *
   * @param arrays every saved variable (parameters, Adam state, step), by checkpoint name, in graph order
   */
  static void write(Path file, Vae spec, @Nullable TrainingRecord training, List<EpochStats> history, Map<String, Npy.Array> arrays) {
    List<ArrayJson> index = new ArrayList<>();
    arrays.forEach((k, a) -> index.add(new ArrayJson(k, a.dtype(), a.shape())));
    List<EpochJson> hist = new ArrayList<>();
    for (EpochStats s : history) hist.add(EpochJson.of(s));
    write(file, new Meta(FORMAT, spec.condition() != null ? FORMAT_VERSION
        : spec.isPlainMlp() && spec.schema() == null ? MLP_FORMAT_VERSION : LAYERS_FORMAT_VERSION, Version.VERSION, TensorFlow.version(), SpecJson.of(spec), TrainingJson.of(training),
        hist, index), arrays);
  }

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
    if (Files.isDirectory(file))
      throw new CheckpointException("checkpoint " + file + " is a directory, not a checkpoint file; pass the file itself (e.g. "
          + file.resolve("model.ckpt") + ")");
    if (!Files.isRegularFile(file))
      throw new CheckpointException("checkpoint " + file + (Files.exists(file) ? " is not a regular file" : " does not exist")
          + "; check the path, or train a model and save it there first");
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
        throw bad(file, "its meta.json is not a checkpoint's JSON object (" + firstLine(e.getMessage()) + ")");
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
        spec = meta.spec().toVae(meta.formatVersion());
      } catch (VaeException | IllegalArgumentException | NullPointerException e) {
        throw bad(file, "its architecture is invalid (" + e.getMessage() + ")");
      }
      TrainingRecord training;
      try {
        training = meta.training() == null ? null : meta.training().toRecord();
      } catch (VaeException | NullPointerException e) {
        throw bad(file, "its training record is invalid (" + e.getMessage() + ")");
      }
      checkHistory(file, meta.history(), training);
      // Before any array is read: the listed shapes must be the architecture's, and their sizes bounded by what a
      // checkpoint of it holds (each parameter, Adam's two moments of it, counters), so that a small damaged or
      // hostile file cannot make the reader, or TensorFlow after it, allocate more than a real one would.
      VaeNetwork net = new VaeNetwork(spec);
      long largest = 1, budget = 1024;
      List<String> params = net.params();
      for (int i = 0; i < params.size(); i++) {
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
      for (int i = 0; i < params.size(); i++) {
        String name = params.get(i);
        if (!listed.containsKey(name)) throw bad(file, "its meta.json does not list the parameter " + name);
        if (!Arrays.equals(listed.get(name), net.shape(i)))
          throw bad(file, "its meta.json describes dataDim " + spec.dataDim() + ", latent " + spec.latent() + ", layers " + spec.layersText()
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
      // every variable the model restores, with its dtype and shape: the parameters (checked above), Adam's two moments
      // of each, and the step counter; so that restoring only feeds tensors
      for (int i = 0; i < params.size(); i++)
        for (String moment : List.of("/m", "/v")) requireArray(file, arrays, params.get(i) + moment, true, net.shape(i));
      requireArray(file, arrays, "adam/step", false, new long[0]);
      checkStep(file, meta.history(), arrays.get("adam/step"));
      return new Contents(meta, spec, training, arrays);
    } catch (ZipException e) {
      throw bad(file, "it is not a readable zip file (" + e.getMessage() + "); it may be truncated or damaged");
    } catch (NoSuchFileException e) {
      throw bad(file, "it does not exist");
    } catch (AccessDeniedException e) {
      throw bad(file, "permission denied");
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

  /**
   * The history must be epochs 1, 2, ... with steps rising; with a training record, epoch e ends at step
   * e * (train count / batch size), as training takes exactly that many steps per epoch.
   */
  private static void checkHistory(Path file, List<EpochJson> history, @Nullable TrainingRecord training) {
    long previous = 0;
    for (int i = 0; i < history.size(); i++) {
      EpochJson h = history.get(i);
      if (h.epoch() != i + 1) throw bad(file, "its history entry " + i + " is epoch " + h.epoch() + ", not " + (i + 1));
      if (h.steps() <= previous)
        throw bad(file, "its history says epoch " + h.epoch() + " ended at step " + h.steps() + ", not after step " + previous);
      if (training != null) {
        long perEpoch = training.train().count() / training.batchSize();
        if (h.steps() != (long) h.epoch() * perEpoch)
          throw bad(file, "its history says epoch " + h.epoch() + " ended at step " + h.steps() + ", but " + training.train().count()
              + " training images in batches of " + training.batchSize() + " end it at step " + (long) h.epoch() * perEpoch);
      }
      previous = h.steps();
    }
  }

  private static void requireArray(Path file, Map<String, Npy.Array> arrays, String name, boolean isFloat, long[] shape) {
    Npy.Array a = arrays.get(name);
    if (a == null) throw bad(file, "it has no array " + name);
    if (a.isFloat() != isFloat || !Arrays.equals(a.shape(), shape))
      throw bad(file, "the array " + name + " is " + a.dtype() + Arrays.toString(a.shape()) + " but the model needs "
          + (isFloat ? "float32" : "int64") + Arrays.toString(shape));
  }

  /** Adam's step counter must be where the history ends (0 for an untrained model). */
  private static void checkStep(Path file, List<EpochJson> history, Npy.@Nullable Array step) {
    if (step == null) return; // a missing counter is reported with the other arrays
    long expected = history.isEmpty() ? 0 : history.get(history.size() - 1).steps();
    long[] v = step.longs();
    if (v.length != 1 || v[0] != expected)
      throw bad(file, "its Adam step counter is " + Arrays.toString(v) + " but its history ends at step " + expected
          + "; the checkpoint is inconsistent: use an earlier one or train again");
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) return "no detail";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
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

  static CheckpointException bad(Path file, String why) {
    return new CheckpointException("cannot load checkpoint " + file + ": " + why);
  }
}
