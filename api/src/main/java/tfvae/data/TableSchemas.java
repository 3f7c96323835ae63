package tfvae.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tfvae.BadDataException;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.Schema.Column;
import tfvae.Schema.Kind;
import tfvae.internal.Check;

/** Schema inference for {@link Table#inferSchema(Map, Set)}: the rule is documented there. */
final class TableSchemas {
  /** Whole-number columns with at most this many distinct values are codes, modelled as categorical. */
  static final int CODE_LEVELS = 10;

  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern THOUSANDS = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");

  private TableSchemas() {}

  static Schema infer(Table t, Map<String, Kind> types, Set<String> ignore) {
    Check.notNull("types", types);
    Check.notNull("ignore", ignore);
    for (String name : ignore) known(t, "ignore", name);
    for (String name : types.keySet()) {
      known(t, "types", name);
      if (ignore.contains(name))
        throw new InvalidConfigException("column " + name + " is both ignored and given a type; drop it from one of ignore and types");
    }
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < t.names().size(); c++) {
      String name = t.names().get(c);
      if (!ignore.contains(name)) columns.add(column(t, c, types.get(name)));
    }
    if (columns.isEmpty()) throw new InvalidConfigException("every column of " + t.source() + " is ignored; leave at least one to model");
    return new Schema(columns);
  }

  private static void known(Table t, String option, String name) {
    if (t.indexOf(name) < 0)
      throw new InvalidConfigException(option + " names column " + name + ", which " + t.source() + " does not have; its columns are "
          + String.join(", ", t.names()));
  }

  private static Column column(Table t, int c, Kind given) {
    String name = t.names().get(c);
    // distinct observed values, each with the first row it is on
    Map<String, Integer> first = new LinkedHashMap<>();
    String number = null, text = null;
    int numberRow = -1, textRow = -1;
    for (int r = 0; r < t.rowCount(); r++) {
      String v = t.cell(r, c);
      if (v == null) continue;
      first.putIfAbsent(v, r);
      if (isNumber(v)) {
        if (number == null) { number = v; numberRow = r; }
      } else if (text == null) { text = v; textRow = r; }
    }
    if (first.isEmpty())
      throw new BadDataException("column " + name + " of " + t.source() + " has no value: every cell is missing; leave it out (ignore " + name + ")");
    if (first.size() == 1)
      throw new BadDataException("column " + name + " of " + t.source() + " holds one value ('" + first.keySet().iterator().next()
          + "') in every observed cell: nothing to model; leave it out (ignore " + name + ")");
    boolean numbers = text == null;
    if (given != Kind.CATEGORICAL && given != Kind.BINARY && text != null && THOUSANDS.matcher(text.strip()).matches()
        && allNumbersOrThousands(first.keySet()))
      throw new BadDataException("column " + name + " of " + t.source() + " writes '" + text + "' (row " + textRow
          + ") with a thousands separator; remove the separators (" + text.replace(",", "") + ") so the column reads as numbers");
    if (given == null && number != null && text != null)
      throw new BadDataException("column " + name + " of " + t.source() + " mixes numbers and text: '" + number + "' (row " + numberRow
          + ") and '" + text + "' (row " + textRow + "); make every cell a number (missing cells empty or NA), or declare it"
          + " categorical (types " + name + "=categorical)");
    List<String> levels = sortedLevels(first.keySet(), numbers);
    Kind kind = given;
    if (kind == null) {
      if (levels.size() == 2) kind = Kind.BINARY;
      else if (numbers && !(allWhole(levels) && levels.size() <= CODE_LEVELS)) kind = Kind.NUMERIC;
      else kind = Kind.CATEGORICAL;
    }
    switch (kind) {
      case NUMERIC, COUNT -> {
        if (text != null)
          throw new BadDataException("column " + name + " of " + t.source() + " cannot be " + kind.cliName() + ": '" + text + "' (row " + textRow
              + ") is not a number");
        if (kind == Kind.COUNT) {
          for (String v : levels) {
            double x = Double.parseDouble(v.strip());
            if (x < 0 || x != Math.rint(x))
              throw new BadDataException("column " + name + " of " + t.source() + " cannot be count: '" + v + "' (row " + first.get(v)
                  + ") is not a whole number >= 0");
          }
          return Column.count(name);
        }
        return numeric(t, c, name);
      }
      case BINARY -> {
        if (levels.size() != 2)
          throw new BadDataException("column " + name + " of " + t.source() + " cannot be binary: it has " + levels.size()
              + " distinct values (" + preview(levels) + "); declare it categorical");
        return Column.binary(name, levels.get(0), levels.get(1));
      }
      default -> {
        if (levels.size() > Schema.MAX_LEVELS)
          throw new BadDataException("column " + name + " of " + t.source() + " has " + levels.size() + " distinct values, more than the "
              + Schema.MAX_LEVELS + " levels a categorical column may have; leave it out (ignore " + name
              + ") if it names rows, or declare it numeric (types " + name + "=numeric) if its values are numbers");
        return Column.categorical(name, levels);
      }
    }
  }

  private static Column numeric(Table t, int c, String name) {
    double sum = 0;
    int n = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      String v = t.cell(r, c);
      if (v != null) { sum += Double.parseDouble(v.strip()); n++; }
    }
    double mean = sum / n, ss = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      String v = t.cell(r, c);
      if (v != null) { double d = Double.parseDouble(v.strip()) - mean; ss += d * d; }
    }
    double sd = Math.sqrt(ss / n);
    if (!Double.isFinite(mean) || !Double.isFinite(sd) || sd <= 0)
      throw new BadDataException("column " + name + " of " + t.source() + " has mean " + mean + " and standard deviation " + sd
          + "; a numeric column needs finite values that differ");
    return Column.numeric(name, mean, sd);
  }

  static boolean isNumber(String v) {
    String s = v.strip();
    return DECIMAL.matcher(s).matches() && Double.isFinite(Double.parseDouble(s));
  }

  private static boolean allNumbersOrThousands(Set<String> values) {
    for (String v : values) if (!isNumber(v) && !THOUSANDS.matcher(v.strip()).matches()) return false;
    return true;
  }

  private static boolean allWhole(List<String> numbers) {
    for (String v : numbers) {
      double x = Double.parseDouble(v.strip());
      if (x != Math.rint(x)) return false;
    }
    return true;
  }

  private static List<String> sortedLevels(Set<String> values, boolean numbers) {
    Comparator<String> order = numbers
        ? Comparator.<String>comparingDouble(v -> Double.parseDouble(v.strip())).thenComparing(Comparator.naturalOrder())
        : Comparator.naturalOrder();
    TreeSet<String> sorted = new TreeSet<>(order);
    sorted.addAll(values);
    return List.copyOf(sorted);
  }

  private static String preview(List<String> levels) {
    return levels.size() <= 5 ? String.join(", ", levels) : String.join(", ", levels.subList(0, 5)) + ", ...";
  }
}
