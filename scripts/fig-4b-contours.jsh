// Figure 4(b), contours: q(z) fitted by SVI to p(z | top half of a test image), against the exact posterior.
// The top half is the first 14 rows; the bottom pixels are unobserved and integrate out (not scored as black).
// Run: scripts/jshell scripts/fig-4b-contours.jsh   (writes out/fig-4b-contours.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
var test = ws.data().test();
int i = VaeFigures.differentClasses(test, 1, ws.seed())[0];
var q = model.fitPosterior(test.topHalf().image(i), SviOptions.builder().seed(ws.seed()).build());   // K = 1000, 1000 steps
var exact = model.exactPosterior(test.topHalf().image(i), q);
ws.save(VaeFigures.posteriorContours(exact, "test image " + i + " (a " + test.label(i) + ")"));
System.out.printf("KL(q || p) %.3f nats; log p(top) %.3f, ELBO(q) %.3f%n", exact.klFromQ(), exact.logEvidence(), q.elbo());
model.close();
