package tfvae.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import tfvae.Device;
import tfvae.Vae;
import tfvae.WriteException;
import tfvae.internal.IoReasons;
import tfvae.internal.Npy;

/**
 * Writes a model's parameters as a TensorFlow SavedModel (tag {@code serve}) with four signatures, built on the same
 * {@link VaeNetwork} and {@link Densities} ops as training:
 * <ul>
 *   <li>{@code encode}: {@code x} float32 [n, dataDim] -> {@code mean}, {@code log_std} float32 [n, latent];
 *   <li>{@code serving_default}: the same as {@code encode}, under the key that {@code saved_model_cli}, TensorFlow
 *       Serving and {@code model.signatures["serving_default"]} look for when no signature is named;
 *   <li>{@code decode}: {@code z} float32 [n, latent] -> {@code logits} float32 [n, dataDim] (Bernoulli logits);
 *   <li>{@code elbo}: {@code x}, {@code seed} int64 [2] -> {@code elbo} float32 [n], the single-sample Monte Carlo
 *       ELBO of each image in nats, its noise a pure function of {@code seed}.
 * </ul>
 * Only the eight parameters are exported (no Adam state). The parameters are resource variables; TensorFlow Java's
 * default saver writes nothing for those, so the graph gets its own {@code save/*} ops (the round trip through
 * TensorFlow's own loader is {@code SavedModelsTest}).
 * The export goes to a temporary directory beside the target, renamed into place when complete.
 */
final class SavedModels {
  /** The SavedModel tag of the exported graph, the one servers and {@code tf.saved_model.load} look for. */
  static final String TAG = SavedModelBundle.DEFAULT_TAG;
  /** The encoder's signature key; {@link Signature#DEFAULT_KEY} ({@code serving_default}) is the same encoder. */
  static final String ENCODE = "encode";
  /**
   * The method name of every signature: the one TensorFlow's Python exporter writes for a function signature, which
   * TensorFlow Serving's predict API requires (TensorFlow Java leaves it empty).
   */
  static final String PREDICT = "tensorflow/serving/predict";

  private SavedModels() {}

  /**
   * @param spec the architecture
   * @param variables every variable's value by checkpoint name; the parameters, named as {@link VaeNetwork#params()} lists them,
   *     are exported and anything else is ignored
   * @param dir the SavedModel directory: it must not exist, or be an empty directory
   * @throws WriteException naming {@code dir} if it exists and is not an empty directory, or cannot be written
   */
  static void export(Vae spec, Map<String, Npy.Array> variables, Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    checkTarget(dir, target);
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      write(spec, variables, tmp);
      checkTarget(dir, target); // nobody filled it meanwhile
      Files.deleteIfExists(target);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } catch (IOException e) {
      throw new WriteException("cannot export the SavedModel to " + dir + " (" + IoReasons.describe(e)
          + "); check that the parent directory exists and is writable", e);
    } catch (TensorFlowException e) {
      throw new WriteException("cannot export the SavedModel to " + dir + ": TensorFlow could not write it ("
          + e.getMessage() + "); check that the parent directory is writable and has free space", e);
    } finally {
      deleteTree(tmp);
    }
  }

  private static void checkTarget(Path dir, Path target) {
    if (!Files.exists(target)) return;
    if (!Files.isDirectory(target))
      throw new WriteException("cannot export the SavedModel to " + dir + ": it is a file; pass a new or empty directory");
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent())
        throw new WriteException("cannot export the SavedModel to " + dir + ": the directory is not empty; pass a new or"
            + " empty directory, or delete this one first");
    } catch (IOException e) {
      throw new WriteException("cannot export the SavedModel to " + dir + ": cannot list it (" + IoReasons.describe(e) + ")", e);
    }
  }

  /** Builds the graph, assigns the parameters and exports into {@code dir} (which the exporter creates). */
  private static void write(Vae spec, Map<String, Npy.Array> variables, Path dir) throws IOException {
    VaeNetwork net = new VaeNetwork(spec);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Variable<TFloat32>> params = new ArrayList<>();
      List<Operand<TFloat32>> reads = new ArrayList<>();
      List<Placeholder<TFloat32>> inputs = new ArrayList<>();
      List<Op> assigns = new ArrayList<>();
      for (int i = 0; i < net.params().size(); i++) {
        String name = net.params().get(i);
        Shape shape = Shape.of(net.shape(i));
        Variable<TFloat32> v = Variable.create(tf, name, TFloat32.class, shape, null);
        Placeholder<TFloat32> in = tf.withName("assign_" + name).placeholder(TFloat32.class, Placeholder.shape(shape));
        params.add(v);
        reads.add(v.read());
        inputs.add(in);
        assigns.add(tf.assignVariableOp(v.handle(), in));
      }
      Op assignAll = tf.withControlDependencies(assigns).withName("assign_all").noOp();

      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.dataDim())));
      Placeholder<TFloat32> z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latent())));
      Placeholder<TInt64> seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      List<Operand<TFloat32>> q = net.encode(tf, reads, x);
      Operand<TFloat32> mean = tf.withName("mean").identity(q.get(0));
      Operand<TFloat32> logStd = tf.withName("log_std").identity(q.get(1));
      // the decoder's outputs named by what they are: logits for the Bernoulli likelihoods; the Gaussian's mean and log-std heads
      PixelLikelihood.Params decoded = net.decoder(reads).decode(tf, z);
      boolean gaussian = spec.likelihood() == tfvae.Likelihood.GAUSSIAN;
      Signature.Builder decode = Signature.builder().key("decode").methodName(PREDICT).input("z", z);
      if (gaussian)
        decode.output("mean", tf.withName("decoded_mean").identity(decoded.first()))
            .output("log_std", tf.withName("decoded_log_std").identity(decoded.logStd()));
      else decode.output("logits", tf.withName("logits").identity(decoded.first()));
      Operand<TFloat32> elbo = tf.withName("elbo").identity(net.elbo(tf, reads, x, seed));
      addResourceSaver(g);

      try (Session s = new Session(g, Sessions.config(Device.CPU))) {
        assign(s, spec, variables, inputs, assignAll);
        SavedModelBundle.exporter(dir.toString()).withSession(s)
            .withSignature(encoder(ENCODE, x, mean, logStd))
            .withSignature(encoder(Signature.DEFAULT_KEY, x, mean, logStd))
            .withSignature(decode.build())
            .withSignature(Signature.builder().key("elbo").methodName(PREDICT).input("x", x).input("seed", seed).output("elbo", elbo)
                .build())
            .export();
      }
    }
  }

  private static Signature encoder(String key, Placeholder<TFloat32> x, Operand<TFloat32> mean, Operand<TFloat32> logStd) {
    return Signature.builder().key(key).methodName(PREDICT).input("x", x).output("mean", mean).output("log_std", logStd).build();
  }

  private static void assign(Session s, Vae spec, Map<String, Npy.Array> variables, List<Placeholder<TFloat32>> inputs, Op assignAll) {
    VaeNetwork net = new VaeNetwork(spec);
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = s.runner();
      for (int i = 0; i < inputs.size(); i++) {
        String name = net.params().get(i);
        Npy.Array a = variables.get(name);
        if (a == null || !a.isFloat() || !Arrays.equals(a.shape(), net.shape(i)))
          throw new IllegalArgumentException("parameter " + name + " is missing or not float32" + Arrays.toString(net.shape(i)));
        TFloat32 t = TFloat32.tensorOf(Shape.of(net.shape(i)), DataBuffers.of(a.floats(), true, false));
        feeds.add(t);
        runner.feed(inputs.get(i), t);
      }
      try (Result r = runner.addTarget(assignAll).run()) {
        // the parameters now hold the model's values
      }
    } finally {
      for (Tensor t : feeds) t.close();
    }
  }

  /**
   * Adds {@code save/filename}, {@code save/control_dependency} (SaveV2 of every resource variable, keyed by its shared
   * name) and {@code save/restore_all} (RestoreV2 and one assignment per variable). {@code Graph.saverDef()}, which the
   * SavedModel exporter and loader use, picks these ops up by name instead of building its own, which would skip
   * resource variables. Call once, after the last variable.
   */
  static void addResourceSaver(Graph g) {
    Ops tf = Ops.create(g).withSubScope("save");
    List<String> names = new ArrayList<>();
    List<Operand<?>> handles = new ArrayList<>();
    List<Operand<?>> values = new ArrayList<>();
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!op.type().equals("VarHandleOp")) continue;
      if (op.attributes().getAttrType("dtype") != org.tensorflow.proto.DataType.DT_FLOAT)
        throw new IllegalStateException("only float32 variables can be exported, not " + op.name());
      names.add(op.attributes().getAttrString("shared_name"));
      handles.add(op.output(0));
      values.add(tf.readVariableOp(op.output(0), TFloat32.class));
    }
    Placeholder<TString> file = tf.withName("filename").placeholder(TString.class);
    Constant<TString> keys = tf.constant(StdArrays.ndCopyOf(names.toArray(new String[0])));
    Op save = tf.train.save(file, keys, tf.zerosLike(keys), values);
    tf.withControlDependencies(List.of(file, save)).withName("control_dependency").identity(file);
    List<Class<? extends org.tensorflow.types.family.TType>> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) types.add(TFloat32.class);
    var restored = tf.train.restore(file, keys, tf.zerosLike(keys), types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < handles.size(); i++) assigns.add(tf.assignVariableOp(handles.get(i), restored.tensors().get(i)));
    tf.withControlDependencies(assigns).withName("restore_all").noOp();
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: a leftover hidden temporary directory, never the target
    }
  }
}
