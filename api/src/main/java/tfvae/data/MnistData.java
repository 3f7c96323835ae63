package tfvae.data;

/**
 * A training and a test set.
 *
 * @param train the images to train on
 * @param test the held-out images to evaluate on
 */
public record MnistData(Images train, Images test) {
  /** @return the first 100 training images and the first 100 test images (the assignment's debugging hint) */
  public MnistData debugSubset() {
    return new MnistData(train.slice(0, Math.min(100, train.count())), test.slice(0, Math.min(100, test.count())));
  }
}
