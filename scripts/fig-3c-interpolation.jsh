// Figure 3(c): 3 pairs of training images of different digits, chosen by the seed; the decoded means along
// z = alpha z_a + (1 - alpha) z_b for 10 alphas in [0, 1], with the two originals at the ends of each row.
// Run: scripts/jshell scripts/fig-3c-interpolation.jsh   (writes out/fig-3c-interpolation.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
var train = ws.data().train();
int[][] pairs = VaeFigures.interpolationPairs(train, 3, ws.seed());
for (int[] p : pairs) System.out.printf("pair: image %d (a %d) and image %d (b %d)%n", p[0], train.label(p[0]), p[1], train.label(p[1]));
ws.save(VaeFigures.interpolation(model, train, pairs, 10));
model.close();
