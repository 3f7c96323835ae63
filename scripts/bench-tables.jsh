// Times score, impute, encodeRows and sampleRows on 10,000 rows of a synthetic 30-column table (20 numeric, 5 binary,
// 4 categorical of 5 levels, 1 count; 10 % of the cells missing) after 5 epochs of training: scripts/jshell scripts/bench-tables.jsh
var r = new java.util.SplittableRandom(0);
var cols = new ArrayList<Schema.Column>();
for (int c = 0; c < 20; c++) cols.add(Schema.Column.numeric("x" + c, 0, 1));
for (int c = 0; c < 5; c++) cols.add(Schema.Column.binary("b" + c, "no", "yes"));
for (int c = 0; c < 4; c++) cols.add(Schema.Column.categorical("k" + c, List.of("a", "b", "c", "d", "e")));
cols.add(Schema.Column.count("n"));
var schema = new Schema(cols);
var cells = new ArrayList<String[]>();
for (int i = 0; i < 10_000; i++) {
  double u = r.nextGaussian(), v = r.nextGaussian();
  String[] row = new String[30];
  for (int c = 0; c < 20; c++) row[c] = Schema.format((c % 2 == 0 ? u : v) * (1 + c / 10.0) + 0.3 * r.nextGaussian());
  for (int c = 0; c < 5; c++) row[20 + c] = u + 0.5 * r.nextGaussian() > 0 ? "yes" : "no";
  for (int c = 0; c < 4; c++) { int lv = (int) Math.max(0, Math.min(4, Math.floor(2.5 + v + 0.5 * r.nextGaussian()))); row[25 + c] = "abcde".substring(lv, lv + 1); }
  row[29] = Integer.toString((int) Math.max(0, Math.round(3 + u)));
  for (int c = 0; c < 30; c++) if (r.nextDouble() < 0.1) row[c] = null;
  cells.add(row);
}
float[][] rows = schema.encode(cells).rows();
var vae = Vae.builder().schema(schema).latent(4).hidden(128).initScale(0.05).build();
long t0 = System.nanoTime();
var model = vae.train(DataSplit.trainingOnly(Images.withMissing(rows)), TrainOptions.builder().epochs(5).progress(false).build(), CheckpointPolicy.REPLACE).model();
long t1 = System.nanoTime();
var scores = model.score(rows, ScoreOptions.defaults());
long t2 = System.nanoTime();
var filled = model.impute(rows, ScoreOptions.defaults());
long t3 = System.nanoTime();
var z = model.encodeRows(rows);
long t4 = System.nanoTime();
var sampled = model.sampleRows(10_000, 0);
long t5 = System.nanoTime();
System.out.printf("train 5 epochs %.1f s; score %.1f s; impute %.1f s; encodeRows %.2f s; sampleRows %.2f s (10000 rows, 30 columns, k = 100)%n",
    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9);
System.out.println("row 0: log_px " + scores.logPx(0) + ", imputed " + String.join(",", schema.decode(filled.row(0))));
model.close();
