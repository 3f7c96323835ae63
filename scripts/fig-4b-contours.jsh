// Figure 4(b), contours: q(z) fitted by SVI to p(z | top half of a test image) against the exact posterior; the
// bottom pixels integrate out. Run: scripts/jshell scripts/fig-4b-contours.jsh (writes out/fig-4b-contours.png, .svg)
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
int i = Subsets.differentClasses(test, 1, seed)[0];
var q = model.fitPosterior(test.image(i), Mask.topHalf(28, 28), SviOptions.builder().seed(seed).build());   // K = 1000, 1000 steps
var exact = model.exactPosterior(test.image(i), Mask.topHalf(28, 28), q);
var figure = VaeFigures.posteriorContours(exact, "test image " + i + " (a " + test.label(i) + ")");
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
System.out.printf("KL(q || p) %.3f nats; log p(top) %.3f, ELBO(q) %.3f%n", exact.klFromQ(), exact.logEvidence(), q.elbo());
model.close();
