// Figure 3(c): 3 pairs of training images of different digits, chosen by the seed; the decoded means along
// z = alpha z_a + (1 - alpha) z_b for 10 alphas in [0, 1], with the two originals at the ends of each row.
// Run after scripts/reproduce: scripts/jshell scripts/fig-3c-interpolation.jsh   (writes out/fig-3c-interpolation.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
long seed = model.spec().seed();
var data = trainedOn(model, env("TFVAE_DATA", "data/mnist"));   // the images it was trained on, checked (prelude.jsh)
var train = data.train();
int[][] pairs = Subsets.interpolationPairs(train, 3, seed);
for (int[] p : pairs) System.out.printf("pair: image %d (a %d) and image %d (b %d)%n", p[0], train.label(p[0]), p[1], train.label(p[1]));
float[][][] decoded = LatentViews.interpolation(model, train, pairs, 10);   // compute: 10 decoded z per pair
var figure = VaeFigures.interpolation(train, pairs, decoded);   // draw: originals at the ends of each row
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
model.close();
