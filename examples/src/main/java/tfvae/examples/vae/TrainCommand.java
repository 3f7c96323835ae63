package tfvae.examples.vae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tfvae.CheckpointPolicy;
import tfvae.Device;
import tfvae.InvalidConfigException;
import tfvae.Likelihood;
import tfvae.Objective;
import tfvae.Schema;
import tfvae.TrainOptions;
import tfvae.TrainingRun;
import tfvae.Vae;
import tfvae.data.DataSplit;
import tfvae.data.Images;
import tfvae.data.Table;
import tfvae.examples.shared.Report;
import tfvae.io.OutputDirectory;

/** {@code scripts/vae train}: a model of a table or of images, its checkpoint and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = {"Trains a VAE on --data and writes DIR/model.ckpt and DIR/report.json.",
        "A .csv is a table with a header: each column's type is inferred (exactly two values: binary; numbers: numeric, with"
            + " the mean and standard deviation of its observed cells; whole-number codes with at most 10 values, or text:"
            + " categorical) and can be given with --types; empty, NA, ? and NaN cells are missing. The schema is printed and"
            + " stored with the model.",
        "A .npz (Keras's mnist.npz layout) or a directory of idx files are images, trained as scripts/reproduce does."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE.csv|FILE.npz|DIR", description = "a table (.csv with a header), or images (.npz, idx directory)")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
  Path out;

  @Option(names = "--ignore", paramLabel = "COL,...", split = ",", description = "table columns left out of the model (impute copies them unchanged)")
  List<String> ignore = List.of();

  @Option(names = "--types", paramLabel = "COL=TYPE,...", split = ",", description = "table columns' types, overriding the inferred ones:"
      + " numeric, binary, categorical or count (count is never inferred)")
  Map<String, String> types = new LinkedHashMap<>();

  @Option(names = "--missing", paramLabel = "TOKEN,...", split = ",", description = "cells read as missing, besides the empty cell")
  List<String> missing = List.of("NA", "?", "NaN");

  @Option(names = "--schema-only", description = "print the inferred schema and stop (nothing written)")
  boolean schemaOnly;

  /** A table's defaults, tuned on scikit-learn's wine table and checked on breast-cancer and diabetes (docs/tables.md). */
  static final int TABLE_LATENT = 4, TABLE_BATCH_SIZE = 32, TABLE_EPOCHS = 300;

  @Option(names = "--latent", paramLabel = "N", description = "dimension of z (default " + Vae.DEFAULT_LATENT + " for images, "
      + TABLE_LATENT + " for a table)")
  Integer latent;

  @Option(names = "--hidden", paramLabel = "H", description = "one hidden layer of H units in the encoder and the decoder")
  int hidden = Vae.DEFAULT_HIDDEN;

  @Option(names = "--encoder", paramLabel = "W1,W2,...", split = ",", description = "the encoder's hidden-layer widths, input side first (default: one layer of --hidden)")
  List<Integer> encoder;

  @Option(names = "--decoder", paramLabel = "W1,W2,...", split = ",", description = "the decoder's hidden-layer widths, latent side first (default: one layer of --hidden)")
  List<Integer> decoder;

  @Option(names = "--likelihood", paramLabel = "bernoulli|continuous-bernoulli|gaussian", description = "images only: p(x|z)")
  String likelihood = "bernoulli";

  @Option(names = "--objective", paramLabel = "elbo|analytic-kl|iwae", description = "the training objective")
  String objective = "elbo";

  @Option(names = "--k", paramLabel = "K", description = "draws per row of the iwae objective (default 5 for iwae)")
  Integer k;

  @Option(names = "--beta", paramLabel = "B", description = "weight of the KL term in training")
  double beta = 1;

  @Option(names = "--warmup", paramLabel = "EPOCHS", description = "raise the KL weight linearly from 0 to --beta over this many epochs (0: none)")
  int warmup;

  @Option(names = "--shuffle", description = "reshuffle the training rows each epoch (seeded by --seed and the epoch)")
  boolean shuffle;

  @Option(names = "--epochs", paramLabel = "N", description = "passes over the training rows (default " + TrainOptions.DEFAULT_EPOCHS
      + " for images, " + TABLE_EPOCHS + " for a table)")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the initial weights and the training noise")
  long seed = 0;

  @Option(names = "--device", paramLabel = "cpu|gpu|auto", description = "where TensorFlow runs")
  String device = "cpu";

  @Option(names = "--batch-size", paramLabel = "N", description = "rows per Adam step (default " + TrainOptions.DEFAULT_BATCH_SIZE
      + " for images, " + TABLE_BATCH_SIZE + " for a table, or every row of a smaller one)")
  Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "R", description = "Adam step size")
  double learningRate = TrainOptions.DEFAULT_LEARNING_RATE;

  @Option(names = "--quiet", description = "no progress lines")
  boolean quiet;

  @Option(names = "--verbose", description = "print stack traces of errors")
  boolean verbose;

  @Override public Integer call() {
    boolean table = data.getFileName() != null && data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    if (latent == null) latent = table ? TABLE_LATENT : Vae.DEFAULT_LATENT;
    if (epochs == null) epochs = table ? TABLE_EPOCHS : TrainOptions.DEFAULT_EPOCHS;
    Vae.Builder spec = spec();
    TrainOptions options = options(batchSize != null ? batchSize : table ? TABLE_BATCH_SIZE : TrainOptions.DEFAULT_BATCH_SIZE);
    if (table) return table(spec, options);
    if (!types.isEmpty() || !ignore.isEmpty())
      throw new InvalidConfigException("--types and --ignore name a table's columns; " + data + " is not a .csv table");
    OutputDirectory.prepare(out);
    Vae model = spec.build();
    DataSplit images = DataSplit.read(data).forLikelihood(model.likelihood());
    try (TrainingRun run = model.train(images, options, CheckpointPolicy.REPLACE)) {
      Report report = new Report().put("data", data.toString()).put("rows", images.train().count())
          .put("spec", run.model().spec().toString()).put("history", Report.history(run.model().history()));
      report.write(out.resolve("report.json"));
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
    if (batchSize == null && rows.length < options.batchSize()) options = options(rows.length);
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
          .put("spec", run.model().spec().toString()).put("history", Report.history(run.model().history()))
          .write(out.resolve("report.json"));
    }
    say("wrote " + out.resolve("model.ckpt") + " and " + out.resolve("report.json"));
    return 0;
  }

  private Set<String> missingTokens() {
    Set<String> tokens = new LinkedHashSet<>(missing);
    tokens.add("");
    return tokens;
  }

  /** @return the model the options describe, every setting checked before the data is read */
  private Vae.Builder spec() {
    int draws = k != null ? k : objective.equalsIgnoreCase("iwae") ? 5 : 1;
    Vae.Builder b = Vae.builder().hidden(hidden).latent(latent).seed(seed).likelihood(Likelihood.parse(likelihood))
        .objective(Objective.parse(objective, draws).withBeta(beta).withWarmup(warmup));
    if (encoder != null) b.encoder(encoder.stream().mapToInt(Integer::intValue).toArray());
    if (decoder != null) b.decoder(decoder.stream().mapToInt(Integer::intValue).toArray());
    b.build();
    return b;
  }

  private TrainOptions options(int batchSize) {
    return TrainOptions.builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).progress(!quiet)
        .checkpoint(out.resolve("model.ckpt")).device(Device.parse(device)).shuffle(shuffle).build();
  }

  private void say(String line) { if (!quiet) System.err.println(line); }
}
