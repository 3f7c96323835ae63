package tfvae.cli;

import java.util.Locale;
import tfvae.EvaluationOptions;
import tfvae.EvaluationReport;
import tfvae.TrainedVae;
import tfvae.data.Images;

/**
 * The evaluation of a trained model ({@link TrainedVae#evaluate}) as the programs show it: one line per estimate on
 * standard output, and the rows with the quadrature's facts in the report. {@code scripts/reproduce} and
 * {@code scripts/vae evaluate} print and write the same.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Runs the evaluation and prints its rows.
   *
   * @param model the trained model
   * @param test the images to evaluate on
   * @param options the subset, the seed, whether to add the rows over every image, the quadrature's tolerance
   * @param quiet print only a quadrature that stopped before converging
   * @return the rows and the quadrature's facts as report.json writes them
   */
  public static Report run(TrainedVae model, Images test, EvaluationOptions options, boolean quiet) {
    long t0 = System.nanoTime();
    EvaluationReport result = model.evaluate(test, options);
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (EvaluationReport.Row row : result.rows())
      if (!quiet) System.out.printf("  %-22s %5d test images  %9.2f nats%n", row.estimate(), row.images(), row.mean());
    if (result.subset() != null && !result.subset().converged()) System.out.println("evaluation: " + result.subset().summary());
    Report r = new Report()
        .put("evaluation", Report.rows(result.rows()))
        .put("evaluation_subset_seed", options.seed())
        .put("evaluation_seconds", seconds);
    if (result.subset() == null) return r.put("exact_parts_skipped_because", "latent " + model.spec().latent() + " is not 2");
    return r
        .put("quadrature_spacing", result.subset().spacing())
        .put("quadrature_points", (long) result.subset().points())
        .put("quadrature_max_error", result.subset().maxError())
        .put("quadrature_tolerance", result.subset().tolerance())
        .put("quadrature_converged", result.subset().converged())
        .put("quadrature_stopped_by", result.subset().stoppedBy().name().toLowerCase(Locale.ROOT));
  }
}
