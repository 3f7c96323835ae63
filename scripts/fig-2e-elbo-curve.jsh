// Figure 2(e) as a curve: train and test ELBO per epoch, from the history stored in the checkpoint.
// Run after scripts/reproduce: scripts/jshell scripts/fig-2e-elbo-curve.jsh   (writes out/fig-2e-elbo-curve.png and .svg)
var out = Path.of(env("TFVAE_OUT", "out"));   // env(NAME, value): value, unless the environment sets NAME (prelude.jsh)
var model = Vae.load(out.resolve("model.ckpt"));   // the model scripts/reproduce trained and saved there
var figure = VaeFigures.elboCurve(model.history());
System.out.println("wrote " + figure.save(out));   // save: out/NAME.png and .svg
System.out.printf("final test ELBO %.2f nats%n", model.history().get(model.history().size() - 1).testElbo());
model.close();
