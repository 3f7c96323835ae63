package tfvae;

import java.util.Arrays;
import tfvae.data.Images;
import tfvae.internal.Check;

/**
 * The condition c of a conditional VAE (Sohn, Lee and Yan 2015; Kingma et al. 2014's M2 without its classifier): c
 * enters the encoder, q(z | x, c), and the decoder, p(x | z, c), and every query of the model takes it. Two kinds:
 * <ul>
 *   <li>{@link #label(int)}: a class label in 0..K-1, from the data's labels ({@link Images#labels()}), fed as a
 *       one-hot vector of K values;</li>
 *   <li>{@link #columns(int)}: any numeric side columns, the last {@code dims} values of each example's row (the data
 *       are rows of dataDim + dims values: the example, then its condition; {@link #withColumns} makes them).</li>
 * </ul>
 * How c enters the networks: concatenated to the input of each network's first dense layer, i.e. [x | c] into an MLP
 * encoder and [z | c] into the decoder; a convolutional encoder takes it after flatten, at its first dense layer (its
 * head when it has none). The likelihood covers the example's dataDim values only.
 *
 * @param kind a label (one-hot) or numeric columns
 * @param dims values of c: the classes K of a label, or the number of columns; in [1, 1024]
 */
public record Condition(Kind kind, int dims) {
  /** The most values a condition has. */
  public static final int MAX_DIMS = 1024;

  /** What the condition is. */
  public enum Kind {
    /** A class label, fed one-hot. */
    LABEL,
    /** Numeric side columns, fed as they are. */
    COLUMNS
  }

  /**
   * @param kind a label or columns
   * @param dims the classes or columns, in [1, 1024]
   * @throws InvalidConfigException if kind is null or dims out of range
   */
  public Condition {
    Check.notNull("condition kind", kind);
    Check.range(kind == Kind.LABEL ? "condition classes" : "condition columns", dims, 1, MAX_DIMS);
  }

  /**
   * @param classes K, the number of classes (10 for MNIST's digits); labels are 0..K-1
   * @return a label condition, fed one-hot
   */
  public static Condition label(int classes) { return new Condition(Kind.LABEL, classes); }

  /**
   * @param dims the number of side columns, the last values of each example's row
   * @return a numeric condition
   */
  public static Condition columns(int dims) { return new Condition(Kind.COLUMNS, dims); }

  /**
   * @param text {@code label:K} or {@code columns:N}, as {@link #toString()} writes it
   * @return the condition
   * @throws InvalidConfigException if the text is neither
   */
  public static Condition parse(String text) {
    Check.notNull("condition", text);
    String[] p = text.trim().split(":", -1);
    if (p.length == 2 && (p[0].equals("label") || p[0].equals("columns")) && p[1].matches("[0-9]{1,5}")) {
      int n = Integer.parseInt(p[1]);
      return p[0].equals("label") ? label(n) : columns(n);
    }
    throw new InvalidConfigException("condition must be label:CLASSES or columns:COUNT, got '" + text + "'");
  }

  /** @return {@code label:10} or {@code columns:3} */
  @Override public String toString() { return (kind == Kind.LABEL ? "label:" : "columns:") + dims; }

  /**
   * @param labels class labels, each in 0..K-1
   * @return their one-hot rows [n][K]
   * @throws BadDataException if this is not a label condition or a label is out of range (naming it and its index)
   */
  public float[][] oneHot(int... labels) {
    Check.notNull("labels", labels);
    if (kind != Kind.LABEL) throw new BadDataException("the condition " + this + " is numeric columns, not a label; pass its values");
    float[][] out = new float[labels.length][dims];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= dims)
        throw new BadDataException("label " + labels[i] + " of example " + i + " is out of range: the condition " + this + " takes labels 0 to "
            + (dims - 1));
      out[i][labels[i]] = 1f;
    }
    return out;
  }

  /**
   * Checks a condition matrix, one row per example.
   *
   * @param what what the rows are, for the message
   * @param c the rows
   * @param rows how many rows there must be
   * @return c
   * @throws BadDataException if the count or a row's width is wrong, or a value is not finite (a label's is not 0 or 1)
   */
  public float[][] check(String what, float[][] c, int rows) {
    if (c == null) throw new BadDataException(what + " is null; pass one row of " + dims + " values per example (condition " + this + ")");
    if (c.length != rows) throw new BadDataException(what + " has " + c.length + " rows, but there are " + rows + " examples");
    for (int i = 0; i < c.length; i++) {
      if (c[i] == null || c[i].length != dims)
        throw new BadDataException(what + " row " + i + " has " + (c[i] == null ? "no" : Integer.toString(c[i].length)) + " values, but the"
            + " condition " + this + " has " + dims + (kind == Kind.LABEL ? " (one-hot; Condition.oneHot(labels) makes them)" : ""));
      for (int k = 0; k < dims; k++) if (!Float.isFinite(c[i][k]))
        throw new BadDataException(what + " row " + i + " value " + k + " is " + c[i][k] + "; a condition must be finite");
    }
    return c;
  }

  /**
   * @param data the data: with labels for a label condition; rows of dataDim + dims values for columns
   * @param dataDim the example's values per row
   * @return the examples' own values, without the condition (the data themselves for a label condition)
   * @throws BadDataException if rows of columns data do not have dataDim + dims values
   */
  public Images pixels(Images data, int dataDim) {
    if (kind == Kind.LABEL) return data;
    if (data.dim() != dataDim + dims)
      throw new BadDataException("the condition " + this + " needs rows of " + (dataDim + dims) + " values (the example's " + dataDim
          + ", then its " + dims + " condition columns), got " + data.dim() + "; Condition.withColumns(x, c) makes them");
    float[] all = data.pixels(), x = new float[data.count() * dataDim];
    for (int i = 0; i < data.count(); i++) System.arraycopy(all, i * (dataDim + dims), x, i * dataDim, dataDim);
    return Images.vectors(x, dataDim, null);
  }

  /**
   * @param data as for {@link #pixels}
   * @param dataDim the example's values per row
   * @return the condition of each example [n][dims]: the one-hot of its label, or its last dims values
   * @throws BadDataException if a label condition's data have no labels or a label is out of range, or rows of
   *     columns have the wrong width or a value that is not finite
   */
  public float[][] values(Images data, int dataDim) {
    if (kind == Kind.LABEL) {
      if (!data.hasLabels())
        throw new BadDataException("the condition " + this + " needs the examples' labels, but these " + data.count() + " have none; read"
            + " the data with labels (DataSplit.assignment, Mnist.readSet) or use Condition.columns");
      return oneHot(data.labels());
    }
    pixels(data, dataDim);
    float[] all = data.pixels();
    float[][] c = new float[data.count()][];
    for (int i = 0; i < c.length; i++) c[i] = Arrays.copyOfRange(all, i * (dataDim + dims) + dataDim, (i + 1) * (dataDim + dims));
    return check("condition", c, c.length);
  }

  /**
   * @param data as for {@link #pixels}
   * @param dataDim the example's values per row
   * @return the rows a conditional model's networks take: [x | c], dataDim + dims values each, without labels
   * @throws BadDataException as {@link #values}
   */
  public Images rows(Images data, int dataDim) {
    float[][] c = values(data, dataDim);
    return withColumns(pixels(data, dataDim), c);
  }

  /**
   * @param x the examples
   * @param c one condition row per example, each of the same width
   * @return rows [x | c] (vectors without labels): the data of a {@link #columns} condition
   * @throws BadDataException if the counts differ or the rows of c differ in width
   */
  public static Images withColumns(Images x, float[][] c) {
    Check.notNull("c", c);
    if (c.length != x.count()) throw new BadDataException("c has " + c.length + " rows, but there are " + x.count() + " examples");
    int d = x.dim(), k = c.length == 0 ? 0 : c[0].length;
    float[] pix = x.pixels(), out = new float[x.count() * (d + k)];
    for (int i = 0; i < c.length; i++) {
      if (c[i] == null || c[i].length != k) throw new BadDataException("c row " + i + " does not have the " + k + " values of row 0");
      System.arraycopy(pix, i * d, out, i * (d + k), d);
      System.arraycopy(c[i], 0, out, i * (d + k) + d, k);
    }
    return Images.vectors(out, d + k, null);
  }
}
