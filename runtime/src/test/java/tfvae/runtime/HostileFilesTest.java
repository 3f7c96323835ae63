package tfvae.runtime;

import tfvae.CheckpointPolicy;
import tfvae.Version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tfvae.BadDataException;
import tfvae.CheckpointException;
import tfvae.TrainedVae;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Mnist;

/**
 * Damaged and hostile files, made from good ones: a checkpoint, a weights.npz export and the fixture's idx files,
 * truncated at many offsets, with bytes flipped at many offsets (the zip's local headers, central directory and end
 * record, inside meta.json, inside an .npy header and its float data), with another architecture's arrays, wrong
 * dtypes, lying headers, zip bombs, NaN and infinite values, and a newer format version. Loading each must either
 * succeed (a flip that keeps the file valid) or throw {@link CheckpointException} / {@link BadDataException} naming
 * the file; never another exception, never a JVM crash. All are tried in this JVM (everything is validated in Java
 * before TensorFlow sees it), and a sample again in a forked JVM, where a native crash would show as its exit code.
 */
class HostileFilesTest {
  private static final String ENCODER_8 = "\"encoder\": \\[\\s*8\\s*\\]";
  enum Kind { CHECKPOINT, IMAGES, LABELS }

  record Variant(String family, Kind kind, Path file) {}

  @TempDir static Path dir;
  static Path good;
  static byte[] goodBytes;
  static final List<Variant> variants = new ArrayList<>();

  @BeforeAll static void makeVariants() throws IOException {
    var data = Fixtures.mnist();
    good = dir.resolve("good.ckpt");
    Path other = dir.resolve("other.ckpt");
    Path npz = dir.resolve("weights.npz");
    try (TrainedVae m = Vae.builder().hidden(8).seed(1).build().train(DataSplit.trainingOnly(data.train()), Fixtures.quick(1), CheckpointPolicy.REPLACE).model()) {
      m.save(good);
      m.exportNpz(npz);
    }
    try (TrainedVae m = Fixtures.untrained(Vae.builder().hidden(16).latent(3).seed(2).build())) {
      m.save(other);
    }
    goodBytes = Files.readAllBytes(good);
    Path images = dir.resolve("train-images-idx3-ubyte");
    Path labels = dir.resolve("train-labels-idx1-ubyte");
    Files.write(images, gunzip(Fixtures.MNIST.resolve("train-images-idx3-ubyte.gz")));
    Files.write(labels, gunzip(Fixtures.MNIST.resolve("train-labels-idx1-ubyte.gz")));

    checkpointVariants(goodBytes, Files.readAllBytes(other));
    byte[] npzBytes = Files.readAllBytes(npz);
    for (int cut : cuts(npzBytes.length, 24)) add("npz truncated", Kind.CHECKPOINT, Arrays.copyOf(npzBytes, cut));
    for (int at : spread(npzBytes.length, 60)) add("npz byte flipped", Kind.CHECKPOINT, flip(npzBytes, at, 0xff));
    add("npz whole", Kind.CHECKPOINT, npzBytes);
    idxVariants(Files.readAllBytes(images), Kind.IMAGES, 16, "idx images");
    idxVariants(Files.readAllBytes(labels), Kind.LABELS, 8, "idx labels");
    byte[] gz = Files.readAllBytes(Fixtures.MNIST.resolve("train-images-idx3-ubyte.gz"));
    for (int cut : cuts(gz.length, 16)) add("gz images truncated", Kind.IMAGES, Arrays.copyOf(gz, cut), ".gz");
    for (int at : spread(gz.length, 40)) add("gz images byte flipped", Kind.IMAGES, flip(gz, at, 0x10), ".gz");
    for (int at = 0; at < 10; at++) add("gz images header byte flipped", Kind.IMAGES, flip(gz, at, 0x04), ".gz");
  }

  static void checkpointVariants(byte[] ckpt, byte[] other) throws IOException {
    int n = ckpt.length;
    for (int cut : cuts(n, 48)) add("truncated", Kind.CHECKPOINT, Arrays.copyOf(ckpt, cut));
    // raw flips: spread over the file (mostly array data, which the CRC-32 check catches), then every byte of
    // meta.json's local header, of the first central-directory entries and of the end record
    for (int at : spread(n, 150)) add("byte flipped", Kind.CHECKPOINT, flip(ckpt, at, 0xff));
    for (int at = 0; at < 39 + 8; at++) add("local header flipped", Kind.CHECKPOINT, flip(ckpt, at, 0x01));
    int cen = le32(ckpt, n - 22 + 16);
    for (int at = cen; at < Math.min(n - 22, cen + 2 * 56); at++) add("central directory flipped", Kind.CHECKPOINT, flip(ckpt, at, 0x01));
    for (int at = n - 22; at < n; at++) add("end record flipped", Kind.CHECKPOINT, flip(ckpt, at, 0x01));

    Map<String, byte[]> e = entries(ckpt);
    String meta = new String(e.get("meta.json"), StandardCharsets.UTF_8);
    byte[] metaBytes = e.get("meta.json");
    for (int at : spread(metaBytes.length, 60)) add("meta.json byte flipped", Kind.CHECKPOINT, zip(with(e, "meta.json", flip(metaBytes, at, 0x01))));
    Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();
    edits.put("format version 99", s -> s.replace("\"format_version\": 2", "\"format_version\": 99").replace("\"library_version\": \"" + Version.VERSION, "\"library_version\": \"9.9.0"));
    edits.put("format version 0", s -> s.replace("\"format_version\": 2", "\"format_version\": 0"));
    edits.put("format version a string", s -> s.replace("\"format_version\": 2", "\"format_version\": \"one\""));
    edits.put("another format", s -> s.replace("tfvae-checkpoint", "other-checkpoint"));
    edits.put("encoder 16 with 8-wide arrays", s -> s.replaceFirst(ENCODER_8, "\"encoder\": [16]"));
    edits.put("encoder 0", s -> s.replaceFirst(ENCODER_8, "\"encoder\": [0]"));
    edits.put("encoder empty", s -> s.replaceFirst(ENCODER_8, "\"encoder\": []"));
    edits.put("encoder null", s -> s.replaceFirst(ENCODER_8, "\"encoder\": null"));
    edits.put("nine encoder layers", s -> s.replaceFirst(ENCODER_8, "\"encoder\": [8, 8, 8, 8, 8, 8, 8, 8, 8]"));
    edits.put("dataDim 100000", s -> s.replace("\"data_dim\": 784", "\"data_dim\": 100000"));
    edits.put("dataDim 65536 with 784-wide arrays", s -> s.replace("\"data_dim\": 784", "\"data_dim\": 65536"));
    edits.put("dataDim 65536 hidden 8192 with small arrays", // would make TensorFlow allocate 12 GB if it reached it
        s -> s.replace("\"data_dim\": 784", "\"data_dim\": 65536").replaceFirst(ENCODER_8, "\"encoder\": [8192]"));
    edits.put("unknown activation", s -> s.replace("\"TANH\"", "\"SWISH\""));
    edits.put("no objective", s -> s.replace("\"objective\"", "\"objectivex\""));
    edits.put("unknown objective", s -> s.replace("\"kind\": \"ELBO\"", "\"kind\": \"VIMCO\""));
    edits.put("objective k 0", s -> s.replace("\"k\": 1", "\"k\": 0"));
    edits.put("unknown likelihood", s -> s.replace("\"BERNOULLI\"", "\"POISSON\""));
    edits.put("no likelihood", s -> s.replace("\"likelihood\"", "\"likelihoodx\""));
    edits.put("no spec", s -> s.replace("\"spec\"", "\"specx\""));
    edits.put("another seed", s -> s.replace("\"seed\": 1", "\"seed\": 2"));
    edits.put("array unlisted", s -> s.replaceFirst("\\{\\s*\"name\": \"encoder_b1\"[^}]*\\},", ""));
    edits.put("array listed twice", s -> s.replaceFirst("(\\{\\s*\"name\": \"encoder_b1\"[^}]*\\},)", "$1$1"));
    edits.put("array listed huge", s -> s.replaceFirst("(\"name\": \"encoder_b1\",\\s*\"dtype\": \"float32\",\\s*\"shape\": \\[\\s*)8", "$11000000000000"));
    edits.put("array listed negative", s -> s.replaceFirst("(\"name\": \"encoder_b1\",\\s*\"dtype\": \"float32\",\\s*\"shape\": \\[\\s*)8", "$1-8"));
    edits.put("array listed float64", s -> s.replaceFirst("(\"name\": \"encoder_b1\",\\s*\"dtype\": \")float32", "$1float64"));
    edits.put("history entry null", s -> s.replaceFirst("\"history\": \\[", "\"history\": [null,"));
    edits.put("history epoch 99", s -> s.replaceFirst("\"epoch\": 1", "\"epoch\": 99"));
    edits.put("null", s -> "null");
    edits.put("empty object", s -> "{}");
    edits.put("array", s -> "[]");
    edits.put("string", s -> "\"tfvae-checkpoint\"");
    edits.put("cut JSON", s -> s.substring(0, s.length() / 2));
    edits.put("deep nesting", s -> "{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
    edits.put("40 MB meta.json", s -> s + " ".repeat(40 << 20)); // over Checkpoint.MAX_META
    for (var ed : edits.entrySet())
      add("meta.json " + ed.getKey(), Kind.CHECKPOINT, zip(with(e, "meta.json", ed.getValue().apply(meta).getBytes(StandardCharsets.UTF_8))));

    byte[] bad = meta.replace("tfvae-checkpoint", "tfvae-checkpoint\u0001").getBytes(StandardCharsets.UTF_8);
    bad[meta.indexOf("tfvae-checkpoint") + 16] = (byte) 0xc3; // a lone UTF-8 lead byte
    add("meta.json not UTF-8", Kind.CHECKPOINT, zip(with(e, "meta.json", bad)));
    byte[] w1 = e.get("encoder_w1.npy");
    for (int at = 0; at < 128; at++) add("npy header flipped", Kind.CHECKPOINT, zip(with(e, "encoder_w1.npy", flip(w1, at, 0x01))));
    byte[] w2 = e.get("decoder_w2.npy");
    for (int at : spread(w2.length - 128, 16)) add("npy data flipped", Kind.CHECKPOINT, zip(with(e, "decoder_w2.npy", flip(w2, 128 + at, 0x40))));
    add("NaN parameter", Kind.CHECKPOINT, zip(with(e, "decoder_w2.npy", putFloat(w2, 128 + 40, Float.NaN))));
    add("infinite parameter", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", putFloat(e.get("encoder_b1.npy"), 128, Float.POSITIVE_INFINITY))));
    add("infinite Adam moment", Kind.CHECKPOINT, zip(with(e, "encoder_w1/v.npy", putFloat(e.get("encoder_w1/v.npy"), 128 + 4, Float.NEGATIVE_INFINITY))));
    add("negative step", Kind.CHECKPOINT, zip(with(e, "adam/step.npy", putLong(e.get("adam/step.npy"), 128, -5))));
    add("float64 array", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", npy("<f8", "(8,)", new byte[64]))));
    add("big-endian array", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", npy(">f4", "(8,)", new byte[32]))));
    add("int64 array for a float", Kind.CHECKPOINT, zip(with(with(e, "encoder_b1.npy", npy("<i8", "(8,)", new byte[64])), "meta.json",
        meta.replaceFirst("(\"name\": \"encoder_b1\",\\s*\"dtype\": \")float32", "$1int64").getBytes(StandardCharsets.UTF_8))));
    add("Fortran order", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", npy("<f4", true, "(8,)", new byte[32]))));
    add("npy data short", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", Arrays.copyOf(e.get("encoder_b1.npy"), 128 + 20))));
    add("npy data long", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", Arrays.copyOf(e.get("encoder_b1.npy"), 128 + 36))));
    add("npy header promises 2^40 values", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", npy("<f4", "(1099511627776,)", new byte[32]))));
    add("npy version 3", Kind.CHECKPOINT, zip(with(e, "encoder_b1.npy", flipTo(e.get("encoder_b1.npy"), 6, 3))));
    add("zip bomb: 64 MB of zeros after an array", Kind.CHECKPOINT,
        zipDeflated(with(e, "encoder_b1.npy", Arrays.copyOf(e.get("encoder_b1.npy"), 64 << 20))));
    add("zip bomb: 64 MB meta.json", Kind.CHECKPOINT, zipDeflated(with(e, "meta.json", Arrays.copyOf(metaBytes, 64 << 20))));
    add("no meta.json", Kind.CHECKPOINT, zip(without(e, "meta.json")));
    add("no array entry", Kind.CHECKPOINT, zip(without(e, "encoder_b1.npy")));
    add("extra entry", Kind.CHECKPOINT, zip(with(e, "notes.txt", "hello".getBytes(StandardCharsets.UTF_8))));
    add("deflated", Kind.CHECKPOINT, zipDeflated(e));
    Map<String, byte[]> o = entries(other);
    Map<String, byte[]> swapped = new TreeMap<>(o);
    swapped.put("meta.json", e.get("meta.json"));
    add("another architecture's arrays", Kind.CHECKPOINT, zip(swapped));
    add("another architecture's meta.json", Kind.CHECKPOINT, zip(with(e, "meta.json", o.get("meta.json"))));
    add("empty file", Kind.CHECKPOINT, new byte[0]);
    add("text file", Kind.CHECKPOINT, "not a checkpoint\n".getBytes(StandardCharsets.UTF_8));
    add("idx file", Kind.CHECKPOINT, Arrays.copyOf(new byte[] {0, 0, 8, 3, 0, 0, 0, 1}, 64));
  }

  static void idxVariants(byte[] raw, Kind kind, int header, String family) throws IOException {
    for (int cut : new int[] {0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 100, raw.length / 2, raw.length - 1}) add(family + " truncated", kind, Arrays.copyOf(raw, cut));
    for (int at = 0; at < header; at++) {
      add(family + " header flipped", kind, flip(raw, at, 0x01));
      add(family + " header flipped", kind, flip(raw, at, 0x80));
    }
    for (int at : spread(raw.length - header, 12)) add(family + " data flipped", kind, flip(raw, header + at, 0xff));
    add(family + " with a byte more", kind, Arrays.copyOf(raw, raw.length + 1));
  }

  static void add(String family, Kind kind, byte[] bytes) throws IOException { add(family, kind, bytes, ""); }

  static void add(String family, Kind kind, byte[] bytes, String suffix) throws IOException {
    Path f = dir.resolve(String.format("v%04d%s", variants.size(), suffix));
    Files.write(f, bytes);
    variants.add(new Variant(family, kind, f));
  }

  /** @return "loaded", or "rejected" when the exception is the right type and names the file; anything else is returned as "WRONG ..." */
  static String outcome(Variant v) {
    try {
      switch (v.kind()) {
        case CHECKPOINT -> {
          try (TrainedVae m = Vae.load(v.file())) {
            m.decodeMeans(new float[][] {new float[m.spec().latent()]});
          }
        }
        case IMAGES -> Mnist.readImages(v.file());
        case LABELS -> Mnist.readLabels(v.file());
      }
      return "loaded";
    } catch (CheckpointException | BadDataException e) {
      boolean right = v.kind() == Kind.CHECKPOINT ? e instanceof CheckpointException : e instanceof BadDataException;
      return right && e.getMessage().contains(v.file().toString()) ? "rejected" : "WRONG message " + e;
    } catch (Throwable e) {
      return "WRONG " + e;
    }
  }

  @Test void everyDamagedFileIsRejectedNamingTheFileOrLoadsAndNothingElseHappens() {
    Map<String, int[]> byFamily = new TreeMap<>(); // family -> {rejected, loaded}
    List<String> wrong = new ArrayList<>();
    for (Variant v : variants) {
      String r = outcome(v);
      int[] c = byFamily.computeIfAbsent(v.family(), k -> new int[2]);
      if (r.equals("rejected")) c[0]++;
      else if (r.equals("loaded")) c[1]++;
      else wrong.add(v.family() + " " + v.file().getFileName() + ": " + r);
    }
    StringBuilder table = new StringBuilder();
    int rejected = 0, loaded = 0;
    for (var f : byFamily.entrySet()) {
      table.append(String.format("  %-45s rejected %4d  loaded %3d%n", f.getKey(), f.getValue()[0], f.getValue()[1]));
      rejected += f.getValue()[0];
      loaded += f.getValue()[1];
    }
    System.out.printf("HostileFilesTest: %d variants, %d rejected with the right exception naming the file, %d loaded, %d wrong%n%s",
        variants.size(), rejected, loaded, wrong.size(), table);
    assertThat(wrong).isEmpty();
    assertThat(variants).hasSizeGreaterThan(700);
  }

  @Test void aSampleLoadedInAForkedJvmNeverCrashesIt() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) { // every targeted variant, and every 12th of the flips and cuts
      Variant v = variants.get(i);
      if (i % 12 == 0 || !v.family().matches(".*(flipped|truncated)")) lines.add(v.kind() + "\t" + v.file());
    }
    Path list = Files.write(dir.resolve("sample.txt"), lines);
    Process p = Forks.java(Child.class, list.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("checked " + lines.size() + " files, 0 wrong");
    System.out.println("HostileFilesTest: forked JVM " + out.lines().filter(l -> l.startsWith("checked")).findFirst().orElse(""));
  }

  @Test void nonFiniteValuesAreRejectedNamingTheArrayAndIndex() throws IOException {
    Map<String, byte[]> e = entries(goodBytes);
    Path f = Files.write(dir.resolve("nan.ckpt"), zip(with(e, "decoder_b2.npy", putFloat(e.get("decoder_b2.npy"), 128 + 4 * 5, Float.NaN))));
    assertThatThrownBy(() -> Vae.load(f)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + f + ": the array decoder_b2 holds NaN at index 5; a model with NaN or infinite values"
            + " is broken: use an earlier checkpoint or train again");
  }

  @Test void arraysOfAnotherArchitectureAreNamedAsSuch() throws IOException {
    Map<String, byte[]> e = entries(goodBytes);
    String meta = new String(e.get("meta.json"), StandardCharsets.UTF_8).replaceFirst("\"encoder\": \\[\\s*8\\s*\\]", "\"encoder\": [64]");
    Path f = Files.write(dir.resolve("wide.ckpt"), zip(with(e, "meta.json", meta.getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(() -> Vae.load(f)).isInstanceOf(CheckpointException.class)
        .hasMessage("cannot load checkpoint " + f + ": its meta.json describes dataDim 784, latent 2, layers encoder 64 decoder 8, whose encoder_w1 is"
            + " [784, 64], but lists encoder_w1 as [784, 8]; its architecture and its arrays disagree");
  }

  @Test void aFlippedByteInArrayDataFailsTheCrcCheck() throws IOException {
    int at = goodBytes.length / 2;
    Path f = Files.write(dir.resolve("crc.ckpt"), flip(goodBytes, at, 0x01));
    assertThatThrownBy(() -> Vae.load(f)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("fails its CRC-32 check").hasMessageContaining(f.toString());
  }

  /** Loads the files listed in {@code args[0]} ("KIND\tpath" per line) and prints each outcome. */
  static final class Child {
    public static void main(String[] args) throws IOException {
      int wrong = 0, n = 0;
      for (String line : Files.readAllLines(Path.of(args[0]))) {
        String[] kf = line.split("\t");
        Variant v = new Variant("", Kind.valueOf(kf[0]), Path.of(kf[1]));
        String r = outcome(v);
        if (r.startsWith("WRONG")) wrong++;
        n++;
        System.out.println(v.file().getFileName() + " " + r);
      }
      System.out.println("checked " + n + " files, " + wrong + " wrong");
    }
  }

  // ---- byte helpers

  static int[] cuts(int n, int count) {
    List<Integer> c = new ArrayList<>(List.of(0, 1, 4, 10, 29, 30, 31, 60, 100, n - 1, n - 2, n - 21, n - 22, n - 23, n - 46, n - 100));
    for (int k = 1; k < count; k++) c.add((int) ((long) n * k / count));
    return c.stream().filter(x -> x >= 0 && x < n).distinct().mapToInt(Integer::intValue).toArray();
  }

  static int[] spread(int n, int count) {
    int[] out = new int[count];
    for (int k = 0; k < count; k++) out[k] = (int) ((long) n * k / count + (k * 7919L) % Math.max(1, n / count));
    return Arrays.stream(out).filter(x -> x < n).distinct().toArray();
  }

  static byte[] flip(byte[] b, int at, int mask) {
    byte[] c = b.clone();
    c[at] ^= (byte) mask;
    return c;
  }

  static byte[] flipTo(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  static byte[] putFloat(byte[] b, int at, float v) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, v);
    return c;
  }

  static byte[] putLong(byte[] b, int at, long v) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    return c;
  }

  static int le32(byte[] b, int at) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at); }

  /** A .npy file with any descr and shape text (so it can lie), padded as NumPy pads. */
  static byte[] npy(String descr, String shape, byte[] data) { return npy(descr, false, shape, data); }

  static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    return out.toByteArray();
  }

  static Map<String, byte[]> entries(byte[] zipBytes) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) out.put(e.getName(), z.readAllBytes());
    }
    return out;
  }

  static Map<String, byte[]> with(Map<String, byte[]> e, String name, byte[] bytes) {
    Map<String, byte[]> c = new LinkedHashMap<>(e);
    c.put(name, bytes);
    return c;
  }

  static Map<String, byte[]> without(Map<String, byte[]> e, String name) {
    Map<String, byte[]> c = new LinkedHashMap<>(e);
    c.remove(name);
    return c;
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException { return zip(entries, Deflater.NO_COMPRESSION); }

  static byte[] zipDeflated(Map<String, byte[]> entries) throws IOException { return zip(entries, Deflater.BEST_SPEED); }

  static byte[] zip(Map<String, byte[]> entries, int level) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.setLevel(level);
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static byte[] gunzip(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
