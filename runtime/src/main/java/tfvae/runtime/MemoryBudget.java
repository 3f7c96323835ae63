package tfvae.runtime;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import tfvae.MemoryLimitException;
import tfvae.Vae;

/**
 * What a model and a call will need, estimated before any of it is built or run, against two limits: the Java heap
 * ({@link Runtime#maxMemory()}, {@code -Xmx}) for the arrays copied out of TensorFlow, and a native-memory bound of
 * {@value #NATIVE_SHARE} of the machine's physical memory ({@code OperatingSystemMXBean.getTotalMemorySize()}) for
 * TensorFlow's tensors. A need above a limit is refused in one line that names both.
 */
final class MemoryBudget {
  /** The share of physical memory a model's native tensors may take. */
  static final double NATIVE_SHARE = 0.5;
  /**
   * Native bytes per parameter while training: the value, Adam's two moments, the gradient, and the update's
   * temporaries.
   */
  static final long NATIVE_BYTES_PER_PARAMETER = 5 * Float.BYTES;
  /** Heap bytes per parameter of a checkpoint save: the value and Adam's two moments copied out, then serialized once more. */
  static final long HEAP_BYTES_PER_PARAMETER = 2 * 3 * Float.BYTES;
  /**
   * Native bytes per activation value of a training step of a layer stack (convolutions): each layer's output kept for
   * the backward pass, its gradient, and a temporary (the convolution's workspace), in float32.
   */
  static final long NATIVE_BYTES_PER_ACTIVATION = 3 * Float.BYTES;
  /** Heap bytes of a returned float row beyond its values: the array header and the reference to it. */
  static final long ROW_OVERHEAD_BYTES = 16 + 8;

  private MemoryBudget() {}

  /** @return the number of parameters (weights and biases) of the spec's network; dataDim must be resolved */
  static long parameters(Vae spec) {
    VaeNetwork net = new VaeNetwork(spec);
    long n = 0;
    for (int i = 0; i < net.params().size(); i++) {
      long size = 1;
      for (long d : net.shape(i)) size *= d;
      n += size;
    }
    return n;
  }

  /**
   * Refuses a model whose parameters and Adam state would not fit: natively, or on the heap when it is saved.
   *
   * @throws MemoryLimitException naming the parameters, the need and the limit
   */
  static void checkModel(Vae spec) { checkModel(spec, Runtime.getRuntime().maxMemory(), nativeLimit(), physical()); }

  /** {@link #checkModel(Vae)} against given limits: the heap's, the native bound, and the physical memory it is a share of. */
  static void checkModel(Vae spec, long heapLimit, long nativeLimit, long physical) {
    long p = parameters(spec);
    long nativeNeed = p * NATIVE_BYTES_PER_PARAMETER, heapNeed = p * HEAP_BYTES_PER_PARAMETER;
    String what = String.format(Locale.ROOT, "the model's %,d parameters (encoder %s, decoder %s, dataDim %d)", p, spec.encoder(),
        spec.decoder(), spec.dataDim());
    VaeNetwork net = new VaeNetwork(spec);
    if (net.stack != null) {   // a layer stack's activations can outweigh its parameters: count a default batch's
      long activations = net.stack.activationsPerExample() * tfvae.TrainOptions.DEFAULT_BATCH_SIZE;
      nativeNeed += activations * NATIVE_BYTES_PER_ACTIVATION;
      what += String.format(Locale.ROOT, " and %,d activations per batch of %d", activations, tfvae.TrainOptions.DEFAULT_BATCH_SIZE);
    }
    if (nativeNeed > nativeLimit)
      throw new MemoryLimitException(what + " need about " + size(nativeNeed) + " of native memory with Adam's state, above the bound of "
          + size(nativeLimit) + " (half of this machine's " + size(physical) + "); use narrower or fewer hidden layers"
          + (net.stack != null ? ", fewer filters or larger strides" : ""));
    if (heapNeed > heapLimit)
      throw new MemoryLimitException(what + " need about " + size(heapNeed) + " of Java heap to save a checkpoint (parameters and Adam's"
          + " state copied out), above this JVM's limit of " + size(heapLimit) + " (-Xmx); use narrower or fewer"
          + " hidden layers, or raise -Xmx (the scripts read TFVAE_JAVA_OPTS)");
  }

  /**
   * Refuses a call that would return more float rows than the heap can hold.
   *
   * @param call the call, e.g. {@code "samplePrior(200000000)"}
   * @param rows rows returned
   * @param width values per row
   * @throws MemoryLimitException naming the call, the need and the limit
   */
  static void checkRows(String call, long rows, long width) {
    long need = rows * (ROW_OVERHEAD_BYTES + ((width * Float.BYTES + 7) / 8) * 8);
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (need > free)
      throw new MemoryLimitException(call + " would return " + String.format(Locale.ROOT, "%,d", rows) + " rows of " + width
          + " values: about " + size(need) + " of Java heap, above the " + size(free) + " free of this JVM's limit of "
          + size(rt.maxMemory()) + " (-Xmx); ask for fewer rows per call, or raise -Xmx");
  }

  /** @return the native-memory bound: {@value #NATIVE_SHARE} of physical memory */
  static long nativeLimit() { return (long) (NATIVE_SHARE * physical()); }

  private static long physical() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getTotalMemorySize();
    return Long.MAX_VALUE / 2;
  }

  /** @return bytes as "3.5 GB" or "850 MB" */
  static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
  }

  /** @return the family's exception for memory that ran out during a call: the heap or TensorFlow's allocator */
  static MemoryLimitException outOfMemory(Throwable e) {
    Runtime rt = Runtime.getRuntime();
    return e instanceof OutOfMemoryError
        ? new MemoryLimitException("the call ran out of Java heap (" + e.getMessage() + "; this JVM's limit is "
            + size(rt.maxMemory()) + ", -Xmx); ask for fewer rows per call, or raise -Xmx", e)
        : new MemoryLimitException("TensorFlow could not allocate the call's tensors (" + firstLine(e.getMessage())
            + "); ask for fewer rows or draws per call", e);
  }

  private static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Runs a write whose copies of the parameters live on the heap: running out is the family's exception, not an Error. */
  static void heapBound(Runnable write) {
    try {
      write.run();
    } catch (OutOfMemoryError | TFResourceExhaustedException e) {
      throw outOfMemory(e);
    }
  }
}
