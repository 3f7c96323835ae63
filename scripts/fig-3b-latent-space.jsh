// Figure 3(b): the mean of q(z|x) for every training image, coloured by its digit.
// Run: scripts/jshell scripts/fig-3b-latent-space.jsh   (writes out/fig-3b-latent-space.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
ws.save(VaeFigures.latentSpace(model, ws.data().train()));
model.close();
