// Figure 3(a): 10 z drawn from the prior N(0, I) (not from q(z|x)); top row the Bernoulli means of p(x|z),
// bottom row a binary image sampled from the means above it.
// Run after scripts/reproduce: scripts/jshell scripts/fig-3a-prior-samples.jsh   (writes out/fig-3a-prior-samples.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
long seed = model.spec().seed();
var draws = LatentViews.priorMeansAndSamples(model, 10, seed);   // compute: E[x|z] and one x ~ p(x|z) for 10 z ~ N(0, I)
var figure = VaeFigures.priorSamplesAndBinary(draws, model.spec().likelihood());   // draw: means on top, samples below
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
