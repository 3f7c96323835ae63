package tfvae.examples.shared;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tfvae.EpochStats;
import tfvae.EvaluationReport;
import tfvae.PosteriorKl;
import org.jspecify.annotations.Nullable;
import tfvae.io.AtomicFiles;

/**
 * {@code report.json}: an ordered map of snake_case keys written atomically. NaN and infinities become null
 * (JSON has none).
 */
public final class Report {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public Report put(String key, Object value) {
    fields.put(key, value instanceof Double d && !Double.isFinite(d) ? null : value);
    return this;
  }

  /** @return the value put under {@code key}, or null */
  public Object get(String key) { return fields.get(key); }

  /** Adds every field of {@code other}, in its order. */
  public Report putAll(Report other) {
    fields.putAll(other.fields);
    return this;
  }

  /**
   * One epoch of the history as report.json writes it, the field names of the checkpoint's {@code meta.json}
   * ({@code train_elbo}, {@code eval_seconds}, ...), a missing test ELBO as null.
   */
  public record Epoch(int epoch, long steps, double trainElbo, @Nullable Double testElbo, double seconds, double evalSeconds,
      double stepsPerSecond) {
    static Epoch of(EpochStats s) {
      return new Epoch(s.epoch(), s.steps(), s.trainElbo(), s.hasTestElbo() ? s.testElbo() : null, s.seconds(), s.evalSeconds(),
          s.stepsPerSecond());
    }
  }

  /**
   * @param c the change of the mean ELBO and KL between two evaluations
   * @return its row in part4c.json and study.json
   */
  public static Map<String, Object> change(PosteriorKl.Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from_epoch", c.from());
    m.put("to_epoch", c.to());
    m.put("elbo_change", c.elboChange());
    m.put("kl_change", c.klChange());
    m.put("kl_change_error_estimate", c.klChangeError());
    m.put("elbo_up_and_kl_up", c.bothRose());
    m.put("beyond_error", c.beyondError());
    return m;
  }

  /**
   * @param rows the rows of {@link tfvae.TrainedVae#evaluate}
   * @return them as report.json writes them
   */
  public static List<Map<String, Object>> rows(List<EvaluationReport.Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EvaluationReport.Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("estimate", r.estimate());
      m.put("images", r.images());
      m.put("mean_log_p", r.mean());
      m.put("seconds", r.seconds());
      out.add(m);
    }
    return out;
  }

  /** @return the history as report.json writes it */
  public static List<Epoch> history(List<EpochStats> h) { return h.stream().map(Epoch::of).toList(); }

  /**
   * {@code report.md}: the scalar numbers as one table, each nested object (part 4) as a table of its own, each list
   * of rows (the evaluation) as a table with a column per key, then every figure. The per-epoch history stays in
   * report.json.
   */
  public void writeMarkdown(Path file, List<tfvae.charts.Figure> figures) {
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
    AtomicFiles.writeString(file, text);
  }

  /**
   * A number as a reader wants it: whole numbers as they are, magnitudes of 1 or more to two decimals (nats,
   * seconds), smaller ones to three significant digits (a learning rate of 0.001, a KL of 0.143); lists joined.
   */
  public static String format(Object v) {
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

  /**
   * Writes the fields as JSON: maps as objects, records by their components (snake_case names), NaN and infinities
   * (also inside records and arrays) as null.
   */
  public void write(Path file) {
    TypeAdapter<Number> finite = new TypeAdapter<>() {
      @Override public void write(JsonWriter out, Number v) throws IOException {
        if (v == null || !Double.isFinite(v.doubleValue())) out.nullValue();
        else out.value(v);
      }

      @Override public Number read(JsonReader in) { throw new UnsupportedOperationException("write only"); }
    };
    String json = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).setPrettyPrinting()
        .serializeNulls().registerTypeAdapter(double.class, finite).registerTypeAdapter(Double.class, finite)
        .registerTypeAdapter(float.class, finite).registerTypeAdapter(Float.class, finite).create().toJson(fields) + "\n";
    AtomicFiles.writeString(file, json);
  }
}
