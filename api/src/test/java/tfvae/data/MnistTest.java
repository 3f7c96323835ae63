package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static tfvae.data.IdxFiles.unsigned;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.BadDataException;

// Whole-set arrays (up to 784000 pixels) are compared with isEqualTo, which is Arrays.equals: AssertJ's
// containsExactly diffs the two lists in quadratic time and takes minutes on arrays this long.
class MnistTest {
  /** The first 1000 training and 200 test images of the real MNIST files; see MakeMnistFixture. */
  private static final Path FIXTURE = resource("/mnist-fixture");
  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  private static final int[] TRAIN_FIRST_LABELS = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
  private static final int[] TEST_FIRST_LABELS = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};

  @TempDir Path dir;

  // ---- the committed fixture ----

  @Test void fixtureTrainingSetHolds1000LabelledImagesOf28x28WithEveryDigitAndPixelsInUnitRange() {
    Images train = Mnist.readSet(FIXTURE, "train");

    assertThat(train.count()).isEqualTo(MakeMnistFixture.TRAIN_COUNT).isEqualTo(1000);
    assertThat(train.height()).isEqualTo(28);
    assertThat(train.width()).isEqualTo(28);
    assertThat(train.hasLabels()).isTrue();
    assertThat(IntStream.of(train.labels()).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertPixelsAreBytesOver255(train.pixels());
  }

  @Test void fixtureTestSetHolds200LabelledImagesOf28x28() {
    Images test = Mnist.readSet(FIXTURE, "t10k");

    assertThat(test.count()).isEqualTo(MakeMnistFixture.TEST_COUNT).isEqualTo(200);
    assertThat(test.height()).isEqualTo(28);
    assertThat(test.width()).isEqualTo(28);
    assertThat(IntStream.of(test.labels()).allMatch(l -> l >= 0 && l <= 9)).isTrue();
    assertPixelsAreBytesOver255(test.pixels());
  }

  @Test void firstLabelsEqualTheRealMnistLabelsStartingWithFive() {
    assertThat(Mnist.readSet(FIXTURE, "train").label(0)).isEqualTo(5);
    assertThat(Arrays.copyOf(Mnist.readSet(FIXTURE, "train").labels(), 10)).containsExactly(TRAIN_FIRST_LABELS);
    assertThat(Arrays.copyOf(Mnist.readSet(FIXTURE, "t10k").labels(), 10)).containsExactly(TEST_FIRST_LABELS);
  }

  @Test void pixelsAreTheFileBytesOver255InRowMajorOrder() throws IOException {
    byte[] file = IdxFiles.readDecompressed(FIXTURE.resolve(TRAIN_IMAGES + ".gz"));
    Images train = Mnist.readSet(FIXTURE, "train");

    float[] expected = new float[file.length - IdxFiles.IMAGES_HEADER_BYTES];
    for (int i = 0; i < expected.length; i++) expected[i] = (file[IdxFiles.IMAGES_HEADER_BYTES + i] & 0xff) / 255f;
    assertThat(train.pixels()).isEqualTo(expected);
  }

  @Test void rawAndGzippedFilesGiveIdenticalData() throws IOException {
    for (String prefix : new String[] {"train", "t10k"}) {
      for (String name : new String[] {prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"})
        Files.write(dir.resolve(name), IdxFiles.readDecompressed(FIXTURE.resolve(name + ".gz")));
      Images gz = Mnist.readSet(FIXTURE, prefix), raw = Mnist.readSet(dir, prefix);

      assertThat(raw.count()).isEqualTo(gz.count());
      assertThat(raw.pixels()).isEqualTo(gz.pixels());
      assertThat(raw.labels()).isEqualTo(gz.labels());
    }
  }

  @Test void rawFileIsReadWhenTheGzippedOneIsAlsoPresent() throws IOException {
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 1, 1, 2, unsigned(255, 255), false);
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES + ".gz"), 1, 1, 2, unsigned(0, 0), true);
    IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 1, unsigned(7), false);

    assertThat(Mnist.readSet(dir, "train").image(0)).containsExactly(1f, 1f);
  }

  @ParameterizedTest(name = "{0}, {1}") @CsvSource({
      "train-images-idx3-ubyte, train-labels-idx1-ubyte.gz", "train-images.idx3-ubyte, train-labels.idx1-ubyte",
      "train-images.idx3-ubyte.gz, train-labels-idx1-ubyte", "train-images-idx3-ubyte.gz, train-labels.idx1-ubyte.gz"})
  void everyCommonFileNameIsRead(String imagesName, String labelsName) throws IOException {
    Path images = Files.write(dir.resolve(imagesName), gzipIf(imagesName, IdxFiles.readDecompressed(FIXTURE.resolve(TRAIN_IMAGES + ".gz"))));
    Files.write(dir.resolve(labelsName), gzipIf(labelsName, IdxFiles.readDecompressed(FIXTURE.resolve(TRAIN_LABELS + ".gz"))));
    Images expected = Mnist.readSet(FIXTURE, "train");

    Images read = Mnist.readSet(dir, "train");

    assertThat(read.pixels()).isEqualTo(expected.pixels());
    assertThat(read.labels()).isEqualTo(expected.labels());
    assertThatThrownBy(() -> DataSplit.assignment(dir, 600, 401).binarize()).hasMessageStartingWith(images + " holds 1000 images");
  }

  @Test void theStandardNameIsPreferredToTheDottedOneAndRawToGzipped() throws IOException {
    IdxFiles.writeImages(dir.resolve("train-images.idx3-ubyte"), 1, 1, 2, unsigned(0, 0), false);
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES + ".gz"), 1, 1, 2, unsigned(0, 255), true);
    IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 1, unsigned(7), false);
    assertThat(Mnist.readSet(dir, "train").image(0)).containsExactly(0f, 0f);

    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 1, 1, 2, unsigned(255, 0), false);
    assertThat(Mnist.readSet(dir, "train").image(0)).containsExactly(1f, 0f);
  }

  // ---- the split ----

  @Test void readGivesTheAssignmentsSplitInGrayscaleAndLoadIsItsBinarization() {
    Images all = Mnist.readSet(FIXTURE, "train");
    DataSplit gray = DataSplit.assignment(FIXTURE, 600, 400), bin = DataSplit.assignment(FIXTURE, 600, 400).binarize();

    assertThat(gray.train().pixels()).isEqualTo(all.slice(0, 600).pixels());
    assertThat(gray.test().pixels()).isEqualTo(all.slice(600, 1000).pixels());
    assertThat(gray.train().isBinary()).isFalse();
    assertThat(bin.train().pixels()).isEqualTo(gray.binarize().train().pixels());
    assertThat(bin.test().pixels()).isEqualTo(gray.binarize().test().pixels());
    assertThat(bin.test().labels()).isEqualTo(gray.test().labels());
  }

  @Test void theStandardSplitIsTheWholeTrainFileAndTheWholeT10kFileInGrayscale() {
    DataSplit std = DataSplit.read(FIXTURE), bin = DataSplit.read(FIXTURE).binarize();

    assertThat(std.train().pixels()).isEqualTo(Mnist.readSet(FIXTURE, "train").pixels());
    assertThat(std.test().pixels()).isEqualTo(Mnist.readSet(FIXTURE, "t10k").pixels());
    assertThat(std.train().count()).isEqualTo(1000);
    assertThat(std.test().count()).isEqualTo(200);
    assertThat(Arrays.copyOf(std.test().labels(), 10)).containsExactly(TEST_FIRST_LABELS);
    assertThat(bin.train().pixels()).isEqualTo(std.train().binarize().pixels());
    assertThat(bin.test().pixels()).isEqualTo(std.test().binarize().pixels());
    assertThat(DataSplit.read(FIXTURE).test().pixels()).isEqualTo(std.test().pixels());
  }

  @Test void theStandardSplitRefusesTestImagesOfAnotherSize() throws IOException {
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 1, 2, 2, new byte[4], false);
    IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 1, unsigned(1), false);
    Path t10k = IdxFiles.writeImages(dir.resolve("t10k-images.idx3-ubyte"), 1, 1, 4, new byte[4], false);
    IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), 1, unsigned(1), false);

    assertThatThrownBy(() -> DataSplit.read(dir)).isInstanceOf(BadDataException.class)
        .hasMessage(t10k + " holds images of 1x4 pixels but " + dir.resolve(TRAIN_IMAGES) + " holds 2x2");
  }

  @Test void loadTakesImages0To599ToTrainAnd600To999ToTestWithTheirLabels() {
    Images all = Mnist.readSet(FIXTURE, "train");
    DataSplit data = DataSplit.assignment(FIXTURE, 600, 400).binarize();

    assertThat(data.train().count()).isEqualTo(600);
    assertThat(data.test().count()).isEqualTo(400);
    assertThat(data.train().pixels()).isEqualTo(all.slice(0, 600).binarize().pixels());
    assertThat(data.test().pixels()).isEqualTo(all.slice(600, 1000).binarize().pixels());
    assertThat(data.train().labels()).isEqualTo(Arrays.copyOfRange(all.labels(), 0, 600));
    assertThat(data.test().labels()).isEqualTo(Arrays.copyOfRange(all.labels(), 600, 1000));
    assertThat(data.train().label(0)).isEqualTo(5);
  }

  @Test void onAFileTooSmallForTheAssignmentsSplitTheTestImagesFollowTheTrainingImages() {
    Images all = Mnist.readSet(FIXTURE, "train");
    DataSplit data = DataSplit.assignment(FIXTURE, 100, 100).binarize();

    assertThat(data.train().pixels()).isEqualTo(all.slice(0, 100).binarize().pixels());
    assertThat(data.test().pixels()).isEqualTo(all.slice(100, 200).binarize().pixels());
  }

  @Test void aSmallSplitOfAFullSizeFileIsAPrefixOfTheAssignmentsTrainingAndTestSets() throws IOException {
    writeNumberedImages(10_100);

    DataSplit data = DataSplit.assignment(dir, 100, 100).binarize();

    assertThat(numbers(data.train())).containsExactly(IntStream.range(0, 100).toArray());
    assertThat(numbers(data.test())).containsExactly(IntStream.range(10_000, 10_100).toArray());
    assertThat(data.test().labels()).containsExactly(IntStream.range(10_000, 10_100).map(i -> i % 10).toArray());
    assertThat(numbers(DataSplit.assignment(dir, 10_000, 100).binarize().test())).containsExactly(IntStream.range(10_000, 10_100).toArray());
  }

  @Test void theDebugSubsetOfTheAssignmentsSplitIsLoad100And100() throws IOException {
    writeNumberedImages(20_000);

    DataSplit debug = DataSplit.assignment(dir).binarize().debugSubset(), small = DataSplit.assignment(dir, 100, 100).binarize();

    assertThat(numbers(debug.train())).containsExactly(IntStream.range(0, 100).toArray());
    assertThat(numbers(debug.test())).containsExactly(IntStream.range(10_000, 10_100).toArray());
    assertThat(small.train().pixels()).isEqualTo(debug.train().pixels());
    assertThat(small.test().pixels()).isEqualTo(debug.test().pixels());
    assertThat(small.train().labels()).isEqualTo(debug.train().labels());
    assertThat(small.test().labels()).isEqualTo(debug.test().labels());
  }

  @Test void moreThan10000TrainingImagesAreFollowedDirectlyByTheTestImages() throws IOException {
    writeNumberedImages(10_100);

    DataSplit data = DataSplit.assignment(dir, 10_001, 99).binarize();

    assertThat(numbers(data.train())).containsExactly(IntStream.range(0, 10_001).toArray());
    assertThat(numbers(data.test())).containsExactly(IntStream.range(10_001, 10_100).toArray());
  }

  @Test void loadGivesImagesOfExactlyZeroAndOneSetWhereTheByteIsAtLeast128() throws IOException {
    byte[] file = IdxFiles.readDecompressed(FIXTURE.resolve(TRAIN_IMAGES + ".gz"));
    DataSplit data = DataSplit.assignment(FIXTURE, 600, 400).binarize();

    assertThat(data.train().isBinary()).isTrue();
    assertThat(data.test().isBinary()).isTrue();
    float[] expected = new float[1000 * 784];
    for (int i = 0; i < expected.length; i++) expected[i] = (file[IdxFiles.IMAGES_HEADER_BYTES + i] & 0xff) >= 128 ? 1f : 0f;
    assertThat(data.train().pixels()).contains(0f, 1f).isEqualTo(Arrays.copyOfRange(expected, 0, 600 * 784));
    assertThat(data.test().pixels()).isEqualTo(Arrays.copyOfRange(expected, 600 * 784, 1000 * 784));
  }

  @Test void loadBinarizesAsPixelOver255AboveHalfSo128BecomesOneAnd127Zero() throws IOException {
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 2, 2, 3, unsigned(0, 1, 127, 128, 129, 255, 128, 127, 128, 127, 128, 127), false);
    IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 2, unsigned(3, 8), false);

    DataSplit data = DataSplit.assignment(dir, 1, 1).binarize();

    assertThat(data.train().image(0)).containsExactly(0f, 0f, 0f, 1f, 1f, 1f);
    assertThat(data.test().image(0)).containsExactly(1f, 0f, 1f, 0f, 1f, 0f);
    assertThat(data.train().labels()).containsExactly(3);
    assertThat(data.test().labels()).containsExactly(8);
  }

  @Test void assignmentSplitOnTheFixtureFailsSayingItNeeds20000Images() {
    assertThatThrownBy(() -> DataSplit.assignment(FIXTURE).binarize())
        .isInstanceOf(BadDataException.class)
        .hasMessageStartingWith(FIXTURE.resolve(TRAIN_IMAGES).toString())
        .hasMessageContaining(" holds 1000 images, but the split needs 10000 + 10000 = 20000;"
            + " ask for at most 1000 in all (smaller nTrain and nTest)");
  }

  @Test void splitOneImageLargerThanTheFileFailsNamingTheCounts() {
    assertThatThrownBy(() -> DataSplit.assignment(FIXTURE, 600, 401).binarize())
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining(" holds 1000 images, but the split needs 600 + 401 = 1001;");
  }

  @ParameterizedTest @CsvSource({"0, 1", "1, 0", "-3, 5"})
  void loadRejectsCountsBelowOne(int nTrain, int nTest) {
    assertThatThrownBy(() -> DataSplit.assignment(FIXTURE, nTrain, nTest).binarize())
        .isInstanceOf(BadDataException.class)
        .hasMessage("nTrain and nTest must be at least 1, got " + nTrain + " and " + nTest);
  }

  // ---- missing files ----

  @Test void missingDirectoryFailsSayingWhatItShouldHold() {
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(() -> DataSplit.assignment(missing, 1, 1).binarize())
        .isInstanceOf(BadDataException.class)
        .hasMessage("MNIST directory " + missing + " does not exist; expected a directory holding the idx files"
            + " train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or gzipped");
  }

  @Test void aFileWhereTheDirectoryShouldBeFailsSayingItIsNotADirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("mnist"), "not a directory");

    assertThatThrownBy(() -> Mnist.readSet(file, "t10k"))
        .isInstanceOf(BadDataException.class)
        .hasMessage("MNIST directory " + file + " is not a directory; expected a directory holding the idx files"
            + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, raw or gzipped");
  }

  @Test void missingLabelsFileFailsNamingBothAcceptedNames() throws IOException {
    writeImages(3, 2, 2);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(dir + " has no train-labels-idx1-ubyte (nor train-labels.idx1-ubyte, nor either with .gz); expected the idx files"
            + " train-images-idx3-ubyte and train-labels-idx1-ubyte there, raw or gzipped");
  }

  @Test void missingImagesFileFailsNamingBothAcceptedNames() {
    assertThatThrownBy(() -> Mnist.readSet(dir, "t10k"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(dir + " has no t10k-images-idx3-ubyte (nor t10k-images.idx3-ubyte, nor either with .gz); expected the idx files"
            + " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte there, raw or gzipped");
  }

  @Test void libraryMessagesGiveNoCommandLineAdvice() {
    assertThatThrownBy(() -> DataSplit.assignment(dir.resolve("nowhere")).binarize()).hasMessageNotContaining("fetch-mnist").hasMessageNotContaining("--data");
    assertThatThrownBy(() -> DataSplit.assignment(dir).binarize()).hasMessageNotContaining("fetch-mnist").hasMessageNotContaining("--data");
  }

  @Test void anUnreadableFileFailsSayingPermissionDenied() throws IOException {
    Path images = writeImages(3, 2, 2);
    Files.setPosixFilePermissions(images, java.util.Set.of());
    assumeFalse(Files.isReadable(images), "running as root: file permissions do not stop reading");

    assertThatThrownBy(() -> Mnist.readImages(images))
        .isInstanceOf(BadDataException.class)
        .hasMessage("cannot read " + images + ": permission denied; give this user read access to it");
  }

  @Test void aDirectoryReadAsAnIdxFileFailsSayingWhy() throws IOException {
    Path images = Files.createDirectory(dir.resolve(TRAIN_IMAGES));

    assertThatThrownBy(() -> Mnist.readImages(images))
        .isInstanceOf(BadDataException.class)
        .hasMessage("cannot read " + images + ": Is a directory");
  }

  @Test void readingAMissingFileDirectlySaysItDoesNotExist() {
    Path missing = dir.resolve(TRAIN_IMAGES);

    assertThatThrownBy(() -> Mnist.readImages(missing)).isInstanceOf(BadDataException.class).hasMessage(missing + " does not exist");
    assertThatThrownBy(() -> Mnist.readLabels(missing)).isInstanceOf(BadDataException.class).hasMessage(missing + " does not exist");
  }

  // ---- malformed files, one per failure ----

  @Test void imagesFileWithTheLabelMagicNumberIsRejected() throws IOException {
    Path images = IdxFiles.write(dir.resolve(TRAIN_IMAGES), false, IdxFiles.LABELS_MAGIC, new int[] {3, 2, 2}, new byte[12]);
    writeLabels(3);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is not an idx image file: magic number 0x00000801, expected 0x00000803");
  }

  @Test void labelsFileWithTheImageMagicNumberIsRejected() throws IOException {
    writeImages(3, 2, 2);
    Path labels = IdxFiles.write(dir.resolve(TRAIN_LABELS), false, IdxFiles.IMAGES_MAGIC, new int[] {3}, new byte[3]);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + " is not an idx label file: magic number 0x00000803, expected 0x00000801");
  }

  @Test void gzippedFileWithoutTheGzSuffixIsRejectedByItsMagicNumber() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 3, 2, 2, new byte[12], true);
    writeLabels(3);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is not an idx image file: magic number 0x1f8b0800, expected 0x00000803");
  }

  @Test void fileWithTheGzSuffixThatIsNotGzippedCannotBeRead() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES + ".gz"), 3, 2, 2, new byte[12], false);
    writeLabels(3);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is not valid gzip data (Not in GZIP format); its name ends in .gz, so it must be a gzipped idx file");
  }

  @Test void imagesFileWithTenImagesInItsHeaderButDataForNineIsTruncated() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 10, 28, 28, new byte[9 * 28 * 28], false);
    writeLabels(10);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is truncated: its header promises images 10 x 28 x 28 but the data ends early");
  }

  @Test void labelsFileWithTenLabelsInItsHeaderButNineIsTruncated() throws IOException {
    writeImages(10, 2, 2);
    Path labels = IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 10, new byte[9], false);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + " is truncated: its header promises 10 labels but the data ends early");
  }

  @Test void gzippedImagesFileCutInHalfIsTruncated() throws IOException {
    byte[] noise = new byte[100 * 28 * 28];   // incompressible, so half the .gz holds the header and some pixels
    new SplittableRandom(7).nextBytes(noise);
    Path whole = IdxFiles.writeImages(dir.resolve("whole.gz"), 100, 28, 28, noise, true);
    byte[] gz = Files.readAllBytes(whole);
    Path images = Files.write(dir.resolve(TRAIN_IMAGES + ".gz"), Arrays.copyOf(gz, gz.length / 2));
    writeLabels(100);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is truncated: its header promises images 100 x 28 x 28 but the data ends early");
  }

  @ParameterizedTest(name = "{0} header bytes") @CsvSource({"0", "4", "6", "15"})
  void imagesFileEndingInsideItsHeaderIsTruncated(int length) throws IOException {
    byte[] header = unsigned(0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28);
    Path images = IdxFiles.writeBytes(dir.resolve(TRAIN_IMAGES), Arrays.copyOf(header, length), false);
    writeLabels(1);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is truncated: it ends inside its header");
  }

  @Test void labelsFileEndingInsideItsHeaderIsTruncated() throws IOException {
    writeImages(1, 2, 2);
    Path labels = IdxFiles.writeBytes(dir.resolve(TRAIN_LABELS + ".gz"), unsigned(0, 0, 8, 1, 0, 0), true);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + " is truncated: it ends inside its header");
  }

  @Test void imagesFileWithDataBeyondWhatItsHeaderPromisesIsRejected() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 9, 28, 28, new byte[10 * 28 * 28], false);
    writeLabels(9);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " has data beyond the images 9 x 28 x 28 its header promises");
  }

  @Test void labelsFileWithDataBeyondWhatItsHeaderPromisesIsRejected() throws IOException {
    writeImages(9, 2, 2);
    Path labels = IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS + ".gz"), 9, new byte[10], true);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + " has data beyond the 9 labels its header promises");
  }

  @Test void imageAndLabelCountsThatDifferAreRejectedNamingBothFiles() throws IOException {
    Path images = writeImages(10, 2, 2);
    Path labels = writeLabels(9);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " holds 10 images but " + labels + " holds 9 labels");
  }

  static Stream<Arguments> impossibleDimensions() {
    return Stream.of(
        arguments(-1, 28, 28), arguments(10, 0, 28), arguments(10, 28, 0), arguments(10, -28, 28),
        arguments(10, 4097, 28), arguments(10, 28, 4097), arguments(3_000_000, 28, 28),   // 2.35e9 bytes > int range
        arguments(Integer.MAX_VALUE, 4096, 4096));
  }

  @ParameterizedTest(name = "{0} x {1} x {2}") @MethodSource("impossibleDimensions")
  void imagesHeaderWithImpossibleDimensionsIsRejectedBeforeReadingData(int n, int rows, int cols) throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), n, rows, cols, new byte[0], false);
    writeLabels(10);

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " has impossible dimensions " + n + " x " + rows + " x " + cols);
  }

  @ParameterizedTest @CsvSource({"-1", "2147483647"})
  void labelsHeaderWithAnImpossibleCountIsRejected(int n) throws IOException {
    Path labels = IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), n, new byte[0], false);

    assertThatThrownBy(() -> Mnist.readLabels(labels))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + " has an impossible label count " + n);
  }

  // ---- headers that promise more than the heap holds ----

  @Test void aGzipBombWhoseHeaderPromises8GbOfPixelsIsRejectedBeforeItsDataIsRead() throws IOException {
    Path bomb = IdxFiles.writeGzippedZeros(dir.resolve(TRAIN_IMAGES + ".gz"), IdxFiles.IMAGES_MAGIC, new int[] {120, 4096, 4096}, 1 << 22);
    writeLabels(120);
    long max = Runtime.getRuntime().maxMemory();
    assumeTrue(max < 8_053_063_680L, "this JVM's heap could hold 8 GB");

    assertThatThrownBy(() -> Mnist.readSet(dir, "train"))
        .isInstanceOf(BadDataException.class)
        .hasMessage(bomb + ": the 120 images of 4096 x 4096 pixels its header promises need 8.05 GB of memory, more than this"
            + " JVM's maximum heap of " + Mnist.Values.size(max) + "; if the file is damaged, replace it; if it is genuine,"
            + " give the JVM more memory (-Xmx)");
  }

  @Test void aLabelsHeaderPromisingMoreThanTheHeapIsRejectedBeforeItsDataIsRead() throws IOException {
    Path labels = IdxFiles.writeGzippedZeros(dir.resolve(TRAIN_LABELS + ".gz"), IdxFiles.LABELS_MAGIC, new int[] {2_000_000_000}, 1 << 20);
    long max = Runtime.getRuntime().maxMemory();
    assumeTrue(max < 8_000_000_000L, "this JVM's heap could hold 8 GB");

    assertThatThrownBy(() -> Mnist.readLabels(labels))
        .isInstanceOf(BadDataException.class)
        .hasMessage(labels + ": the 2000000000 labels its header promises need 8.00 GB of memory, more than this JVM's maximum"
            + " heap of " + Mnist.Values.size(max) + "; if the file is damaged, replace it; if it is genuine, give the JVM more"
            + " memory (-Xmx)");
  }

  @Test void aHeaderThatFitsTheHeapButIsNotBackedByDataAllocatesOnlyWhatArrives() throws IOException {
    // 500 MB of floats promised, 1 MB delivered: read incrementally, it is reported truncated without the 500 MB
    Path images = IdxFiles.writeGzippedZeros(dir.resolve(TRAIN_IMAGES + ".gz"), IdxFiles.IMAGES_MAGIC, new int[] {7450, 128, 128}, 1 << 20);
    long before = resetPeakHeap();

    assertThatThrownBy(() -> Mnist.readImages(images))
        .isInstanceOf(BadDataException.class)
        .hasMessage(images + " is truncated: its header promises images 7450 x 128 x 128 but the data ends early");
    assertThat(peakHeap() - before).as("heap taken while reading").isLessThan(100_000_000L);
  }

  @Test void inAJvmWith64MbOfHeapBombsEndInBadDataExceptionsNotAnOutOfMemoryError() throws Exception {
    // A: promises 8 GB and delivers 100 MB of zeros (a 100 KB file); B: promises 49 MB, under the heap's maximum, and
    // delivers all of it, more than the 64 MB heap can hold while the array grows
    Path a = IdxFiles.writeGzippedZeros(dir.resolve("a.gz"), IdxFiles.IMAGES_MAGIC, new int[] {120, 4096, 4096}, 100_000_000);
    Path b = IdxFiles.writeGzippedZeros(dir.resolve("b.gz"), IdxFiles.IMAGES_MAGIC, new int[] {3000, 64, 64}, 3000 * 64 * 64);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), MnistReadProbe.class.getName(), a.toString(), b.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    String[] lines = out.split("\n");
    long max = Long.parseLong(lines[0].substring("maxMemory ".length()));
    String heap = Mnist.Values.size(max);
    assertThat(lines).containsExactly(lines[0],
        a + ": the 120 images of 4096 x 4096 pixels its header promises need 8.05 GB of memory, more than this JVM's maximum"
            + " heap of " + heap + "; if the file is damaged, replace it; if it is genuine, give the JVM more memory (-Xmx)",
        b + ": the 3000 images of 64 x 64 pixels its header promises do not fit in this JVM's heap (maximum " + heap + "); if"
            + " the file is damaged, replace it; if it is genuine, give the JVM more memory (-Xmx)");
  }

  private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()).toList();

  /** Resets the heap pools' peak usage. @return the heap in use now, by the same pools */
  private static long resetPeakHeap() {
    HEAP_POOLS.forEach(MemoryPoolMXBean::resetPeakUsage);
    return HEAP_POOLS.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
  }

  /** @return the sum of the heap pools' peak usage since the last reset: at least the heap's peak */
  private static long peakHeap() { return HEAP_POOLS.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum(); }

  @Test void emptyImageSetWithNoLabelsIsReadAsZeroImages() throws IOException {
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), 0, 28, 28, new byte[0], false);
    IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), 0, new byte[0], false);

    Images none = Mnist.readSet(dir, "train");

    assertThat(none.count()).isZero();
    assertThat(none.dim()).isEqualTo(784);
    assertThatThrownBy(() -> DataSplit.assignment(dir, 1, 1).binarize()).isInstanceOf(BadDataException.class)
        .hasMessageContaining(" holds 0 images, but the split needs 1 + 1 = 2;");
  }

  // ---- helpers ----

  private static byte[] gzipIf(String name, byte[] raw) throws IOException {
    if (!name.endsWith(".gz")) return raw;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  /** Writes a valid raw train-images file of n images, pixel i of the file being i mod 256. */
  private Path writeImages(int n, int rows, int cols) throws IOException {
    byte[] px = new byte[n * rows * cols];
    for (int i = 0; i < px.length; i++) px[i] = (byte) i;
    return IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), n, rows, cols, px, false);
  }

  /** Writes n raw 4 x 4 training images whose 16 binarized pixels spell the image's index in binary; label = index mod 10. */
  private void writeNumberedImages(int n) throws IOException {
    byte[] px = new byte[n * 16];
    for (int i = 0; i < n; i++) for (int bit = 0; bit < 16; bit++) px[16 * i + bit] = (byte) ((i >> bit & 1) * 255);
    IdxFiles.writeImages(dir.resolve(TRAIN_IMAGES), n, 4, 4, px, false);
    writeLabels(n);
  }

  /** @return the index spelled by each image of {@link #writeNumberedImages} */
  private static int[] numbers(Images images) {
    int[] out = new int[images.count()];
    for (int i = 0; i < out.length; i++) {
      float[] im = images.image(i);
      for (int bit = 0; bit < 16; bit++) out[i] |= (im[bit] == 1f ? 1 : 0) << bit;
    }
    return out;
  }

  /** Writes a valid raw train-labels file of n labels 0, 1, .., 9, 0, 1, .. */
  private Path writeLabels(int n) throws IOException {
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
    return IdxFiles.writeLabels(dir.resolve(TRAIN_LABELS), n, labels, false);
  }

  /** Asserts that every pixel is k / 255 for a whole k in [0, 255], and that both 0 and 1 occur. */
  private static void assertPixelsAreBytesOver255(float[] px) {
    float[] rounded = new float[px.length];
    for (int i = 0; i < px.length; i++) rounded[i] = Math.max(0, Math.min(255, Math.round(px[i] * 255f))) / 255f;
    assertThat(px).contains(0f, 1f).isEqualTo(rounded);
  }

  private static Path resource(String name) {
    URL url = MnistTest.class.getResource(name);
    if (url == null) throw new IllegalStateException("test resource " + name + " is missing");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
