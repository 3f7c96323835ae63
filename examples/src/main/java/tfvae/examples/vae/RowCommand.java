package tfvae.examples.vae;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.data.Table;

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

  @Option(names = "--verbose", description = "print stack traces of errors")
  boolean verbose;

  @Option(names = "--spark", paramLabel = "MASTER", description = "run as a Spark job: local[N] starts Spark in this JVM (or a cluster's"
      + " master); --data a CSV file, a directory of CSV files, or Parquet; --out a directory of part files, same columns (docs/spark.md)")
  String spark;

  @Option(names = "--format", paramLabel = "csv|parquet", description = "with --spark: write CSV part files with a header, or Parquet")
  String format = "csv";

  /** @return 0, once the Spark job wrote --out; without --spark, null (the caller runs in this JVM) */
  Integer onSpark(tfvae.spark.VaeJobs.Command command, int k) {
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

  /** @return the --data table, once --out is known to be writable there */
  Table table() {
    RowsOut.check(out);
    return Table.read(data, missingTokens());
  }

  Set<String> missingTokens() {
    Set<String> tokens = new LinkedHashSet<>(missing);
    tokens.add("");
    return tokens;
  }

  /** @return the table's rows as an image model's vectors (binarized at 0.5 for a Bernoulli model, as scripts/reproduce does) */
  static Images imageRows(Table table, TrainedVae model) {
    Images x = ModelIn.images(table, model);
    Images rows = model.spec().likelihood() == tfvae.Likelihood.BERNOULLI ? x.binarize() : x;
    model.spec().likelihood().check("the rows of " + table.source(), rows);
    return rows;
  }
}
