package tfvae.runtime;

import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.family.TType;

/**
 * A resource variable: a {@code VarHandleOp} with a unique shared name, its initial value assigned in the init
 * scope, and one {@code ReadVariableOp} that every consumer uses (gradients are taken with respect to that read).
 * Resource variables avoid the native crash that ref variables ({@code tf.variable}) cause in the C++ gradients
 * of Square, Log1p and others (observed with TF Java 1.1.0 on this project's model; docs/decisions.md, "Resource variables
 * and our own Adam", explains the choice).
 *
 * @param name the shared name, also the key in checkpoints
 * @param type the element type
 * @param shape the static shape
 * @param handle the variable's handle (never fetch it)
 * @param read the one read of the variable's value
 */
public record Variable<T extends TType>(String name, Class<T> type, Shape shape, Operand<?> handle, Operand<T> read) {

  /**
   * Declares a variable and, when {@code init} is not null, assigns it in the init scope.
   *
   * @param tf the graph's ops
   * @param name a name unique in the graph
   * @param type the element type
   * @param shape the shape
   * @param init the initial value, or null for a variable assigned later (e.g. by a feed)
   * @return the variable
   */
  public static <T extends TType> Variable<T> create(Ops tf, String name, Class<T> type, Shape shape, @Nullable Operand<T> init) {
    String op = opName(name);
    VarHandleOp h = tf.withName(op).varHandleOp(type, shape, VarHandleOp.sharedName(name));
    if (init != null) tf.withInitScope().withName(op + "_init").assignVariableOp(h, init);
    ReadVariableOp<T> read = tf.withName(op + "_read").readVariableOp(h, type);
    return new Variable<>(name, type, shape, h, read);
  }

  /** Op names may not contain '/' when given with {@code withName}; shared names and checkpoint keys keep it. */
  static String opName(String name) { return name.replace('/', '_'); }
}
