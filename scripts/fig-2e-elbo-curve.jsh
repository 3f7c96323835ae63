// Figure 2(e) as a curve: train and test ELBO per epoch, from the history stored in the checkpoint.
// Run: scripts/jshell scripts/fig-2e-elbo-curve.jsh   (writes out/fig-2e-elbo-curve.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
ws.save(VaeFigures.elboCurve(model.history()));
System.out.printf("final test ELBO %.2f nats%n", model.history().get(model.history().size() - 1).testElbo());
model.close();
