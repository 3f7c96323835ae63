package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.BadDataException;

class ImagesTest {
  /** Four labelled 1x2 images: image i is {i / 10, i / 10 + 0.05}, label 10 + i. */
  private static Images four() {
    return Images.of(1, 2, new float[] {0f, 0.05f, 0.1f, 0.15f, 0.2f, 0.25f, 0.3f, 0.35f}, new int[] {10, 11, 12, 13});
  }

  // ---- validation in of() and ofRows() ----

  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        arguments((ThrowingCallable) () -> Images.of(2, 2, new float[5], null), "pixels has 5 values, not a multiple of 2x2 = 4"),
        arguments((ThrowingCallable) () -> Images.of(2, 2, new float[8], new int[3]), "there are 2 images but 3 labels"),
        arguments((ThrowingCallable) () -> Images.of(2, 2, new float[8], new int[0]), "there are 2 images but 0 labels"),
        arguments((ThrowingCallable) () -> Images.of(2, 2, pixelsWith(7, Float.NaN), null), "pixel 3 of image 1 is NaN; values must be finite"),
        arguments((ThrowingCallable) () -> Images.of(2, 2, pixelsWith(0, Float.POSITIVE_INFINITY), null),
            "pixel 0 of image 0 is Infinity; values must be finite"),
        arguments((ThrowingCallable) () -> Images.vectors(pixelsWith(6, Float.NEGATIVE_INFINITY), 4, null),
            "value 2 of vector 1 is -Infinity; values must be finite"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[6], 4, null), "values has 6 values, not a multiple of dim 4"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[8], 4, new int[1]), "there are 2 vectors but 1 labels"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[0], 0, null), "dim must be at least 1, got 0"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[][] {new float[3], new float[2]}), "row 1 has 2 values, but row 0 has 3"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[0][]), "there are no rows to take the dimension from"),
        arguments((ThrowingCallable) () -> Images.vectors(new float[8], 4, null).withImageShape(3, 1),
            "an image shape of 3x1 does not fit examples of 4 values"),
        arguments((ThrowingCallable) () -> Images.of(0, 3, new float[0], null), "image size must be at least 1x1, got 0x3"),
        arguments((ThrowingCallable) () -> Images.ofRows(new float[][] {new float[4], new float[3]}, 2, 2),
            "row 1 has 3 values, expected 2x2 = 4"));
  }

  @ParameterizedTest @MethodSource("invalidInputs")
  void ofRejectsInconsistentOrOutOfRangeInputNamingTheProblem(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(BadDataException.class).hasMessage(message);
  }

  @Test void ofAcceptsPixelsOfExactlyZeroAndOneAndCountsImagesFromTheLength() {
    Images im = Images.of(2, 3, new float[] {0f, 1f, 0f, 1f, 0.5f, 1f, 0f, 0f, 0f, 0f, 0f, 0f}, null);

    assertThat(im.count()).isEqualTo(2);
    assertThat(im.height()).isEqualTo(2);
    assertThat(im.width()).isEqualTo(3);
    assertThat(im.dim()).isEqualTo(6);
    assertThat(im.hasLabels()).isFalse();
    assertThat(im.hasImageShape()).isTrue();
  }

  // ---- any finite values; vectors ----

  @Test void anyFiniteValueIsHeldAsItIs() {
    float[] v = {-3.5f, 0f, 1e30f, -Float.MAX_VALUE, Float.MIN_VALUE, 2f};
    Images im = Images.of(2, 3, v, null);

    assertThat(im.pixels()).containsExactly(v);
    assertThat(im.isBinary()).isFalse();
  }

  @Test void vectorsHaveADimensionButNoImageShapeAndSayWhatNeedsOne() {
    Images v = Images.vectors(new float[] {1f, -2f, 3f, 4f, 5f, 6f}, 3, new int[] {7, 8});

    assertThat(v.hasImageShape()).isFalse();
    assertThat(v.count()).isEqualTo(2);
    assertThat(v.dim()).isEqualTo(3);
    assertThat(v.image(1)).containsExactly(4f, 5f, 6f);
    assertThat(v.labels()).containsExactly(7, 8);
    assertThat(v.select(1, 0).hasImageShape()).isFalse();
    assertThat(v.slice(0, 1).binarize(0.5f).pixels()).containsExactly(1f, 0f, 1f);
    String why = " needs images with a height and width, but these are 2 vectors of 3 values; give them a shape with"
        + " withImageShape(height, width)";
    assertThatThrownBy(v::height).isInstanceOf(IllegalStateException.class).hasMessage("height()" + why);
    assertThatThrownBy(v::width).isInstanceOf(IllegalStateException.class).hasMessage("width()" + why);
  }

  @Test void concatKeepsBothSetsInOrderWithTheShapeAndLabelsTheyShare() {
    Images a = Images.of(1, 2, new float[] {0f, 1f, 0.5f, 0.25f}, new int[] {3, 4});
    Images b = Images.of(1, 2, new float[] {1f, 0f}, new int[] {7});
    Images ab = a.concat(b);
    assertThat(ab.count()).isEqualTo(3);
    assertThat(ab.pixels()).containsExactly(0f, 1f, 0.5f, 0.25f, 1f, 0f);
    assertThat(ab.labels()).containsExactly(3, 4, 7);
    assertThat(ab.height()).isEqualTo(1);
    Images noLabels = a.concat(Images.vectors(new float[] {1f, 1f}, 2, null));
    assertThat(noLabels.hasLabels()).isFalse();
    assertThat(noLabels.hasImageShape()).isFalse();
    assertThatThrownBy(() -> a.concat(Images.vectors(new float[] {1f, 1f, 1f}, 3, null)))
        .hasMessage("cannot concatenate examples of 2 values with examples of 3");
  }

  @Test void vectorsOfRowsStackTheRowsAndAShapeCanBeGivenAndTakenAway() {
    Images v = Images.vectors(new float[][] {{1f, 2f, 3f, 4f, 5f, 6f}, {6f, 5f, 4f, 3f, 2f, 1f}});

    Images im = v.withImageShape(2, 3);

    assertThat(im.hasImageShape()).isTrue();
    assertThat(im.height()).isEqualTo(2);
    assertThat(im.width()).isEqualTo(3);
    assertThat(im.pixels()).containsExactly(v.pixels());
    assertThat(im.asVectors().hasImageShape()).isFalse();
    assertThat(im.asVectors().pixels()).containsExactly(v.pixels());
  }

  @Test void toStringGivesCountShapeValueRangeAndLabels() {
    assertThat(Images.of(2, 3, new float[] {0f, 1f, 0f, 1f, 0.5f, 1f, 0f, 0f, 0f, 0f, 0f, 0f}, null))
        .hasToString("Images[2 images of 2x3, values in [0, 1], unlabelled]");
    assertThat(four()).hasToString("Images[4 images of 1x2, values in [0, 0.35], labels 10..13]");
    assertThat(four().binarize(0.1f)).hasToString("Images[4 images of 1x2, binary, labels 10..13]");
    assertThat(Images.vectors(new float[] {-1.5f, 3.25f}, 1, null)).hasToString("Images[2 vectors of 1, values in [-1.5, 3.25], unlabelled]");
    assertThat(Images.vectors(new float[] {7f}, 1, new int[] {3})).hasToString("Images[1 vector of 1, values in [7, 7], labels 3..3]");
    assertThat(four().slice(0, 0)).hasToString("Images[0 images of 1x2, labelled]");
  }

  @Test void ofRowsStacksRowsImageAfterImage() {
    Images im = Images.ofRows(new float[][] {{0f, 0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f, 0.7f}}, 2, 2);

    assertThat(im.count()).isEqualTo(2);
    assertThat(im.image(1)).containsExactly(0.4f, 0.5f, 0.6f, 0.7f);
    assertThat(im.toRows()).isDeepEqualTo(new float[][] {{0f, 0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f, 0.7f}});
  }

  // ---- copies ----

  @Test void ofCopiesItsArraysSoLaterChangesToThemDoNotShow() {
    float[] px = {0.1f, 0.2f, 0.3f, 0.4f};
    int[] labels = {1, 2};
    Images im = Images.of(1, 2, px, labels);

    px[0] = 0.9f;
    labels[0] = 7;

    assertThat(im.image(0)).containsExactly(0.1f, 0.2f);
    assertThat(im.label(0)).isEqualTo(1);
  }

  @Test void accessorsReturnCopiesSoChangingThemLeavesTheImagesAlone() {
    Images im = four();

    im.pixels()[0] = 1f;
    im.image(1)[0] = 1f;
    im.labels()[2] = 99;
    im.toRows()[3][1] = 1f;

    assertThat(im.pixels()).containsExactly(0f, 0.05f, 0.1f, 0.15f, 0.2f, 0.25f, 0.3f, 0.35f);
    assertThat(im.labels()).containsExactly(10, 11, 12, 13);
  }

  // ---- labels ----

  @Test void labelsAreReadByIndexAndTheirAbsenceIsAnIllegalState() {
    Images unlabelled = Images.of(1, 1, new float[] {0f, 1f}, null);

    assertThat(four().label(2)).isEqualTo(12);
    assertThatThrownBy(() -> unlabelled.label(0)).isInstanceOf(IllegalStateException.class).hasMessage("these images have no labels");
    assertThatThrownBy(unlabelled::labels).isInstanceOf(IllegalStateException.class).hasMessage("these images have no labels");
  }

  @Test void imageIndexOutsideTheSetIsRejectedNamingTheRange() {
    assertThatThrownBy(() -> four().image(4)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("image 4 is outside [0, 4)");
    assertThatThrownBy(() -> four().label(-1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("image -1 is outside [0, 4)");
  }

  // ---- slice, select, topHalf ----

  @Test void sliceTakesImagesFromInclusiveToExclusiveWithTheirLabels() {
    Images s = four().slice(1, 3);

    assertThat(s.count()).isEqualTo(2);
    assertThat(s.pixels()).containsExactly(0.1f, 0.15f, 0.2f, 0.25f);
    assertThat(s.labels()).containsExactly(11, 12);
    assertThat(four().slice(2, 2).count()).isZero();
    assertThat(four().slice(0, 4).pixels()).containsExactly(four().pixels());
  }

  @Test void sliceOutsideTheSetIsRejectedNamingTheRange() {
    assertThatThrownBy(() -> four().slice(2, 5)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("slice [2, 5) is outside [0, 4)");
    assertThatThrownBy(() -> four().slice(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("slice [-1, 2) is outside [0, 4)");
    assertThatThrownBy(() -> four().slice(3, 2)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("slice [3, 2) is outside [0, 4)");
  }

  @Test void selectTakesImagesInTheGivenOrderWithRepeatsAndLabels() {
    Images s = four().select(3, 0, 3);

    assertThat(s.count()).isEqualTo(3);
    assertThat(s.pixels()).containsExactly(0.3f, 0.35f, 0f, 0.05f, 0.3f, 0.35f);
    assertThat(s.labels()).containsExactly(13, 10, 13);
    assertThat(Images.of(1, 1, new float[] {0f, 1f}, null).select(1).hasLabels()).isFalse();
  }

  @Test void selectOfAnIndexOutsideTheSetIsRejected() {
    assertThatThrownBy(() -> four().select(0, 4)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("image 4 is outside [0, 4)");
  }

  @Test void theTopHalfMaskOfA28x28ImageObservesItsFirst14RowsThatIsItsFirst392Pixels() {
    float[] px = new float[2 * 784];
    for (int i = 0; i < px.length; i++) px[i] = i / (float) (px.length - 1);
    Images im = Images.of(28, 28, px, new int[] {4, 7});

    tfvae.Mask top = tfvae.Mask.topHalf(im.height(), im.width());

    assertThat(top.observedCount()).isEqualTo(392);
    assertThat(top.observe(im.image(0))).containsExactly(Arrays.copyOfRange(px, 0, 392));
    assertThat(top.observe(im.image(1))).containsExactly(Arrays.copyOfRange(px, 784, 784 + 392));
  }

  @Test void theTopHalfMaskOfAnOddHeightRoundsDown() {
    Images im = Images.of(3, 2, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, null);

    assertThat(tfvae.Mask.topHalf(im.height(), im.width()).observe(im.image(0))).containsExactly(0.1f, 0.2f);
  }

  // ---- binarization ----

  @Test void binarizeSetsPixelsStrictlyAboveHalfToOneAndTheRestToZero() {
    Images im = Images.of(1, 6, new float[] {0f, 0.25f, 0.5f, Math.nextUp(0.5f), 0.75f, 1f}, new int[] {3});

    Images bin = im.binarize();

    assertThat(bin.pixels()).containsExactly(0f, 0f, 0f, 1f, 1f, 1f);
    assertThat(bin.isBinary()).isTrue();
    assertThat(im.isBinary()).isFalse();
    assertThat(bin.labels()).containsExactly(3);
  }

  @Test void binarizeAtHalfRefusesValuesOutsideTheUnitIntervalWhereHalfIsNoMidpoint() {
    Images raw = Images.of(1, 3, new float[] {0f, 128f, 255f}, null); // raw 0..255 pixels: "above 0.5" would mean "not black"
    assertThatThrownBy(raw::binarize).isInstanceOf(BadDataException.class)
        .hasMessage("binarize() thresholds values in [0, 1] at 0.5, but pixel 1 of image 0 is 128.0; scale the values into [0, 1]"
            + " first (0..255 pixels: divide by 255), or pass a threshold in the data's own units (binarize(127.5f))");
    assertThat(raw.binarize(127.5f).pixels()).containsExactly(0f, 1f, 1f);
    assertThatThrownBy(() -> Images.vectors(new float[] {0.5f, -1e30f}, 2, null).binarize()).isInstanceOf(BadDataException.class)
        .hasMessageStartingWith("binarize() thresholds values in [0, 1] at 0.5, but value 1 of example 0 is -1.0E30;");
  }

  @Test void binarizeAtAGivenThresholdKeepsOnlyPixelsStrictlyAboveIt() {
    Images im = Images.of(1, 5, new float[] {0f, 0.1f, 0.2f, 0.3f, 1f}, null);

    assertThat(im.binarize(0.1f).pixels()).containsExactly(0f, 0f, 1f, 1f, 1f);
    assertThat(im.binarize(0f).pixels()).containsExactly(0f, 1f, 1f, 1f, 1f);
    assertThat(im.binarize(1f).pixels()).containsExactly(0f, 0f, 0f, 0f, 0f);
  }

  @Test void stochasticBinarizationIsTheSameForTheSameSeedAndDiffersForAnother() {
    Images im = constant(0.3f, 10);

    assertThat(im.binarizeStochastic(42).pixels()).containsExactly(im.binarizeStochastic(42).pixels());
    assertThat(im.binarizeStochastic(42).pixels()).isNotEqualTo(im.binarizeStochastic(43).pixels());
  }

  @Test void stochasticBinarizationOfAConstantPoint3ImageHasMeanPoint3() {
    // 100 images of 28x28 = 78400 Bernoulli(0.3) draws: the mean's standard deviation is sqrt(0.3 * 0.7 / 78400) =
    // 0.0016, so 0.01 is about 6 standard deviations; with the seed fixed the result is the same on every run.
    Images bin = constant(0.3f, 100).binarizeStochastic(2024);

    float[] px = bin.pixels();
    double mean = IntStream.range(0, px.length).mapToDouble(i -> px[i]).average().orElseThrow();
    assertThat(bin.isBinary()).isTrue();
    assertThat(mean).isCloseTo(0.3, within(0.01));
  }

  @Test void stochasticBinarizationTurnsValuesBelowZeroToZeroAndAboveOneToOne() {
    Images im = Images.vectors(new float[] {-2f, 3f, -0.01f, 1.01f}, 4, null);

    for (long seed = 0; seed < 20; seed++) assertThat(im.binarizeStochastic(seed).pixels()).containsExactly(0f, 1f, 0f, 1f);
  }

  @Test void stochasticBinarizationKeepsZeroAndOnePixelsAndTheLabels() {
    float[] px = new float[1000];
    for (int i = 0; i < px.length; i++) px[i] = i % 2;
    Images im = Images.of(10, 10, px, IntStream.range(0, 10).toArray());

    Images bin = im.binarizeStochastic(5);

    assertThat(bin.pixels()).containsExactly(px);
    assertThat(bin.labels()).containsExactly(IntStream.range(0, 10).toArray());
  }

  // ---- DataSplit ----

  @Test void debugSubsetTakesTheFirst100TrainingAndTheFirst100TestImages() {
    DataSplit data = new DataSplit(labelled(600), labelled(400)).debugSubset();

    assertThat(data.train().count()).isEqualTo(100);
    assertThat(data.test().count()).isEqualTo(100);
    assertThat(data.train().labels()).containsExactly(IntStream.range(0, 100).toArray());
    assertThat(data.test().labels()).containsExactly(IntStream.range(0, 100).toArray());
  }

  @Test void binarizingASplitBinarizesBothSetsAsTheImagesDo() {
    DataSplit data = new DataSplit(labelled(30), labelled(7));

    assertThat(data.binarize().train().pixels()).containsExactly(data.train().binarize().pixels());
    assertThat(data.binarize().test().pixels()).containsExactly(data.test().binarize().pixels());
    assertThat(data.binarize(0.2f).train().pixels()).containsExactly(data.train().binarize(0.2f).pixels());
    assertThat(data.binarize(0.2f).test().pixels()).containsExactly(data.test().binarize(0.2f).pixels());
    assertThat(data.binarizeStochastic(9).train().pixels()).containsExactly(data.train().binarizeStochastic(9).pixels());
    assertThat(data.binarizeStochastic(9).test().pixels()).containsExactly(data.test().binarizeStochastic(10).pixels());
    assertThat(data.binarize().test().labels()).containsExactly(data.test().labels());
  }

  @Test void aSplitForTheBernoulliLikelihoodIsBinarizedAndForTheOthersKeptAsItIs() {
    DataSplit data = new DataSplit(labelled(30), labelled(7));

    assertThat(data.forLikelihood(tfvae.Likelihood.BERNOULLI).train().pixels()).containsExactly(data.binarize().train().pixels());
    assertThat(data.forLikelihood(tfvae.Likelihood.BERNOULLI).test().pixels()).containsExactly(data.binarize().test().pixels());
    assertThat(data.forLikelihood(tfvae.Likelihood.CONTINUOUS_BERNOULLI)).isSameAs(data);
    assertThat(data.forLikelihood(tfvae.Likelihood.GAUSSIAN)).isSameAs(data);
  }

  @Test void aTrainingOnlySplitHasAnEmptyTestSetOfTheSameShape() {
    DataSplit data = DataSplit.trainingOnly(labelled(30));

    assertThat(data.train().count()).isEqualTo(30);
    assertThat(data.test().count()).isZero();
    assertThat(data.test().dim()).isEqualTo(data.train().dim());
  }

  @Test void aSplitPrintsBothSetsAndRefusesSetsOfDifferentDimensions() {
    DataSplit data = new DataSplit(labelled(30), labelled(7).binarize());

    assertThat(data).hasToString("DataSplit[train=Images[30 images of 1x1, values in [0, 0.96666664], labels 0..29],"
        + " test=Images[7 images of 1x1, binary, labels 0..6]]");
    assertThatThrownBy(() -> new DataSplit(four(), labelled(3))).isInstanceOf(BadDataException.class)
        .hasMessage("the training examples have 2 values each but the test examples have 1");
    assertThat(new DataSplit(four(), four()).withImageShape(2, 1).test().height()).isEqualTo(2);
  }

  @Test void debugSubsetOfSmallerSetsKeepsThemWhole() {
    DataSplit data = new DataSplit(labelled(30), labelled(7)).debugSubset();

    assertThat(data.train().count()).isEqualTo(30);
    assertThat(data.test().count()).isEqualTo(7);
  }

  // ---- helpers ----

  /** Two 2x2 images of zeros with {@code value} at flat index {@code at}. */
  private static float[] pixelsWith(int at, float value) {
    float[] px = new float[8];
    px[at] = value;
    return px;
  }

  private static Images constant(float value, int count) {
    float[] px = new float[count * 28 * 28];
    Arrays.fill(px, value);
    return Images.of(28, 28, px, null);
  }

  /** {@code n} 1x1 images labelled 0, 1, .., n-1. */
  private static Images labelled(int n) {
    float[] px = new float[n];
    for (int i = 0; i < n; i++) px[i] = i / (float) n;
    return Images.of(1, 1, px, IntStream.range(0, n).toArray());
  }
}
