package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GridPosteriorTest {
  static final double LN_QUARTER = Math.log(0.25);

  static GridPosterior uniform(double[][] logQ) {
    return new GridPosterior(new double[] {0, 0.5}, new double[] {1, 2}, new double[][] {{LN_QUARTER, LN_QUARTER}, {LN_QUARTER, LN_QUARTER}},
        -3.25, 2e-4, 1e-3, logQ);
  }

  @Test void itIsAValueThatCopiesComparesAndPrintsByContent() {
    double[] xs = {0, 0.5};
    double[][] ld = {{LN_QUARTER, LN_QUARTER}, {LN_QUARTER, LN_QUARTER}}, lq = {{-1, -2}, {-3, -4}};
    GridPosterior g = new GridPosterior(xs, new double[] {1, 2}, ld, -3.25, 2e-4, 1e-3, lq);
    xs[1] = 99; // the caller's arrays are not the posterior's
    ld[0][0] = 99;
    lq[1][1] = 99;
    assertThat(g.xs()[1]).isEqualTo(0.5);
    assertThat(g.logDensity()[0][0]).isEqualTo(LN_QUARTER);
    assertThat(g.logQ()[1][1]).isEqualTo(-4);
    g.xs()[1] = 99; // nor are the arrays it hands out
    g.ys()[1] = 99;
    g.logDensity()[0][1] = 99;
    g.logQ()[0][1] = 99;
    assertThat(g.xs()[1]).isEqualTo(0.5);
    assertThat(g.ys()[1]).isEqualTo(2);
    assertThat(g.logDensity()[0][1]).isEqualTo(LN_QUARTER);
    assertThat(g.logQ()[0][1]).isEqualTo(-2);
    GridPosterior same = uniform(new double[][] {{-1, -2}, {-3, -4}});
    assertThat(g).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(g).isNotEqualTo(uniform(new double[][] {{-1, -2}, {-3, -4.5}})).isNotEqualTo(uniform(null));
    assertThat(uniform(null)).isEqualTo(uniform(null)).hasSameHashCodeAs(uniform(null));
    assertThat(g.dx()).isEqualTo(0.5);
    assertThat(g.dy()).isEqualTo(1);
    assertThat(g.converged()).isTrue();
    assertThat(g).hasToString("GridPosterior[2 x 2 grid, spacing 0.5000 x 1.000, logEvidence -3.2500, error 2.0e-04 (tolerance 1.0e-03, converged), with q]");
    assertThat(new GridPosterior(new double[] {0, 0.5}, new double[] {1, 2}, new double[2][2], -3.25, 0.01, 1e-3, null))
        .hasToString("GridPosterior[2 x 2 grid, spacing 0.5000 x 1.000, logEvidence -3.2500, error 1.0e-02 (tolerance 1.0e-03, not converged)]");
  }

  @Test void klFromQIsZeroForQEqualToThePosteriorAndNeedsAQ() {
    GridPosterior g = uniform(new double[][] {{LN_QUARTER - Math.log(0.5), LN_QUARTER - Math.log(0.5)}, {LN_QUARTER - Math.log(0.5), LN_QUARTER - Math.log(0.5)}});
    // q = 1/2 against p = 1/4 at 4 points, cell area 1/2: KL = 4 * 1/2 * ln 2 * 1/2
    assertThat(uniform(new double[][] {{LN_QUARTER, LN_QUARTER}, {LN_QUARTER, LN_QUARTER}}).klFromQ()).isZero();
    assertThat(g.klFromQ()).isCloseTo(4 * 0.5 * 0.5 * Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
    assertThatThrownBy(() -> uniform(null).klFromQ()).isInstanceOf(IllegalStateException.class);
  }

  @Test void theTablesAreRowsOfYsThatEachHoldXsLengthValues() {
    double[] xs = {0, 1, 2}, ys = {0, 1};
    assertThat(new GridPosterior(xs, ys, new double[2][3], 0, 0, 1, new double[2][3]).logDensity()).hasDimensions(2, 3);
    assertThatThrownBy(() -> new GridPosterior(xs, ys, new double[3][2], 0, 0, 1, null)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("logDensity has 3 rows but ys has 2 points");
    assertThatThrownBy(() -> new GridPosterior(xs, ys, new double[2][3], 0, 0, 1, new double[][] {{0, 0, 0}, {0, 0}}))
        .isInstanceOf(InvalidConfigException.class).hasMessage("logQ[1] has 2 values but xs has 3 points");
    assertThatThrownBy(() -> new GridPosterior(new double[] {0}, ys, new double[2][1], 0, 0, 1, null)).isInstanceOf(InvalidConfigException.class);
  }
}
