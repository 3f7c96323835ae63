package tfvae.charts;

/**
 * The plane a latent scatter shows, and the way back: for a 2-D latent, z itself; above 2, the first two principal
 * axes of the points (the eigenvectors of their covariance with the largest eigenvalues, by the cyclic Jacobi method:
 * Golub and Van Loan, Matrix Computations, 4th ed., section 8.5), so that (a, b) on the scatter is the latent point
 * mean + a v1 + b v2. An immutable value.
 */
public final class LatentProjection {
  private final double[] center;
  private final double[][] axes; // [2][latent], orthonormal
  private final double explained;

  private LatentProjection(double[] center, double[][] axes, double explained) {
    this.center = center;
    this.axes = axes;
    this.explained = explained;
  }

  /**
   * @param points at least 2 rows of the same length, at least 2
   * @return the identity for 2-D points, else their first two principal axes
   * @throws IllegalArgumentException if there are fewer than 2 points or the rows are shorter than 2 or differ
   */
  public static LatentProjection of(float[][] points) {
    Check.notNull("points", points);
    if (points.length < 2) throw new IllegalArgumentException("points must have at least 2 rows, got " + points.length);
    int dim = points[0].length;
    if (dim < 2) throw new IllegalArgumentException("points must have at least 2 coordinates, got " + dim);
    for (int i = 0; i < points.length; i++)
      if (points[i].length != dim) throw new IllegalArgumentException("points[" + i + "] has " + points[i].length + " coordinates, points[0] has " + dim);
    if (dim == 2) return new LatentProjection(new double[2], new double[][] {{1, 0}, {0, 1}}, 1);
    double[] mean = new double[dim];
    for (float[] p : points) for (int d = 0; d < dim; d++) mean[d] += p[d] / (double) points.length;
    double[][] cov = new double[dim][dim];
    for (float[] p : points)
      for (int a = 0; a < dim; a++)
        for (int b = 0; b < dim; b++) cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / (points.length - 1.0);
    double[][] vectors = new double[dim][dim];
    double[] values = jacobi(cov, vectors);
    int first = 0, second = -1;
    for (int k = 1; k < dim; k++) if (values[k] > values[first]) first = k;
    for (int k = 0; k < dim; k++) if (k != first && (second < 0 || values[k] > values[second])) second = k;
    double total = 0;
    for (double v : values) total += v;
    double[][] axes = new double[2][dim];
    for (int d = 0; d < dim; d++) {
      axes[0][d] = vectors[d][first];
      axes[1][d] = vectors[d][second];
    }
    for (double[] axis : axes) { // a fixed sign: the largest component positive, so the same data give the same picture
      int big = 0;
      for (int d = 1; d < dim; d++) if (Math.abs(axis[d]) > Math.abs(axis[big])) big = d;
      if (axis[big] < 0) for (int d = 0; d < dim; d++) axis[d] = -axis[d];
    }
    return new LatentProjection(mean, axes, total > 0 ? (values[first] + values[second]) / total : 1);
  }

  /** @return the latent dimension */
  public int latent() { return center.length; }

  /** @return true if this is the identity of a 2-D latent, false for a principal-axes projection */
  public boolean identity() { return center.length == 2; }

  /** @return the share of the points' variance along the two axes, in (0, 1]; 1 for a 2-D latent */
  public double explainedVariance() { return explained; }

  /**
   * @param z a latent point
   * @return its coordinates (a, b) on the two axes
   */
  public double[] project(float[] z) {
    if (z.length != center.length) throw new IllegalArgumentException("z must have " + center.length + " coordinates, got " + z.length);
    double[] ab = new double[2];
    for (int k = 0; k < 2; k++)
      for (int d = 0; d < z.length; d++) ab[k] += (z[d] - center[d]) * axes[k][d];
    return ab;
  }

  /**
   * @param a coordinate on the first axis
   * @param b coordinate on the second axis
   * @return the latent point mean + a v1 + b v2
   */
  public float[] lift(double a, double b) {
    float[] z = new float[center.length];
    for (int d = 0; d < z.length; d++) z[d] = (float) (center[d] + a * axes[0][d] + b * axes[1][d]);
    return z;
  }

  /** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations; returns the eigenvalues, vectors in columns. */
  private static double[] jacobi(double[][] matrix, double[][] vectors) {
    int n = matrix.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = matrix[i].clone();
      vectors[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
      if (off < 1e-30) break;
      for (int p = 0; p < n; p++)
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) continue;
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) t = 1;
          double c = 1 / Math.sqrt(t * t + 1), s = t * c;
          for (int k = 0; k < n; k++) { // A <- A J
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) { // A <- J^T A
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) { // V <- V J
            double vkp = vectors[k][p], vkq = vectors[k][q];
            vectors[k][p] = c * vkp - s * vkq;
            vectors[k][q] = s * vkp + c * vkq;
          }
        }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) values[i] = a[i][i];
    return values;
  }
}
