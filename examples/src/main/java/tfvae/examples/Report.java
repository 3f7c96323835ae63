package tfvae.examples;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tfvae.EpochStats;
import tfvae.internal.AtomicFiles;

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

  /** Adds every field of {@code other}, in its order. */
  Report putAll(Report other) {
    fields.putAll(other.fields);
    return this;
  }

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

  /** {@code report.md}: the headline numbers as a table, then every figure. */
  void writeMarkdown(Path file, List<tfvae.charts.Figure> figures) {
    StringBuilder md = new StringBuilder("# tfvae report\n\n| quantity | value |\n|---|---|\n");
    for (var e : fields.entrySet()) {
      if (e.getValue() instanceof List<?> || e.getValue() == null) continue;
      Object v = e.getValue();
      md.append("| ").append(e.getKey()).append(" | ")
          .append(v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.2f", d) : v).append(" |\n");
    }
    md.append("\nInterpolation pairs (training-image index: label): ");
    for (Object p : (List<?>) fields.getOrDefault("interpolation_pairs", List.of())) md.append(p).append(' ');
    md.append("\n");
    for (var f : figures) md.append("\n## ").append(f.name()).append("\n\n![").append(f.name()).append("](").append(f.name()).append(".png)\n");
    String text = md.toString();
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  void write(Path file) {
    String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(fields) + "\n";
    AtomicFiles.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }
}
