// docs/conditional.md: a conditional model read as a model of x alone, p(x) = (1/10) sum_c p(x | c), beside its
// unconditional twin's log p(x) and its own log p(x | c_true), exact (quadrature), on 100 seeded test images of the
// assignment's split. Run after the two scripts/reproduce commands of that page: scripts/jshell scripts/conditional-mixture.jsh
var data = DataSplit.assignment(Path.of(env("TFVAE_DATA", "data/mnist"))).binarize();
var sub = Subsets.of(data.test(), 100, 0);
var cond = Vae.load(Path.of(env("TFVAE_CONDITIONAL", "/tmp/twin-cond/model.ckpt")));
var plain = Vae.load(Path.of(env("TFVAE_UNCONDITIONAL", "/tmp/twin-plain/model.ckpt")));
double[][] perClass = new double[10][];
for (int c = 0; c < 10; c++) { int[] l = new int[sub.count()]; Arrays.fill(l, c); perClass[c] = cond.logEvidence(Images.of(28, 28, sub.pixels(), l), Mask.all(784), 0.01).logP(); }
double[] given = cond.logEvidence(sub, Mask.all(784), 0.01).logP();
double[] unc = plain.logEvidence(sub, Mask.all(784), 0.01).logP();
double sMix = 0, sGiven = 0, sUnc = 0, sPost = 0;
for (int i = 0; i < sub.count(); i++) { double m = Double.NEGATIVE_INFINITY; for (int c = 0; c < 10; c++) m = Math.max(m, perClass[c][i]); double s = 0; for (int c = 0; c < 10; c++) s += Math.exp(perClass[c][i] - m); double mix = m + Math.log(s) - Math.log(10); sMix += mix; sGiven += given[i]; sUnc += unc[i]; sPost += given[i] + Math.log(0.1) - mix; }
int n = sub.count();
System.out.printf("100 test images: conditional log p(x | c) %.2f, its mixture log p(x) = log (1/10) sum_c p(x | c) %.2f, unconditional twin log p(x) %.2f, mean log p(c_true | x) under the mixture %.3f%n", sGiven / n, sMix / n, sUnc / n, sPost / n);
cond.close();
plain.close();
