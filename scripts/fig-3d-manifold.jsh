// Figure 3(d): the learned manifold, as Kingma and Welling's figure 4: the decoder's Bernoulli means on a 20 x 20
// grid of z = Phi^-1(u), u evenly spaced in (0, 1) on each axis.
// Run after scripts/reproduce: scripts/jshell scripts/fig-3d-manifold.jsh   (writes out/fig-3d-manifold.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
var grid = LatentViews.manifold(model, 20);   // compute: E[x|z] on the 20 x 20 grid
System.out.println("z on each axis: " + Arrays.toString(grid.axis()));
var figure = VaeFigures.manifold(grid);   // draw: dataset (20 x 20 tiles) -> chart
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
