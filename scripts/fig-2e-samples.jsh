// Figure 2(e): 20 samples from the prior after training, shown as Bernoulli means of p(x|z).
// Run: scripts/jshell scripts/fig-2e-samples.jsh   (writes out/fig-2e-samples.png and .svg)
var ws = Workspace.fromEnv();      // data/mnist and out/, unless TFVAE_DATA / TFVAE_OUT say otherwise
var model = ws.model();            // reuses out/model.ckpt, or trains by the assignment's protocol and saves it
ws.save(VaeFigures.priorSamples(model, 20, ws.seed()));
model.close();
