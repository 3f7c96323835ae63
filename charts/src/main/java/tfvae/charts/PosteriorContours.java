package tfvae.charts;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.data.Range;
import tfvae.GridPosterior;

/**
 * The contour charts of figure 4(b): the exact posterior's lines (fixed) with q's, at the same levels (5, 20, 40,
 * 60 and 80 % of the posterior's peak), for the fitted q that the grid tabulates ({@link #fitted}) or for any
 * diagonal Gaussian along the way ({@link #along}).
 */
final class PosteriorContours {
  static final int WIDTH = 760, HEIGHT = 680;
  /** Grid points per axis on which q is tabulated for {@link #along}. */
  static final int Q_GRID = 161;
  private final double[] xs, ys, levels;
  private final double[][] p;
  private final double pMax;
  private final double[][] logQ;

  PosteriorContours(GridPosterior exact) {
    double[][] lq = exact.logQ();
    if (lq == null) throw new IllegalArgumentException("posteriorContours needs q tabulated on the grid: exactPosterior(x, mask, q)");
    logQ = lq;
    xs = exact.xs();
    ys = exact.ys();
    double[][] ld = exact.logDensity(); // copies: taken once, outside the loops
    p = new double[ys.length][xs.length]; // [j][i], as exact's tables
    double max = 0;
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) max = Math.max(max, p[j][i] = Math.exp(ld[j][i]));
    pMax = max;
    levels = new double[] {0.05 * pMax, 0.2 * pMax, 0.4 * pMax, 0.6 * pMax, 0.8 * pMax};
  }

  /** @return {@code fig-4b-contours}' chart: q as the grid tabulates it, the axes where either density is above 0.1 % of its peak */
  JFreeChart fitted(String caption) {
    double[][] q = fittedQ();
    Range[] box = box(q);
    return chart(caption, xs, ys, q, box[0], box[1]);
  }

  /**
   * @return the chart for q = N(mean, diag(exp(logStd))^2): the view is the fitted chart's, widened to take in q's mean
   *     +- 3 standard deviations, and q is tabulated on a {@value #Q_GRID} x {@value #Q_GRID} grid over it
   */
  JFreeChart along(String caption, float[] mean, float[] logStd) {
    Range[] box = box(fittedQ());
    double[] lo = new double[2], hi = new double[2];
    for (int d = 0; d < 2; d++) {
      Range r = box[d];
      double s = Math.exp(logStd[d]);
      lo[d] = Math.min(r.getLowerBound(), mean[d] - 3 * s);
      hi[d] = Math.max(r.getUpperBound(), mean[d] + 3 * s);
    }
    double[] gx = Contours.linspace(lo[0], hi[0], Q_GRID), gy = Contours.linspace(lo[1], hi[1], Q_GRID);
    double[][] q = new double[Q_GRID][Q_GRID];
    for (int j = 0; j < Q_GRID; j++)
      for (int i = 0; i < Q_GRID; i++) q[j][i] = Math.exp(logDiagGaussian(gx[i], gy[j], mean, logStd));
    return chart(caption, gx, gy, q, new Range(lo[0], hi[0]), new Range(lo[1], hi[1]));
  }

  /** @throws IllegalArgumentException unless {@code fit}'s density is the q the grid tabulates (within 1e-3 nats) */
  void checkIsTheFit(SviPath.Step fit) {
    for (int j = 0; j < ys.length; j += Math.max(1, ys.length / 7))
      for (int i = 0; i < xs.length; i += Math.max(1, xs.length / 7))
        if (Math.abs(logDiagGaussian(xs[i], ys[j], fit.mean(), fit.logStd()) - logQ[j][i]) > 1e-3)
          throw new IllegalArgumentException("the path's last step (iteration " + fit.iteration() + ") is not the q that the exact"
              + " posterior tabulates; record the path of the fit passed to exactPosterior");
  }

  /** log N(z; mean, diag(exp(logStd))^2) of a 2-D z. */
  static double logDiagGaussian(double z1, double z2, float[] mean, float[] logStd) {
    double u = (z1 - mean[0]) / Math.exp(logStd[0]), v = (z2 - mean[1]) / Math.exp(logStd[1]);
    return -0.5 * (u * u + v * v) - logStd[0] - logStd[1] - Math.log(2 * Math.PI);
  }

  private double[][] fittedQ() {
    double[][] q = new double[ys.length][xs.length];
    for (int j = 0; j < ys.length; j++)
      for (int i = 0; i < xs.length; i++) q[j][i] = Math.exp(logQ[j][i]);
    return q;
  }

  /** The axes of the fitted chart: where p or q (on p's grid) is above 0.1 % of its peak, with a 10 % margin. */
  private Range[] box(double[][] q) {
    double qMax = 0;
    for (double[] row : q) for (double v : row) qMax = Math.max(qMax, v);
    double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < xs.length; i++)
      for (int j = 0; j < ys.length; j++)
        if (p[j][i] > 1e-3 * pMax || q[j][i] > 1e-3 * qMax) {
          box[0] = Math.min(box[0], xs[i]);
          box[1] = Math.max(box[1], xs[i]);
          box[2] = Math.min(box[2], ys[j]);
          box[3] = Math.max(box[3], ys[j]);
        }
    double mx = 0.1 * (box[1] - box[0]) + 1e-6, my = 0.1 * (box[3] - box[2]) + 1e-6;
    return new Range[] {new Range(box[0] - mx, box[1] + mx), new Range(box[2] - my, box[3] + my)};
  }

  private JFreeChart chart(String caption, double[] qx, double[] qy, double[][] q, Range x, Range y) {
    var data = ContourPlot.dataset(List.of(ContourPlot.Surface.of("exact p(z | top half)", xs, ys, p, levels),
        ContourPlot.Surface.of("SVI q(z)", qx, qy, q, levels)));
    return ContourPlot.chart(data, "Posterior over z given the top half of " + caption, "z1", "z2", x, y);
  }
}
