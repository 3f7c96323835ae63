package tfvae.examples;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.GsonBuilder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tfvae.EpochStats;
import tfvae.internal.AtomicFiles;
import tfvae.internal.EpochJson;

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

  /** The history in the checkpoint's own JSON form ({@link EpochJson}). */
  static List<EpochJson> history(List<EpochStats> h) { return h.stream().map(EpochJson::of).toList(); }

  /**
   * {@code report.md}: the scalar numbers as one table, each nested object (part 4) as a table of its own, each list
   * of rows (the evaluation) as a table with a column per key, then every figure. The per-epoch history stays in
   * report.json.
   */
  void writeMarkdown(Path file, List<tfvae.charts.Figure> figures) {
    StringBuilder md = new StringBuilder("# tfvae report\n\n| quantity | value |\n|---|---|\n");
    for (var e : fields.entrySet())
      if (e.getValue() != null && !(e.getValue() instanceof List<?>) && !(e.getValue() instanceof Map<?, ?>))
        md.append("| ").append(e.getKey()).append(" | ").append(format(e.getValue())).append(" |\n");
    for (var e : fields.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        md.append("\n## ").append(e.getKey()).append("\n\n| quantity | value |\n|---|---|\n");
        m.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(format(v)).append(" |\n"));
      } else if (e.getValue() instanceof List<?> rows && !e.getKey().equals("history") && !rows.isEmpty()
          && rows.stream().allMatch(r -> r instanceof Map<?, ?>)) {
        List<?> keys = List.copyOf(((Map<?, ?>) rows.get(0)).keySet());
        md.append("\n## ").append(e.getKey()).append("\n\n|");
        for (Object k : keys) md.append(' ').append(k).append(" |");
        md.append("\n|").append("---|".repeat(keys.size())).append('\n');
        for (Object r : rows) {
          md.append('|');
          for (Object k : keys) md.append(' ').append(format(((Map<?, ?>) r).get(k))).append(" |");
          md.append('\n');
        }
      }
    }
    for (var f : figures) md.append("\n## ").append(f.name()).append("\n\n![").append(f.name()).append("](").append(f.name()).append(".png)\n");
    String text = md.toString();
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A number as a reader wants it: whole numbers as they are, magnitudes of 1 or more to two decimals (nats,
   * seconds), smaller ones to three significant digits (a learning rate of 0.001, a KL of 0.143); lists joined.
   */
  static String format(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) return d.toString();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
      if (Math.abs(d) >= 1) return String.format(Locale.ROOT, "%.2f", d);
      return new BigDecimal(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Float f) return format(f.doubleValue());
    if (v instanceof List<?> l) return String.join(", ", l.stream().map(Report::format).toList());
    return v.toString();
  }

  void write(Path file) {
    String json = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).setPrettyPrinting()
        .serializeNulls().create().toJson(fields) + "\n";
    AtomicFiles.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }
}
