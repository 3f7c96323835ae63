package tfvae.cli.vae;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.InvalidConfigException;
import tfvae.Schema;
import tfvae.TrainOptions;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Table;
import tfvae.data.TableDefaults;
import tfvae.cli.ImageData;
import tfvae.cli.ModelOptions;
import tfvae.cli.Report;
import tfvae.cli.RunFacts;
import tfvae.io.OutputDirectory;

/** {@code scripts/vae train}: a model of a table or of images, its checkpoint and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Trains a VAE on --data and writes DIR/model.ckpt and DIR/report.json.",
        "A .csv is a table with a header: each column's type is inferred (exactly two values: binary; numbers: numeric, with"
            + " the mean and standard deviation of its observed cells; whole-number codes with at most 10 values, or text:"
            + " categorical) and can be given with --types; empty, NA, ? and NaN cells are missing. The schema is printed and"
            + " stored with the model.",
        "A .npz (Keras's mnist.npz layout) or a directory of idx files are images, trained as scripts/reproduce does;"
            + " --split, --train and --test choose which (by default MNIST's standard split, every image)."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE.csv|FILE.npz|DIR", description = "a table (.csv with a header), or images (.npz, idx directory)")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
  Path out;

  @Mixin ImageData imageData = ImageData.standard();

  @Option(names = "--ignore", paramLabel = "COL,...", split = ",", description = "table columns left out of the model (impute copies them unchanged)")
  List<String> ignore = List.of();

  @Option(names = "--types", paramLabel = "COL=TYPE,...", split = ",", description = "table columns' types, overriding the inferred ones:"
      + " numeric, binary, categorical or count (count is never inferred)")
  Map<String, String> types = new LinkedHashMap<>();

  @Option(names = "--missing", paramLabel = "TOKEN,...", split = ",", description = "cells read as missing, besides the empty cell")
  List<String> missing = List.of("NA", "?", "NaN");

  @Option(names = "--schema-only", description = "print the inferred schema and stop (nothing written)")
  boolean schemaOnly;

  @Mixin ModelOptions settings = new ModelOptions();

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training rows (default " + TrainOptions.DEFAULT_EPOCHS
      + " for images; for a table " + TableDefaults.MIN_EPOCHS + ", more if that is under " + TableDefaults.MIN_STEPS + " steps, up to " + TableDefaults.MAX_EPOCHS + ")")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "rows per Adam step (default " + TrainOptions.DEFAULT_BATCH_SIZE
      + " for images, " + TableDefaults.BATCH_SIZE + " for a table, or every row of a smaller one)")
  Integer batchSize;

  @Option(names = "--quiet", description = "no progress lines")
  boolean quiet;

  @Override public Integer call() {
    boolean table = data.getFileName() != null && data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    if (table && !imageData.given().isEmpty())
      throw new InvalidConfigException("--split, --train and --test choose images (an idx directory or a .npz); " + data + " is a .csv"
          + " table, trained on every row: leave out " + String.join(" and ", imageData.given()));
    if (!table) imageData.check();
    if (epochs == null && !table) epochs = TrainOptions.DEFAULT_EPOCHS;   // a table's: TableDefaults.epochs, in table()
    Vae.Builder spec = settings.builder(table);
    spec.build(); // every model setting checked before the data is read
    TrainOptions options = options(batchSize != null ? batchSize : table ? TableDefaults.BATCH_SIZE : TrainOptions.DEFAULT_BATCH_SIZE, epochs != null ? epochs : 1);
    if (table) return table(spec, options);
    if (!types.isEmpty() || !ignore.isEmpty())
      throw new InvalidConfigException("--types and --ignore name a table's columns; " + data + " is not a .csv table");
    Vae model = spec.build();
    DataSplit images = imageData.read(data, model.likelihood()); // before the output directory: bad data leaves nothing behind
    OutputDirectory.prepare(out);
    try (TrainingRun run = model.train(images, options, CheckpointPolicy.REPLACE)) {
      new Report().put("data", data.toString()).put("rows", images.train().count()).put("spec", run.model().spec().toString())
          .putAll(RunFacts.of(run, options, data)).put("history", Report.history(run.model().history())).write(out.resolve("report.json"));
    }
    say("wrote " + out.resolve("model.ckpt") + " and " + out.resolve("report.json"));
    return 0;
  }

  private int table(Vae.Builder spec, TrainOptions options) {
    Table table = Table.read(data, missingTokens());
    Map<String, Schema.Kind> kinds = new LinkedHashMap<>();
    types.forEach((col, kind) -> kinds.put(col, Schema.Kind.parse(kind)));
    Schema schema = table.inferSchema(kinds, new LinkedHashSet<>(ignore));
    System.out.println(schema);
    if (schemaOnly) return 0;
    Vae model = spec.schema(schema).build();
    float[][] rows = schema.encode(table.cells(schema.names())).rows();
    schema.check("the rows of " + data, rows);
    OutputDirectory.prepare(out);
    int batch = batchSize == null ? Math.min(rows.length, options.batchSize()) : options.batchSize();
    options = options(batch, epochs != null ? epochs : TableDefaults.epochs(rows.length, batch));
    try (TrainingRun run = model.train(DataSplit.trainingOnly(Images.withMissing(rows)), options, CheckpointPolicy.REPLACE)) {
      List<Map<String, Object>> columns = new ArrayList<>();
      for (Schema.Column c : schema.columns()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.kind().cliName());
        if (c.kind() == Schema.Kind.NUMERIC) { m.put("location", c.location()); m.put("scale", c.scale()); }
        if (!c.levels().isEmpty()) m.put("levels", c.levels());
        columns.add(m);
      }
      new Report().put("data", data.toString()).put("rows", rows.length).put("ignored", ignore).put("schema", columns)
          .put("spec", run.model().spec().toString()).putAll(RunFacts.of(run, options, data))
          .put("history", Report.history(run.model().history())).write(out.resolve("report.json"));
    }
    say("wrote " + out.resolve("model.ckpt") + " and " + out.resolve("report.json"));
    return 0;
  }

  private Set<String> missingTokens() {
    Set<String> tokens = new LinkedHashSet<>(missing);
    tokens.add("");
    return tokens;
  }

  private TrainOptions options(int batchSize, int epochs) {
    return settings.training(epochs, batchSize).progress(!quiet).checkpoint(out.resolve("model.ckpt")).build();
  }

  private void say(String line) { if (!quiet) System.err.println(line); }
}
