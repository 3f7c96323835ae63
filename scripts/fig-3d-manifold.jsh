// Figure 3(d): the learned manifold, as Kingma and Welling's figure 4: the decoder's Bernoulli means on a 20 x 20
// grid of z = Phi^-1(u), u evenly spaced in (0, 1) on each axis. Run: scripts/jshell scripts/fig-3d-manifold.jsh
// (writes out/fig-3d-manifold.png and .svg)
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
var grid = LatentViews.manifold(model, 20);   // compute: E[x|z] on the 20 x 20 grid
System.out.println("z on each axis: " + Arrays.toString(grid.axis()));
var figure = VaeFigures.manifold(grid);   // draw: dataset (20 x 20 tiles) -> chart
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
