/**
 * Figures for tfvae as plain JFreeChart charts: image grids, latent scatters, ELBO curves and contour lines, each in
 * three steps ({@code dataset(...)}, {@code chart(...)}, {@link tfvae.charts.Figures#save}) and saved as
 * deterministic PNG and SVG. Inputs are plain arrays and records; no TensorFlow types appear here.
 */
@NullMarked
package tfvae.charts;

import org.jspecify.annotations.NullMarked;
