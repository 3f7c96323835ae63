// Figure 3(c): 3 pairs of training images of different digits, chosen by the seed; the decoded means along
// z = alpha z_a + (1 - alpha) z_b for 10 alphas in [0, 1], with the two originals at the ends of each row.
// Run: scripts/jshell scripts/fig-3c-interpolation.jsh   (writes out/fig-3c-interpolation.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
int[] split = envInts("TFVAE_SPLIT", 10_000, 10_000);   // training images 0..9999, test images 10000..19999
var data = DataSplit.assignment(Path.of(env("TFVAE_DATA", "data/mnist")), split[0], split[1]).binarize();
long seed = env("TFVAE_SEED", 0);
var vae = Vae.builder().latent(2).hidden(env("TFVAE_HIDDEN", 500)).seed(seed).build();
var device = Device.parse(env("TFVAE_DEVICE", "cpu"));
var options = TrainOptions.builder().epochs(env("TFVAE_EPOCHS", 100)).device(device).progress(true).checkpoint(out.resolve("model.ckpt")).build();
var run = vae.train(data, options, CheckpointPolicy.REUSE);   // reuses it if it holds this run (batch 100, Adam 1e-3, ...)
System.out.println(run.outcome() + " " + options.checkpoint() + (run.note() == null ? "" : " (" + run.note() + ")"));
var model = run.model();
var train = data.train();
int[][] pairs = Subsets.interpolationPairs(train, 3, seed);
for (int[] p : pairs) System.out.printf("pair: image %d (a %d) and image %d (b %d)%n", p[0], train.label(p[0]), p[1], train.label(p[1]));
float[][][] decoded = LatentViews.interpolation(model, train, pairs, 10);   // compute: 10 decoded z per pair
var figure = VaeFigures.interpolation(train, pairs, decoded);   // draw: originals at the ends of each row
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
