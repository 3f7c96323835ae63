// Figure 2(e): 20 samples from the prior after training, shown as Bernoulli means of p(x|z).
// Run after scripts/reproduce: scripts/jshell scripts/fig-2e-samples.jsh   (writes out/fig-2e-samples.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
long seed = model.spec().seed();
float[][] means = LatentViews.priorMeans(model, 20, seed);   // compute: E[x|z] for 20 z ~ N(0, I)
var figure = VaeFigures.priorSamples(means, model.spec().likelihood());   // draw: dataset (2 rows of 10 tiles) -> chart
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
