package tfvae.runtime;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.DeviceSpec;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import tfvae.Device;
import tfvae.VaeException;

/**
 * Session settings for a device. {@code cpu} hides every GPU from the session; {@code gpu} first checks that
 * TensorFlow sees one; {@code auto} leaves placement to TensorFlow. Threads: TensorFlow's default unless the
 * environment variable {@code TFVAE_THREADS} gives a count (used for both intra- and inter-op pools).
 */
final class Sessions {
  private Sessions() {}

  static Ops ops(Graph g, Device device) {
    Ops tf = Ops.create(g);
    return device == Device.GPU ? tf.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build()) : tf;
  }

  static Session open(Graph g, Device device) {
    if (device == Device.GPU) requireGpu();
    return new Session(g, config(device));
  }

  static ConfigProto config(Device device) {
    ConfigProto.Builder b = ConfigProto.newBuilder();
    int threads = threads();
    b.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads);
    switch (device) {
      case CPU -> b.putDeviceCount("GPU", 0);
      case GPU -> b.setAllowSoftPlacement(true).setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
      case AUTO -> b.setAllowSoftPlacement(true).setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return b.build();
  }

  static int threads() {
    String v = System.getenv("TFVAE_THREADS");
    if (v == null || v.isBlank()) return 0;
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0 && n <= 1024) return n;
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw new VaeException("TFVAE_THREADS must be a whole number in [0, 1024], got " + v);
  }

  /** Runs a constant pinned to GPU 0 with soft placement off: it fails where TensorFlow has no GPU. */
  static void requireGpu() {
    try (Graph g = new Graph()) {
      var c = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build())
          .identity(Ops.create(g).constant(1f));
      try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
           Result r = s.runner().fetch(c).run()) {
        // a GPU ran it
      }
    } catch (RuntimeException e) { // TF's errors are RuntimeExceptions of several families (TFInvalidArgumentException is an IAE)
      throw new VaeException("device gpu was requested but TensorFlow found no usable GPU (it said: \"" + firstLine(e.getMessage())
          + "\"); use device cpu or auto, or build with -Pgpu (the CUDA native library) on a machine with an NVIDIA driver,"
          + " CUDA 12 and cuDNN 9.", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
