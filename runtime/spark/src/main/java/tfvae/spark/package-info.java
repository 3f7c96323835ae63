/**
 * Apache Spark: {@link tfvae.spark.VaeScorer}, a Spark ML {@code Transformer} that adds a trained model's per-row
 * results (log p(x) by importance weighting and a table's per-column shares of it, the latent means, imputed cells) to a
 * DataFrame, and {@link tfvae.spark.VaeJobs}, the job behind {@code scripts/vae score|encode|impute --spark}. The model is loaded once per executor
 * JVM, from a path every executor can read or from the checkpoint's bytes broadcast with the job, and rows are scored
 * in batches per partition. Spark itself is a provided dependency: the cluster's own Spark 4 (Scala 2.13) is used.
 */
package tfvae.spark;
