// Figure 4(b), completions: five test digits of different classes; the bottom half from the top half, from one z ~ q
// (as the assignment asks) and as the mean over 1000 z ~ q.
// Run after scripts/reproduce: scripts/jshell scripts/fig-4b-completion.jsh   (writes .png and .svg into out/)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
long seed = model.spec().seed();
var data = trainedOn(model, env("TFVAE_DATA", "data/mnist"));   // the images it was trained on, checked (prelude.jsh)
var test = data.test();
int[] digits = Subsets.differentClasses(test, 5, seed);
var fits = new ArrayList<PosteriorFit>();
for (int i : digits) fits.add(model.fitPosterior(test.image(i), Mask.topHalf(28, 28), SviOptions.builder().samples(200).seed(seed).build()));
float[][][] completed = LatentViews.topHalfCompletions(model, test, digits, fits, 1000, seed);   // compute: one z ~ q, and 1000
var figure = VaeFigures.completions(test, digits, completed, 1000);   // draw: original, one z ~ q, predictive mean
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
