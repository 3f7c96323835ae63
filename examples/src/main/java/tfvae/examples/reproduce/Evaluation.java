package tfvae.examples.reproduce;

import tfvae.EvaluationOptions;
import tfvae.EvaluationReport;
import tfvae.TrainedVae;
import tfvae.data.Images;
import tfvae.cli.Report;

/** Reproduce's evaluation rows: ELBO, importance weighting and (2-D latent) the quadrature log p(x) on the seeded test subset, printed and put in the report. */
final class Evaluation {
  private Evaluation() {}

  /**
   * Runs the library's evaluation ({@link TrainedVae#evaluate}) on the test images and prints its rows.
   *
   * @param full the full-size evaluation (--full)
   * @param seed the subset's seed (--seed)
   * @param quiet print only a quadrature that stopped before converging
   * @return the rows and the quadrature's facts as report.json writes them
   */
  static Report run(TrainedVae model, Images test, boolean full, long seed, boolean quiet) {
    long t5 = System.nanoTime();
    EvaluationReport result = model.evaluate(test, EvaluationOptions.defaults().withFull(full).withSeed(seed));
    double evaluationSeconds = (System.nanoTime() - t5) / 1e9;
    for (EvaluationReport.Row row : result.rows())
      if (!quiet) System.out.printf("  %-22s %5d test images  %9.2f nats%n", row.estimate(), row.images(), row.mean());
    if (result.subset() != null && !result.subset().converged()) System.out.println("evaluation: " + result.subset().summary());
    Report r = new Report()
        .put("evaluation", Report.rows(result.rows()))
        .put("evaluation_subset_seed", seed)
        .put("evaluation_seconds", evaluationSeconds);
    if (result.subset() == null) return r.put("exact_parts_skipped_because", "latent " + model.spec().latent() + " is not 2");
    return r
        .put("quadrature_spacing", result.subset().spacing())
        .put("quadrature_points", (long) result.subset().points())
        .put("quadrature_max_error", result.subset().maxError())
        .put("quadrature_tolerance", result.subset().tolerance())
        .put("quadrature_converged", result.subset().converged())
        .put("quadrature_stopped_by", result.subset().stoppedBy().name().toLowerCase(java.util.Locale.ROOT));
  }
}
