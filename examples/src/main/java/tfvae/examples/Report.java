package tfvae.examples;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.EpochStats;
import tfvae.runtime.AtomicFiles;

/**
 * {@code report.json}: an ordered map of snake_case keys written atomically. NaN and infinities become null
 * (JSON has none).
 */
final class Report {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  Report put(String key, Object value) {
    fields.put(key, value instanceof Double d && !Double.isFinite(d) ? null : value);
    return this;
  }

  Object get(String key) { return fields.get(key); }

  static List<Map<String, Object>> history(List<EpochStats> h) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EpochStats s : h) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", s.epoch());
      m.put("steps", s.steps());
      m.put("train_elbo", s.trainElbo());
      m.put("test_elbo", s.hasTestElbo() ? s.testElbo() : null);
      m.put("seconds", s.seconds());
      m.put("steps_per_second", s.stepsPerSecond());
      out.add(m);
    }
    return out;
  }

  void write(Path file) {
    String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(fields) + "\n";
    AtomicFiles.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }
}
