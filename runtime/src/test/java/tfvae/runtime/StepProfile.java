package tfvae.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import tfvae.Device;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;

/**
 * Not a test: a per-op profile of one preset's training step on the assignment's training images (batch 100, batches in
 * order), for docs/model-family.md. Times {@code steps} Adam steps after {@code warmup} (wall and process CPU per
 * step), then runs {@code traced} more with TensorFlow's FULL_TRACE and sums each kernel's time from the step stats
 * (kernels of both threads overlap, so the sum exceeds the wall time). Arguments: DATA_DIR PRESET STEPS WARMUP TRACED.
 * Threads and oneDNN as for every session: TFVAE_THREADS and TF_ENABLE_ONEDNN_OPTS.
 */
public final class StepProfile {
  private StepProfile() {}

  public static void main(String[] a) {
    Images train = DataSplit.assignment(Path.of(a[0])).binarize().train();
    Vae spec = tfvae.Preset.parse(a[1]).builder().build().resolvedFor(train);
    int steps = Integer.parseInt(a[2]), warmup = Integer.parseInt(a[3]), traced = Integer.parseInt(a[4]), n = train.count();
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (Graph graph = new Graph()) {
      VaeGraph g = new VaeGraph(graph, spec, Sessions.ops(graph, Device.CPU));
      try (Session s = Sessions.open(graph, Device.CPU)) {
        s.initialize();
        try (TFloat32 data = Tensors.matrix(train.pixels(), n, spec.dataDim());
             TInt64 order = TInt64.tensorOf(Shape.of(n), DataBuffers.of(TrainingLoop.inOrder(n), true, false));
             Result r = s.runner().feed(g.dataIn, data).addTarget(g.loadData).feed(g.orderIn, order).addTarget(g.loadOrder).run()) {
          // the training set and its order live in the graph
        }
        g.batchSize.set(s, 100);
        g.batches.set(s, n / 100);
        for (int i = 0; i < warmup; i++) g.adam.step(s);
        long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) g.adam.step(s);
        System.out.printf("%s: %.1f ms per step, CPU %.1f ms (all threads), over %d steps after %d; TF_ENABLE_ONEDNN_OPTS=%s TFVAE_THREADS=%s%n",
            a[1], (System.nanoTime() - t0) / 1e6 / steps, (os.getProcessCpuTime() - c0) / 1e6 / steps, steps, warmup,
            System.getenv("TF_ENABLE_ONEDNN_OPTS"), System.getenv("TFVAE_THREADS"));
        Map<String, Double> byKernel = new HashMap<>();
        RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
        for (int i = 0; i < traced; i++)
          try (Result r = s.runner().addTarget(g.adam.train()).setOptions(trace).runAndFetchMetadata()) {
            RunMetadata md = r.getMetadata().orElseThrow();
            for (DeviceStepStats d : md.getStepStats().getDevStatsList())
              for (NodeExecStats ns : d.getNodeStatsList()) {
                String label = ns.getTimelineLabel();           // "node = Kernel(inputs)"
                int eq = label.indexOf(" = "), paren = label.indexOf('(', Math.max(eq, 0));
                String kernel = eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : ns.getNodeName();
                byKernel.merge(kernel, (ns.getOpEndRelMicros() - ns.getOpStartRelMicros()) / 1000.0 / traced, Double::sum);
              }
          }
        double total = byKernel.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("kernel time per traced step, summed over %d steps' step stats: %.1f ms%n", traced, total);
        byKernel.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
            .forEach(e -> System.out.printf("  %-40s %7.2f ms  %5.1f %%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total));
      }
    }
  }
}
