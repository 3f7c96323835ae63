package tfvae.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tfvae.charts.Contours.Polyline;

/** The contour maths on plain values: no chart, no JFreeChart type. */
class ContoursTest {
  static final double STEP = 0.05;
  static final double[] G = Contours.linspace(-4, 4, 161); // spacing 0.05
  static final double[][] GAUSS = Contours.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);

  @Test
  void theContourOfTheDistanceFromTheOriginAtLevelRIsTheCircleOfRadiusR() {
    double[][] distance = Contours.sample(Math::hypot, G, G);
    for (double r : new double[] {0.3, 1.0, 2.5, 3.9}) {
      List<Polyline> lines = Contours.contour(G, G, distance, r);
      assertThat(lines).as("radius %s", r).hasSize(1).allMatch(Polyline::isClosed);
      Polyline p = lines.get(0);
      // every point lies on a grid edge, interpolated linearly: off the circle by less than the spacing
      for (int k = 0; k < p.size(); k++) {
        assertThat(Math.hypot(p.x(k), p.y(k))).as("radius %s point %d", r, k).isCloseTo(r, within(STEP));
        boolean onVertical = Math.abs((p.x(k) + 4) / STEP - Math.rint((p.x(k) + 4) / STEP)) < 1e-9;
        boolean onHorizontal = Math.abs((p.y(k) + 4) / STEP - Math.rint((p.y(k) + 4) / STEP)) < 1e-9;
        assertThat(onVertical || onHorizontal).as("point %d lies on a grid line", k).isTrue();
      }
    }
  }

  @Test
  void gaussianContoursAreCirclesOfRadiusSqrtMinusTwoLogLevel() {
    for (double level : new double[] {0.05, 0.2, 0.5, 0.8, 0.95}) {
      List<Polyline> lines = Contours.contour(G, G, GAUSS, level);
      assertThat(lines).as("level %s", level).hasSize(1);
      Polyline p = lines.get(0);
      double radius = Math.sqrt(-2 * Math.log(level));
      for (int i = 0; i < p.size(); i++) {
        assertThat(Math.hypot(p.x(i), p.y(i))).as("level %s point %d", level, i).isCloseTo(radius, within(STEP));
      }
      assertThat(p.size()).isGreaterThan((int) (2 * Math.PI * radius / STEP)); // about one point per cell crossed
    }
  }

  @Test
  void aClosedContourClosesOnItsFirstPoint() {
    Polyline p = Contours.contour(G, G, GAUSS, 0.5).get(0);
    assertThat(p.isClosed()).isTrue();
    assertThat(p.x(p.size() - 1)).isEqualTo(p.x(0));
    assertThat(p.y(p.size() - 1)).isEqualTo(p.y(0));
  }

  @Test
  void contourLeavingTheGridIsOpenAndStraightForALinearFunction() {
    double[] xs = Contours.linspace(0, 1, 11);
    double[] ys = Contours.linspace(0, 2, 21);
    List<Polyline> lines = Contours.contour(xs, ys, Contours.sample((x, y) -> x + 0 * y, xs, ys), 0.33);
    assertThat(lines).hasSize(1);
    Polyline p = lines.get(0);
    assertThat(p.isClosed()).isFalse();
    assertThat(p.size()).isEqualTo(21);
    for (int i = 0; i < p.size(); i++) assertThat(p.x(i)).isCloseTo(0.33, within(1e-12));
  }

  @Test
  void valuesAreRowsOfYLikeGridPosterior() {
    double[] xs = {0, 1, 2}, ys = {0, 1};
    double[][] rowsOfY = {{0, 1, 2}, {0, 1, 2}}; // f(x, y) = x: ys.length rows of xs.length values
    assertThat(Contours.sample((x, y) -> x, xs, ys)).isDeepEqualTo(rowsOfY);
    List<Polyline> lines = Contours.contour(xs, ys, rowsOfY, 0.5);
    assertThat(lines).hasSize(1);
    Polyline p = lines.get(0);
    assertThat(p.size()).isEqualTo(2);
    for (int k = 0; k < p.size(); k++) assertThat(p.x(k)).isEqualTo(0.5); // the vertical line x = 0.5, y from 0 to 1
    assertThat(List.of(p.y(0), p.y(1))).containsExactlyInAnyOrder(0.0, 1.0);
  }

  @Test
  void twoSeparateBumpsGiveTwoClosedLinesAndNoContourOutsideTheRangeGivesNone() {
    double[][] v = Contours.sample((x, y) -> Math.exp(-((x - 2) * (x - 2) + y * y)) + Math.exp(-((x + 2) * (x + 2) + y * y)), G, G);
    assertThat(Contours.contour(G, G, v, 0.5)).hasSize(2).allMatch(Polyline::isClosed);
    assertThat(Contours.contour(G, G, v, 5.0)).isEmpty();
  }

  @Test
  void saddleCellIsResolvedByItsCentreValue() {
    double[] g = {0, 1};
    // corners (0,0) and (1,1) high; mean 0.5 >= 0.4 joins them, so the two low corners are cut off
    List<Polyline> lines = Contours.contour(g, g, new double[][] {{1, 0}, {0, 1}}, 0.4);
    assertThat(lines).hasSize(2).noneMatch(Polyline::isClosed);
    // corner (1,0) is low: its line joins the bottom edge (y = 0) and the right edge (x = 1)
    assertThat(lines).anySatisfy(p -> {
      assertThat(p.size()).isEqualTo(2);
      assertThat(List.of(p.y(0), p.y(1))).contains(0.0);
      assertThat(List.of(p.x(0), p.x(1))).contains(1.0);
    });
  }

  @Test
  void aSaddleCellWithALowCentreCutsOffTheHighCorners() {
    double[] g = {0, 1};
    // the same corners at level 0.6: the mean 0.5 is below it, so the low corners join and each high corner is cut off
    List<Polyline> lines = Contours.contour(g, g, new double[][] {{1, 0}, {0, 1}}, 0.6);
    assertThat(lines).hasSize(2).allMatch(p -> p.size() == 2);
    // around the high corner (0,0): from the bottom edge at x = 0.4 to the left edge at y = 0.4
    assertThat(lines).anySatisfy(p -> {
      assertThat(List.of(p.x(0), p.x(1))).containsExactlyInAnyOrder(0.0, 0.4);
      assertThat(List.of(p.y(0), p.y(1))).containsExactlyInAnyOrder(0.4, 0.0);
    });
    assertThat(lines).anySatisfy(p -> { // and around (1,1)
      assertThat(List.of(p.x(0), p.x(1))).containsExactlyInAnyOrder(1.0, 0.6);
      assertThat(List.of(p.y(0), p.y(1))).containsExactlyInAnyOrder(0.6, 1.0);
    });
  }

  @Test
  void theSaddleOfXTimesYGivesTwoOpenBranchesOnTheHyperbola() {
    double[] g = Contours.linspace(-1, 1, 40); // no sample at 0
    double[][] v = Contours.sample((x, y) -> x * y, g, g);
    for (double level : new double[] {0.1, -0.1}) {
      List<Polyline> lines = Contours.contour(g, g, v, level);
      assertThat(lines).as("level %s", level).hasSize(2).noneMatch(Polyline::isClosed);
      for (Polyline p : lines) {
        for (int k = 0; k < p.size(); k++) {
          // interpolating x y linearly along an edge is exact: one factor is constant there
          assertThat(p.x(k) * p.y(k)).as("level %s", level).isCloseTo(level, within(1e-12));
          assertThat(Math.signum(p.x(k)) * Math.signum(p.y(k))).isEqualTo(Math.signum(level));
        }
      }
    }
  }

  @Test
  void missingSamplesBreakTheLineInsteadOfFailing() {
    double[][] v = Contours.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);
    for (int j = 0; j < G.length; j++) v[j][100] = Double.NaN; // the column x = 1 cuts the radius-1.18 circle twice
    List<Polyline> lines = Contours.contour(G, G, v, 0.5);
    assertThat(lines).hasSize(2).noneMatch(Polyline::isClosed);
  }

  @Test
  void anInfiniteSampleIsMissingToo() {
    double[][] v = Contours.sample((x, y) -> Math.exp(-(x * x + y * y) / 2), G, G);
    v[80][80] = Double.POSITIVE_INFINITY; // the centre, inside every circle: no line touches its cells
    assertThat(Contours.contour(G, G, v, 0.5)).hasSize(1).allMatch(Polyline::isClosed);
    v[80][104] = Double.NEGATIVE_INFINITY; // (1.2, 0), on the radius-1.18 circle: the loop opens there
    List<Polyline> lines = Contours.contour(G, G, v, 0.5);
    assertThat(lines).hasSize(1).noneMatch(Polyline::isClosed);
    for (Polyline p : lines) for (int k = 0; k < p.size(); k++) assertThat(Double.isFinite(p.x(k)) && Double.isFinite(p.y(k))).isTrue();
  }

  @Test
  void automaticLevelsAreEvenlySpacedStrictlyInsideTheRange() {
    assertThat(Contours.levels(new double[][] {{0, 1}, {2, Double.NaN}}, 3)).containsExactly(0.5, 1.0, 1.5);
  }

  static Stream<Arguments> badInputs() {
    double[] g = {0, 1, 2};
    return Stream.of(
        arguments((ThrowingCallable) () -> Contours.contour(g, g, new double[2][3], 0.5),
            "values has 2 rows but ys has 3 points"),
        arguments((ThrowingCallable) () -> Contours.contour(g, g, new double[][] {{0, 0, 0}, {0, 0}, {0, 0, 0}}, 0.5),
            "values[1] has 2 entries but xs has 3 points"),
        arguments((ThrowingCallable) () -> Contours.contour(new double[] {0, 2, 1}, g, new double[3][3], 0.5),
            "xs must be strictly increasing, got xs[1] = 2.0 and xs[2] = 1.0"),
        arguments((ThrowingCallable) () -> Contours.contour(g, g, new double[3][3], Double.NaN),
            "level must be finite, got NaN"),
        arguments((ThrowingCallable) () -> Contours.levels(new double[3][3], 4),
            "values must have at least two distinct finite values to choose levels"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRejectedWithAMessageNamingIt(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
