package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tfvae.data.NpzFiles.f4;
import static tfvae.data.NpzFiles.f8;
import static tfvae.data.NpzFiles.ints;
import static tfvae.data.NpzFiles.npy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tfvae.BadDataException;
import tfvae.internal.Npy;

class NpzTest {
  private static final Path FIXTURE = fixture();

  @TempDir Path dir;

  // ---- Keras's mnist.npz, built from the committed idx fixture ----

  /** Writes the fixture as Keras's mnist.npz holds MNIST: uint8 x (n, 28, 28) and uint8 y, the idx bytes verbatim. */
  private Path kerasNpz() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    for (String[] set : new String[][] {{"train", "train"}, {"test", "t10k"}}) {
      byte[] images = IdxFiles.readDecompressed(FIXTURE.resolve(set[1] + "-images-idx3-ubyte.gz"));
      byte[] labels = IdxFiles.readDecompressed(FIXTURE.resolve(set[1] + "-labels-idx1-ubyte.gz"));
      int n = labels.length - IdxFiles.LABELS_HEADER_BYTES;
      e.put("x_" + set[0] + ".npy", npy("|u1", new long[] {n, 28, 28}, Arrays.copyOfRange(images, IdxFiles.IMAGES_HEADER_BYTES, images.length)));
      e.put("y_" + set[0] + ".npy", npy("|u1", new long[] {n}, Arrays.copyOfRange(labels, IdxFiles.LABELS_HEADER_BYTES, labels.length)));
    }
    return NpzFiles.zip(dir.resolve("mnist.npz"), e);
  }

  @Test void aKerasMnistNpzGivesTheSameImagesAndLabelsAsTheIdxFiles() throws IOException {
    DataSplit npz = Npz.read(kerasNpz()), idx = DataSplit.read(FIXTURE);

    assertThat(npz.train().count()).isEqualTo(1000);
    assertThat(npz.test().count()).isEqualTo(200);
    assertThat(npz.train().height()).isEqualTo(28);
    assertThat(npz.train().width()).isEqualTo(28);
    assertThat(npz.train().pixels()).isEqualTo(idx.train().pixels());
    assertThat(npz.test().pixels()).isEqualTo(idx.test().pixels());
    assertThat(npz.train().labels()).isEqualTo(idx.train().labels());
    assertThat(npz.test().labels()).isEqualTo(idx.test().labels());
    assertThat(DataSplit.read(dir.resolve("mnist.npz")).test().pixels()).isEqualTo(idx.test().pixels());
  }

  @Test void grayscaleNpzDataSuitsTheContinuousLikelihoodsAndTheBernoulliOnlyOnceBinarized() throws IOException {
    DataSplit gray = Npz.read(kerasNpz());

    tfvae.Likelihood.CONTINUOUS_BERNOULLI.check("training images", gray.train());
    tfvae.Likelihood.GAUSSIAN.check("test images", gray.test());
    tfvae.Likelihood.BERNOULLI.check("training images", gray.binarize().train());
    assertThatThrownBy(() -> tfvae.Likelihood.BERNOULLI.check("training images", gray.train()))
        .isInstanceOf(BadDataException.class).hasMessageStartingWith("training images: pixel ");
  }

  @Test void uint8ValuesAreScaledByExactlyOneOver255() throws IOException {
    long[] shape = {1, 256};
    byte[] all = new byte[256];
    for (int k = 0; k < 256; k++) all[k] = (byte) k;
    Path f = NpzFiles.zip(dir.resolve("b.npz"), Map.of("x_train.npy", npy("|u1", shape, all), "x_test.npy", npy("|u1", shape, all)));

    float[] v = Npz.read(f).train().pixels();

    float[] expected = new float[256];
    for (int k = 0; k < 256; k++) expected[k] = k / 255f;
    assertThat(v).containsExactly(expected);
    assertThat(v[0]).isZero();
    assertThat(v[255]).isEqualTo(1f);
    assertThat(v[128]).isEqualTo(128f / 255f);
  }

  @Test void float32ValuesAreTakenAsTheyAreAndShape2IsVectors() throws IOException {
    float[] v = {-1.5f, 0f, 2.75f, 1e-7f, 300f, -0.25f};
    Path f = NpzFiles.zip(dir.resolve("f.npz"), Map.of("x_train.npy", npy("<f4", new long[] {2, 3}, f4(v)),
        "x_test.npy", npy("<f4", new long[] {1, 3}, f4(1f, 2f, 3f))));

    DataSplit d = Npz.read(f);

    assertThat(d.train().hasImageShape()).isFalse();
    assertThat(d.train().dim()).isEqualTo(3);
    assertThat(d.train().pixels()).containsExactly(v);
    assertThat(d.train().hasLabels()).isFalse();
    assertThat(d.test().pixels()).containsExactly(1f, 2f, 3f);
  }

  @ParameterizedTest @CsvSource({"<f8, LITTLE_ENDIAN", ">f8, BIG_ENDIAN"})
  void float64ValuesOfEitherByteOrderAreRoundedToTheNearestFloat(String descr, String order) throws IOException {
    double[] v = {0.1, -1e-300, 1.0 / 3, 123456789.123};
    ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Path f = NpzFiles.zip(dir.resolve("d.npz"), Map.of("x_train.npy", npy(descr, new long[] {1, 2, 2}, f8(bo, v)),
        "x_test.npy", npy(descr, new long[] {1, 2, 2}, f8(bo, v))));

    Images im = Npz.read(f).train();

    assertThat(im.height()).isEqualTo(2);
    assertThat(im.pixels()).containsExactly((float) v[0], (float) v[1], (float) v[2], (float) v[3]);
  }

  @ParameterizedTest @CsvSource({"|i1, 1, '(3,)'", "<u2, 2, '(3,)'", "<i4, 4, '(3, 1)'", "<i8, 8, '(3,)'", "<u8, 8, '(3, 1)'"})
  void labelsOfAnyIntegerDtypeAreRead(String descr, int size, String shapeText) throws IOException {
    long[] shape = shapeText.equals("(3,)") ? new long[] {3} : new long[] {3, 1};
    long third = descr.startsWith("|i") ? -5 : 65_000;
    Path f = NpzFiles.zip(dir.resolve("y.npz"), Map.of("x_train.npy", npy("|u1", new long[] {3, 1}, new byte[3]),
        "y_train.npy", npy(descr, shape, ints(size, 9, 0, third)), "x_test.npy", npy("|u1", new long[] {1, 1}, new byte[1])));

    DataSplit d = Npz.read(f);

    assertThat(d.train().labels()).containsExactly(9, 0, (int) third);
    assertThat(d.test().hasLabels()).isFalse();
  }

  @Test void writeThenReadGivesBackTheSameSplitForImagesAndVectors() throws IOException {
    DataSplit gray = DataSplit.assignment(FIXTURE, 300, 100);
    Path f = dir.resolve("gray.npz");
    Npz.write(f, gray);
    DataSplit back = Npz.read(f);
    assertThat(back.train().pixels()).isEqualTo(gray.train().pixels());
    assertThat(back.test().labels()).isEqualTo(gray.test().labels());
    assertThat(back.train().height()).isEqualTo(28);

    DataSplit vectors = new DataSplit(Images.vectors(new float[] {-1f, 2.5f, 3f, 4f}, 2, null),
        Images.vectors(new float[] {5f, -6f}, 2, new int[] {-3}));
    Npz.write(f, vectors);
    DataSplit v = Npz.read(f);
    assertThat(v.train().hasImageShape()).isFalse();
    assertThat(v.train().pixels()).containsExactly(-1f, 2.5f, 3f, 4f);
    assertThat(v.train().hasLabels()).isFalse();
    assertThat(v.test().labels()).containsExactly(-3);
  }

  @Test void writeUint8StoresTheIdxBytesAsKerasDoesAndMakeKerasNpzDoesThatForADirectory() throws IOException {
    Path out = dir.resolve("keras.npz");
    MakeKerasNpz.main(new String[] {FIXTURE.toString(), out.toString()});

    byte[] idx = IdxFiles.readDecompressed(FIXTURE.resolve("t10k-images-idx3-ubyte.gz"));
    byte[] labels = IdxFiles.readDecompressed(FIXTURE.resolve("train-labels-idx1-ubyte.gz"));
    try (ZipFile zip = new ZipFile(out.toFile())) {
      assertThat(zip.stream().map(java.util.zip.ZipEntry::getName)).containsExactly("x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy");
      try (InputStream in = zip.getInputStream(zip.getEntry("x_test.npy"))) {
        Npy.Header h = Npy.readHeader(in, "x_test", Long.MAX_VALUE);
        assertThat(h.descr()).isEqualTo("|u1");
        assertThat(h.shape()).containsExactly(200, 28, 28);
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(idx, IdxFiles.IMAGES_HEADER_BYTES, idx.length));
      }
      try (InputStream in = zip.getInputStream(zip.getEntry("y_train.npy"))) {
        Npy.Header h = Npy.readHeader(in, "y_train", Long.MAX_VALUE);
        assertThat(h.descr()).isEqualTo("|u1");
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(labels, IdxFiles.LABELS_HEADER_BYTES, labels.length));
      }
    }
    assertThat(Npz.read(out).train().pixels()).isEqualTo(Mnist.readSet(FIXTURE, "train").pixels());
  }

  @Test void writeUint8RefusesValuesThatAreNotWholeNumbersOf255ths() {
    DataSplit d = new DataSplit(Images.vectors(new float[] {1f, 0.5f}, 2, null), Images.vectors(new float[] {0f, 1f}, 2, null));

    assertThatThrownBy(() -> Npz.writeUint8(dir.resolve("x.npz"), d)).isInstanceOf(BadDataException.class)
        .hasMessage("training example 0 value 1 is 0.5, not k / 255 for a whole k in 0..255; write float32 values with Npz.write instead");
    assertThat(dir.resolve("x.npz")).doesNotExist();
  }

  // ---- bad files: one line naming the file and the array ----

  private Path npz(Map<String, byte[]> entries) throws IOException { return NpzFiles.zip(dir.resolve("bad.npz"), entries); }

  private static byte[] x(long n) { return npy("|u1", new long[] {n, 2, 2}, new byte[(int) (4 * n)]); }

  private void assertBad(Path f, String message) {
    assertThatThrownBy(() -> Npz.read(f)).isInstanceOf(BadDataException.class).hasMessage(f + message);
  }

  @Test void anEmptyNpzSaysWhatItShouldHold() throws IOException {
    assertBad(npz(Map.of()), " holds no arrays; a .npz in Keras's mnist.npz convention holds x_train and x_test, and optionally"
        + " y_train and y_test");
  }

  @Test void aMissingXTrainIsNamedWithWhatTheFileHolds() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("x_test.npy", x(1));
    e.put("y_test.npy", npy("|u1", new long[] {1}, new byte[1]));
    assertBad(npz(e), " has no x_train array (it holds x_test, y_test); a .npz in Keras's mnist.npz convention holds x_train and"
        + " x_test, and optionally y_train and y_test");
  }

  @Test void aMissingXTestIsNamed() throws IOException {
    assertBad(npz(Map.of("x_train.npy", x(1))), " has no x_test array (it holds x_train); a .npz in Keras's mnist.npz convention"
        + " holds x_train and x_test, and optionally y_train and y_test");
  }

  @Test void xTrainAndXTestOfInconsistentShapesAreRefused() throws IOException {
    assertBad(npz(Map.of("x_train.npy", x(3), "x_test.npy", npy("|u1", new long[] {2, 2, 3}, new byte[12]))),
        ": x_test has shape (2, 2, 3) but x_train has (3, 2, 2); their examples must have the same shape");
    assertBad(npz(Map.of("x_train.npy", x(3), "x_test.npy", npy("|u1", new long[] {2, 4}, new byte[8]))),
        ": x_test has shape (2, 4) but x_train has (3, 2, 2); their examples must have the same shape");
  }

  @Test void aLabelCountThatDiffersFromTheImagesIsRefused() throws IOException {
    assertBad(npz(Map.of("x_train.npy", x(3), "y_train.npy", npy("|u1", new long[] {2}, new byte[2]), "x_test.npy", x(1))),
        ": y_train has 2 labels but x_train has 3 examples");
  }

  @Test void unsupportedDtypesAreNamed() throws IOException {
    assertBad(npz(Map.of("x_train.npy", npy("<i4", new long[] {1, 2}, new byte[8]), "x_test.npy", x(1))),
        ": x_train has dtype int32; expected uint8, float32 or float64");
    assertBad(npz(Map.of("x_train.npy", npy("|b1", new long[] {1, 2}, new byte[2]), "x_test.npy", x(1))),
        ": x_train has dtype bool; expected uint8, float32 or float64");
    assertBad(npz(Map.of("x_train.npy", x(1), "x_test.npy", x(1), "y_test.npy", npy("<f4", new long[] {1}, new byte[4]))),
        ": y_test has dtype float32; labels need an integer dtype");
  }

  @Test void shapesThatAreNeitherImagesNorVectorsAreRefused() throws IOException {
    assertBad(npz(Map.of("x_train.npy", npy("|u1", new long[] {4}, new byte[4]), "x_test.npy", x(1))),
        ": x_train has shape (4,); expected (n, height, width) for images or (n, dim) for vectors");
    assertBad(npz(Map.of("x_train.npy", npy("|u1", new long[] {1, 2, 2, 1}, new byte[4]), "x_test.npy", x(1))),
        ": x_train has shape (1, 2, 2, 1); expected (n, height, width) for images or (n, dim) for vectors");
    assertBad(npz(Map.of("x_train.npy", x(1), "x_test.npy", npy("|u1", new long[] {3, 0}, new byte[0]))),
        ": x_test has shape (3, 0); each example needs at least one value");
    assertBad(npz(Map.of("x_train.npy", x(2), "y_train.npy", npy("|u1", new long[] {2, 2}, new byte[4]), "x_test.npy", x(1))),
        ": y_train has shape (2, 2); expected (n,) or (n, 1)");
  }

  @Test void aHeaderPromisingMoreThanItsEntryHoldsIsRefusedBeforeReading() throws IOException {
    assertBad(npz(Map.of("x_train.npy", npy("|u1", new long[] {60000, 28, 28}, new byte[100]), "x_test.npy", x(1))),
        ": x_train is truncated: its header promises uint8 data of shape (60000, 28, 28), 47040000 bytes, but its entry holds 228"
            + " bytes in all");
  }

  @Test void dataShorterOrLongerThanTheShapeIsRefused() throws IOException {
    byte[] whole = npy("<f4", new long[] {1, 4}, f4(1f, 2f, 3f, 4f));
    assertBad(npz(Map.of("x_train.npy", whole, "x_test.npy", Arrays.copyOf(whole, whole.length + 4))),
        ": x_test has data beyond its shape [1, 4]");
    byte[] cut = npy("<f4", new long[] {3, 4}, f4(1f, 2f, 3f, 4f));
    assertBad(npz(Map.of("x_train.npy", whole, "x_test.npy", cut)), ": x_test is truncated: shape [3, 4] needs 48 bytes of data, found 16");
  }

  @Test void aNonFiniteValueIsNamedByItsIndex() throws IOException {
    assertBad(npz(Map.of("x_train.npy", npy("<f4", new long[] {2, 1, 3}, f4(0f, 1f, 2f, 3f, Float.NaN, 5f)), "x_test.npy",
        npy("<f4", new long[] {1, 1, 3}, f4(0f, 0f, 0f)))), ": x_train[1, 0, 1] is NaN; values must be finite");
  }

  @Test void aFloat64BeyondTheFloat32RangeIsNamedAsSuchNotAsInfinity() throws IOException {
    assertBad(npz(Map.of("x_train.npy", npy("<f8", new long[] {1, 1, 2}, f8(ByteOrder.LITTLE_ENDIAN, new double[] {0.5, 1e300})),
        "x_test.npy", npy("<f8", new long[] {1, 1, 2}, f8(ByteOrder.LITTLE_ENDIAN, new double[] {0, 0})))),
        ": x_train value 1 is 1.0E300, out of float32 range (magnitudes up to 3.4e38); scale the data down");
  }

  @Test void aLabelBeyondTheIntRangeIsNamed() throws IOException {
    assertBad(npz(Map.of("x_train.npy", x(2), "y_train.npy", npy("<i8", new long[] {2}, ints(8, 1, 1L << 40)), "x_test.npy", x(1))),
        ": y_train[1] is 1099511627776, outside the range of an int label");
  }

  @Test void aFileThatIsNotAZipOrIsMissingIsNamed() throws IOException {
    Path text = Files.writeString(dir.resolve("text.npz"), "not a zip");
    assertThatThrownBy(() -> Npz.read(text)).isInstanceOf(BadDataException.class)
        .hasMessage(text + " is not a readable .npz (zip) file (zip END header not found); a .npz is a zip of .npy arrays, as"
            + " NumPy's savez writes");
    Path missing = dir.resolve("none.npz");
    assertThatThrownBy(() -> Npz.read(missing)).isInstanceOf(BadDataException.class).hasMessage(missing + " does not exist");
    assertThatThrownBy(() -> DataSplit.read(missing)).isInstanceOf(BadDataException.class).hasMessage(missing + " does not exist");
  }

  @Test void anArrayThatIsNotNpyIsNamed() throws IOException {
    assertBad(npz(Map.of("x_train.npy", "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "x_test.npy", x(1))),
        ": x_train is not a .npy array (bad magic)");
  }

  private static Path fixture() {
    try {
      return Path.of(NpzTest.class.getResource("/mnist-fixture").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
