// Figure 4(b), contours: q(z) fitted by SVI to p(z | top half of a test image) against the exact posterior; the
// bottom pixels integrate out.
// Run after scripts/reproduce: scripts/jshell scripts/fig-4b-contours.jsh   (writes out/fig-4b-contours.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
long seed = model.spec().seed();
var data = trainedOn(model, env("TFVAE_DATA", "data/mnist"));   // the images it was trained on, checked (prelude.jsh)
var test = data.test();
int i = Subsets.differentClasses(test, 1, seed)[0];
var q = model.fitPosterior(test.image(i), Mask.topHalf(28, 28), SviOptions.builder().seed(seed).build());   // K = 1000, 1000 steps
var exact = model.exactPosterior(test.image(i), Mask.topHalf(28, 28), q);
var figure = VaeFigures.posteriorContours(exact, "test image " + i + " (a " + test.label(i) + ")");
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
System.out.printf("KL(q || p) %.3f nats; log p(top) %.3f, ELBO(q) %.3f%n", exact.klFromQ(), exact.logEvidence(), q.elbo());
model.close();
