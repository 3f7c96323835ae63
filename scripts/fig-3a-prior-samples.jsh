// Figure 3(a): 10 z drawn from the prior N(0, I) (not from q(z|x)); top row the Bernoulli means of p(x|z),
// bottom row a binary image sampled from the means above it.
// Run: scripts/jshell scripts/fig-3a-prior-samples.jsh   (writes out/fig-3a-prior-samples.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
ws.save(VaeFigures.priorSamplesAndBinary(model, 10, ws.seed()));
model.close();
