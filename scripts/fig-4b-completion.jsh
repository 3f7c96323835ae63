// Figure 4(b), completions: five test digits of different classes; the bottom half from the top half, from one z ~ q
// (as the assignment asks) and as the mean over 1000 z ~ q. Run: scripts/jshell scripts/fig-4b-completion.jsh (.png, .svg)
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
var test = data.test();
int[] digits = Subsets.differentClasses(test, 5, seed);
var fits = new ArrayList<PosteriorFit>();
for (int i : digits) fits.add(model.fitPosterior(test.image(i), Mask.topHalf(28, 28), SviOptions.builder().samples(200).seed(seed).build()));
float[][][] completed = LatentViews.topHalfCompletions(model, test, digits, fits, 1000, seed);   // compute: one z ~ q, and 1000
var figure = VaeFigures.completions(test, digits, completed, 1000);   // draw: original, one z ~ q, predictive mean
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
