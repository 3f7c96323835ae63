package tfvae.examples.part4c;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tfvae.PosteriorKl;
import tfvae.examples.part4c.Checks.Dependence;
import tfvae.Factorization;
import tfvae.examples.part4c.Checks.Pair;
import tfvae.examples.part4c.KlCurve.Closed;
import tfvae.examples.part4c.KlCurve.KlRow;
import tfvae.cli.Report;

/** The five answers of part 4(c), each with the measurement that backs it, and part4c.md. */
final class Answers {
  private Answers() {}

  /** One row of the table. {@code evidenceAgrees} says whether the measurement agrees with the answer. */
  record Answer(String id, String question, String answer, String why, String evidence, boolean evidenceAgrees) {}

  static List<Answer> answers(Factorization a, List<Dependence> b, List<KlRow> c, List<PosteriorKl.Change> ci, Closed de) {
    List<Answer> out = new ArrayList<>();
    boolean aHolds = a.maxLogError() < 1e-3 && a.maxJointError() < 1e-4;
    out.add(new Answer("a", "Does p(bottom half of x | z) factorize over the pixels of the bottom half?", "yes",
        "the decoder makes every pixel an independent Bernoulli given z: p(x|z) = prod_d Ber(x_d; sigmoid(logit_d(z)))",
        f("the model's log p(bottom | z) equals the sum of the 392 per-pixel Bernoulli log densities from decodeLogits to"
            + " %.1e nats (float32) at 3 points z; over all 16 values of 4 bottom pixels the joint given z is the product"
            + " of the marginals to %.1e", a.maxLogError(), a.maxJointError()), aHolds));
    Dependence worst = b.stream().min((u, v) -> Double.compare(u.maxDependence() / Math.max(u.maxError(), 1e-300),
        v.maxDependence() / Math.max(v.maxError(), 1e-300))).orElseThrow();
    Pair p = b.get(0).pairs().get(0);
    boolean bHolds = b.stream().allMatch(d -> d.maxDependence() > 100 * d.maxError());
    out.add(new Answer("b", "Does p(bottom half of x | top half of x) factorize over the pixels of the bottom half?", "no",
        "z is not observed: p(bottom | top) = integral of prod_d p(x_d | z) p(z | top) dz, a mixture of product distributions,"
            + " which couples the pixels through z",
        f("exact quadrature over p(z | top), test image %d: pixels %d and %d have P(x_i=1, x_j=1 | top) = %.4f but"
            + " P(x_i=1) P(x_j=1) = %.4f x %.4f = %.4f (difference %.4f; grid error %.1e); over %d test digits the largest"
            + " difference is at least %.0f times the grid error", b.get(0).image(), p.i(), p.j(), p.pij(),
            p.pi(), p.pj(), p.pi() * p.pj(), p.dependence(), p.error(), b.size(),
            worst.maxDependence() / Math.max(worst.maxError(), 1e-300)), bHolds));
    long up = ci.stream().filter(PosteriorKl.Change::bothRose).count(), beyond = ci.stream().filter(PosteriorKl.Change::beyondError).count();
    PosteriorKl.Change first = ci.stream().filter(PosteriorKl.Change::beyondError).findFirst().orElse(ci.stream().filter(PosteriorKl.Change::bothRose).findFirst().orElse(null));
    out.add(new Answer("c", "Jointly optimizing theta and phi, if the ELBO increases, has KL(q_phi(z|x) || p_theta(z|x))"
        + " necessarily decreased?", "no",
        "ELBO = log p_theta(x) - KL(q_phi || p_theta(z|x)); a step in theta can raise log p_theta(x) by more than it raises the"
            + " KL, and theta also moves the true posterior that the KL is measured against",
        first == null ? f("no interval among %d where both rose (the answer stands on the identity alone)", ci.size())
            : f("training the assignment's model, test subset of %d images: from epoch %d to %d the mean ELBO rose by %.3f nats and"
                + " the mean KL (exact log p(x) minus exact ELBO) rose by %.4f nats (error estimate %.1e); %d of %d intervals had both"
                + " rising, %d of them beyond the error estimate", c.get(0).measured().images(), first.from(), first.to(), first.elboChange(),
                first.klChange(), first.klChangeError(), up, ci.size(), beyond), beyond > 0));
    out.add(new Answer("d", "If p(x) = N(x | mu, sigma^2), can p(x) < 0?", "no",
        "p(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi)) is a product of positive factors for every real x, mu and"
            + " sigma > 0",
        f("%d points of a sweep of x, mu in [-5, 5], sigma in [0.5, 10]: %d negative, smallest %.2e (in double the value"
            + " underflows to 0 beyond %.1f standard deviations, still not negative)", de.sweepPoints(), de.negatives(), de.minOverSweep(),
            de.underflowDistance()), de.negatives() == 0 && de.minOverSweep() > 0));
    out.add(new Answer("e", "If p(x) = N(x | mu, sigma^2), can p(x) > 1?", "yes",
        "a density is not a probability: it only has to integrate to 1, and its peak 1/(sigma sqrt(2 pi)) exceeds 1 when"
            + " sigma < 1/sqrt(2 pi) = 0.399",
        f("N(0 | 0, 0.1^2) = %.4f (log density %.4f); runtime's DensitiesTest.aNormalDensityCanExceedOneForASmallStandardDeviation"
            + " checks the same value through the TensorFlow op", de.atMean(), de.atMeanLog()), de.atMean() > 1));
    return out;
  }

  static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

  /** A row of part4c.md's table of (b): one pair of bottom pixels of one test image. */
  record PairRow(int testImage, int label, int gridPoints, double maxDependence, double maxGridError, String pair, double pI, double pJ,
      double pIJ, double pIJMinusPIPJ, double error) {}

  /** A row of part4c.md's tables of (c): the exact means at one epoch, the Monte Carlo ELBO (its standard error). */
  record KlTableRow(int epoch, double meanElboExact, double meanLogPX, double meanKl, double klErrorEstimate, String mcElboSe,
      String elboAndKlBothRose) {}

  static String markdown(List<Answer> answers, List<KlRow> test, List<PosteriorKl.Change> ti, List<KlRow> train, List<PosteriorKl.Change> tri,
      Factorization a, List<Dependence> b, Closed de) {
    StringBuilder md = new StringBuilder("# Part 4(c): five questions\n\n").append(Report.table(answers));
    md.append("\n## (b) exact predictive dependence of bottom pixels given the top half\n\n").append(Report.table(b.stream()
        .flatMap(d -> d.pairs().stream().map(p -> new PairRow(d.image(), d.label(), d.gridPoints(), d.maxDependence(), d.maxError(),
            f("%s (%d,%d)-(%d,%d)", p.kind(), p.i() / 28, p.i() % 28, p.j() / 28, p.j() % 28), p.pi(), p.pj(), p.pij(), p.dependence(),
            p.error()))).toList()));
    klTable(md, "test", test, ti);
    if (!train.isEmpty()) klTable(md, "training", train, tri);
    return md.toString();
  }

  private static void klTable(StringBuilder md, String which, List<KlRow> rows, List<PosteriorKl.Change> iv) {
    md.append("\n## (c) mean KL(q(z|x) || p(z|x)) per epoch, seeded ").append(which).append(" subset of ")
        .append(rows.get(0).measured().images()).append(" images\n\n");
    List<KlTableRow> table = new ArrayList<>();
    for (int k = 0; k < rows.size(); k++) {
      KlRow r = rows.get(k);
      PosteriorKl m = r.measured();
      table.add(new KlTableRow(r.epoch(), m.elbo(), m.logP(), m.kl(), m.klError(), f("%.3f (%.3f)", r.mcElbo(), r.mcStdError()),
          k == 0 ? "" : iv.get(k - 1).beyondError() ? "**yes**" : iv.get(k - 1).bothRose() ? "yes, within error" : ""));
    }
    md.append(Report.table(table));
  }
}
