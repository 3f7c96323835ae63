// Figure 4(b), completions: five test digits of different classes; the bottom half predicted from the top half,
// once from a single z ~ q (as the assignment asks) and once as the predictive mean over 1000 z ~ q.
// Run: scripts/jshell scripts/fig-4b-completion.jsh   (writes out/fig-4b-completion.png and .svg)
var ws = Workspace.fromEnv();
var model = ws.model();
var test = ws.data().test();
int[] digits = VaeFigures.differentClasses(test, 5, ws.seed());
var fits = new ArrayList<PosteriorFit>();
for (int i : digits) fits.add(model.fitPosterior(test.topHalf().image(i), SviOptions.builder().samples(200).seed(ws.seed()).build()));
ws.save(VaeFigures.completions(model, test, digits, fits, 1000, ws.seed()));
model.close();
