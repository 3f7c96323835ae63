package tfvae.cli.vae;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import tfvae.TrainedVae;
import tfvae.data.ModelRows;
import tfvae.data.TableReader;
import tfvae.io.RowsCsv;

/** The options of the subcommands that write one CSV line per input row: score, impute and encode. */
abstract class RowCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the model.ckpt that scripts/vae train (or scripts/reproduce) wrote")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "the rows: a CSV with a header; for an image model,"
      + " its columns are the pixels in order")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "the CSV to write (replaced whole, or left as it was on an error)")
  Path out;

  @Option(names = "--missing", paramLabel = "TOKEN,...", split = ",", description = "cells read as missing, besides the empty cell (default: NA, ?, NaN)")
  List<String> missing = List.of("NA", "?", "NaN");

  @Option(names = "--seed", paramLabel = "S", description = "seed of the draws; a row's numbers depend only on the model, the row and this seed")
  long seed = 0;

  @Option(names = "--spark", paramLabel = "MASTER", description = "run as a Spark job: local[N] starts Spark in this JVM (or a cluster's"
      + " master); --data a CSV file, a directory of CSV files, or Parquet; --out a directory of part files, same columns (docs/spark.md)")
  String spark;

  @Option(names = "--format", paramLabel = "csv|parquet", description = "with --spark: write CSV part files with a header, or Parquet")
  String format = "csv";

  @Option(names = "--chunk-rows", paramLabel = "N", description = "without --spark: rows read, computed and written at a time"
      + " (memory grows with N, not with the table; the numbers do not depend on it)")
  int chunkRows = 1024;

  /** @return 0, once the Spark job wrote --out; without --spark, null (the caller runs in this JVM) */
  Integer onSpark(tfvae.spark.VaeJobs.Command command, int k) {
    if (chunkRows < 1 || chunkRows > 1_000_000) throw new tfvae.InvalidConfigException("--chunk-rows must be in [1, 1000000], got " + chunkRows);
    if (spark == null) {
      if (!"csv".equals(format)) throw new tfvae.InvalidConfigException("--format " + format + " needs --spark; without it --out is one CSV file");
      return null;
    }
    if (!"csv".equals(format) && !"parquet".equals(format)) throw new tfvae.InvalidConfigException("--format must be csv or parquet, got '" + format + "'");
    ModelIn.check(model);
    System.setProperty("slf4j.provider", "org.apache.logging.slf4j.SLF4JServiceProvider"); // Spark's log4j, not slf4j-nop
    System.setProperty("slf4j.internal.verbosity", "WARN");
    var job = new tfvae.spark.VaeJobs.Job(command, model.toString(), data.toString(), out.toString(), "parquet".equals(format), k, seed, missingTokens());
    var r = tfvae.spark.VaeJobs.run(spark, job);
    if (r.unseenNote() != null) System.err.println("vae " + command.cliName() + ": " + r.unseenNote());
    System.err.println("wrote " + r.out() + " (" + r.rows() + " rows)");
    return 0;
  }

  /** @return --data opened at its first row (its header read), once --out is known to be writable there */
  TableReader open() {
    ModelIn.checkOut(out);
    return TableReader.open(data, missingTokens());
  }

  Set<String> missingTokens() {
    Set<String> tokens = new LinkedHashSet<>(missing);
    tokens.add("");
    return tokens;
  }

  /**
   * Writes --out: the header, then each chunk of --data's rows (at most --chunk-rows at a time, read as the model reads
   * them) through {@code chunk}; says a level unseen in training once, with the count, then what was written.
   */
  void stream(String command, TrainedVae m, TableReader in, List<String> header, RowsCsv.Chunk chunk) {
    ModelRows rows = ModelRows.of(m.spec(), in.source(), in.names());
    long n = RowsCsv.stream(out, header, in, rows, chunkRows, chunk);
    if (rows.unseenNote() != null) System.err.println("vae " + command + ": " + rows.unseenNote());
    System.err.println("wrote " + out + " (" + n + " rows)");
  }
}
