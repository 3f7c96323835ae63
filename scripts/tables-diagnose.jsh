// Why does a table model impute what it does? For a trained model (TFVAE_MODEL, a model.ckpt of scripts/vae train) and
// its table (TFVAE_TABLE, a CSV): active latent units (Burda et al. 2016: the variance over rows of q's mean above
// 0.01), the KL(q || p) of each latent dimension averaged over rows, and each column's mean log-likelihood share
// (RowScores.column over the rows where it is observed). TFVAE_MODEL=.../model.ckpt TFVAE_TABLE=t.csv scripts/jshell scripts/tables-diagnose.jsh
var model = Vae.load(Path.of(System.getenv("TFVAE_MODEL")));
var schema = model.spec().schema();
var table = tfvae.data.Table.read(Path.of(System.getenv("TFVAE_TABLE")));
float[][] rows = schema.encode(table.cells(schema.names())).rows();
var enc = model.encode(Images.withMissing(rows));
int zd = model.spec().latent(), n = rows.length;
var sb = new StringBuilder("latent dim: variance of q's mean over rows / mean KL(q||p) nats\n");
int active = 0;
for (int a = 0; a < zd; a++) {
  double s = 0, s2 = 0, kl = 0;
  for (int i = 0; i < n; i++) {
    double m = enc.mean()[i][a], ls = enc.logStd()[i][a];
    s += m; s2 += m * m; kl += 0.5 * (m * m + Math.exp(2 * ls) - 1) - ls;
  }
  double var = s2 / n - (s / n) * (s / n);
  if (var > 0.01) active++;
  sb.append(String.format("  z%d: %.4f / %.3f%n", a + 1, var, kl / n));
}
sb.append("active units: " + active + " of " + zd + "\n");
var scores = model.score(rows, ScoreOptions.defaults());
sb.append(String.format("mean log_px %.3f nats; column: mean log-likelihood share over its observed cells%n", java.util.Arrays.stream(scores.logPx()).average().orElse(Double.NaN)));
for (int c = 0; c < schema.columns().size(); c++) {
  double s = 0; int m = 0;
  for (int i = 0; i < n; i++) if (!Float.isNaN(rows[i][schema.offset(c)])) { s += scores.column(i, c); m++; }
  sb.append(String.format("  %-12s %-11s %.3f (%d cells)%n", schema.columns().get(c).name(), schema.columns().get(c).kind(), s / m, m));
}
System.out.print(sb);
model.close();
