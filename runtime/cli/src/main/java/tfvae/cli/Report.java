package tfvae.cli;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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

  /**
   * @param key a snake_case key; a key put again keeps its place and takes the new value
   * @param value a number, string, boolean, list, map or record (NaN and infinities become null)
   * @return this report
   */
  public Report put(String key, Object value) {
    fields.put(key, value); // NaN and infinities: written as null by write, at any depth
    return this;
  }

  /**
   * @param key a key
   * @return the value put under {@code key}, or null
   */
  public Object get(String key) { return fields.get(key); }

  /**
   * Adds every field of {@code other}, in its order.
   *
   * @param other another report
   * @return this report
   */
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

  /**
   * @param h a training history, one entry per epoch
   * @return the history as report.json writes it
   */
  public static List<Epoch> history(List<EpochStats> h) { return h.stream().map(Epoch::of).toList(); }

  /**
   * {@code report.md}: the scalar numbers as one table, each nested object (part 4) as a table of its own, each list
   * of rows (the evaluation) as a table with a column per key, then every figure. The per-epoch history stays in
   * report.json.
   *
   * @param file where to write it (whole or not at all)
   * @param figures the figures saved beside it, each as NAME.png
   */
  public void writeMarkdown(Path file, List<tfvae.charts.Figure> figures) {
    StringBuilder md = new StringBuilder("# tfvae report\n\n| quantity | value |\n|---|---|\n");
    JsonObject tree = GSON.toJsonTree(fields).getAsJsonObject();
    tree.entrySet().stream().filter(e -> e.getValue().isJsonPrimitive())
        .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(format(e.getValue())).append(" |\n"));
    for (var e : tree.entrySet()) {
      if (e.getValue() instanceof JsonObject m) {
        md.append("\n## ").append(e.getKey()).append("\n\n| quantity | value |\n|---|---|\n");
        m.entrySet().forEach(v -> md.append("| ").append(v.getKey()).append(" | ").append(format(v.getValue())).append(" |\n"));
      } else if (e.getValue() instanceof JsonArray rows && !e.getKey().equals("history") && !rows.isEmpty()
          && rows.asList().stream().allMatch(JsonElement::isJsonObject)) {
        md.append("\n## ").append(e.getKey()).append("\n\n").append(table(rows));
      }
    }
    for (var f : figures) md.append("\n## ").append(f.name()).append("\n\n![").append(f.name()).append("](").append(f.name()).append(".png)\n");
    AtomicFiles.writeString(file, md.toString());
  }

  /**
   * A markdown table, as report.md draws a list of rows: a column per key of the first row (a record's components in
   * snake_case, a map's keys), each cell as {@link #format(Object)} writes it (null and NaN empty, a | escaped).
   *
   * @param rows records or maps, at least one
   * @return the table, a line per row after the header
   */
  public static String table(List<?> rows) { return table(GSON.toJsonTree(rows).getAsJsonArray()); }

  private static String table(JsonArray rows) {
    List<String> keys = List.copyOf(rows.get(0).getAsJsonObject().keySet());
    StringBuilder md = new StringBuilder("|");
    for (String k : keys) md.append(' ').append(k).append(" |");
    md.append("\n|").append("---|".repeat(keys.size())).append('\n');
    for (JsonElement r : rows) {
      md.append('|');
      for (String k : keys) md.append(' ').append(format(r.getAsJsonObject().get(k)).replace("|", "\\|")).append(" |");
      md.append('\n');
    }
    return md.toString();
  }

  /** @return a value of report.json as {@link #format(Object)} writes it: a number with a point or exponent as a double */
  private static String format(@Nullable JsonElement v) {
    if (v == null || v.isJsonNull()) return "";
    if (v instanceof JsonArray a) return String.join(", ", a.asList().stream().map(Report::format).toList());
    if (v instanceof JsonPrimitive p && p.isNumber())
      return p.getAsString().matches("-?\\d+") ? p.getAsString() : format((Object) p.getAsDouble());
    return v.isJsonPrimitive() ? v.getAsString() : v.toString();
  }

  /**
   * A number as a reader wants it: whole numbers as they are, magnitudes of 1 or more to two decimals (nats,
   * seconds), smaller ones to three significant digits (a learning rate of 0.001, a KL of 0.143; below 1e-4 with an
   * exponent, 1.14e-13); lists joined.
   *
   * @param v a value of the report, or null
   * @return it as report.md shows it (null as the empty string)
   */
  public static String format(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) {
      if (!Double.isFinite(d)) return d.toString();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
      if (Math.abs(d) >= 1) return String.format(Locale.ROOT, "%.2f", d);
      if (Math.abs(d) < 1e-4) return String.format(Locale.ROOT, "%.3g", d); // an error estimate of 1e-13, not 0.000000000000100
      return new BigDecimal(d).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Float f) return format(f.doubleValue());
    if (v instanceof List<?> l) return String.join(", ", l.stream().map(Report::format).toList());
    return v.toString();
  }

  /**
   * Writes the fields as JSON: maps as objects, records by their components (snake_case names), NaN and infinities
   * (also inside records and arrays) as null.
   *
   * @param file where
   */
  public void write(Path file) { AtomicFiles.writeString(file, GSON.toJson(fields) + "\n"); }

  /** JSON as report.json has it: snake_case record components, nulls kept, NaN and infinities (also nested) as null. */
  private static final Gson GSON;

  static {
    TypeAdapter<Number> finite = new TypeAdapter<>() {
      @Override public void write(JsonWriter out, Number v) throws IOException {
        if (v == null || !Double.isFinite(v.doubleValue())) out.nullValue();
        else out.value(v);
      }

      @Override public Number read(JsonReader in) { throw new UnsupportedOperationException("write only"); }
    };
    GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).setPrettyPrinting().serializeNulls()
        .registerTypeAdapter(double.class, finite).registerTypeAdapter(Double.class, finite).registerTypeAdapter(float.class, finite)
        .registerTypeAdapter(Float.class, finite).create();
  }
}
