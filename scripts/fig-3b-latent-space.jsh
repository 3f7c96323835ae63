// Figure 3(b): the mean of q(z|x) for every training image, coloured by its digit.
// Run after scripts/reproduce: scripts/jshell scripts/fig-3b-latent-space.jsh   (writes out/fig-3b-latent-space.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
var data = trainedOn(model, env("TFVAE_DATA", "data/mnist"));   // the images it was trained on, checked (prelude.jsh)
float[][] means = model.encode(data.train()).mean();   // compute: the means of q(z|x)
var figure = VaeFigures.latentSpace(means, data.train().labels());   // draw: dataset (one series per label) -> scatter
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
