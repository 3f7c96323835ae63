package tfvae.data;

/**
 * A training and a test set.
 *
 * @param train the images to train on
 * @param test the held-out images to evaluate on
 */
public record DataSplit(Images train, Images test) {
  /**
   * The assignment's debug subset: the first 100 training images and the first 100 test images (fewer if a set is
   * smaller). Of the assignment's split, {@code Mnist.load(dir).debugSubset()}, these are training-file images 0..99
   * and 10000..10099, exactly what {@code Mnist.load(dir, 100, 100)} gives.
   *
   * @return the subset
   */
  public DataSplit debugSubset() {
    return new DataSplit(train.slice(0, Math.min(100, train.count())), test.slice(0, Math.min(100, test.count())));
  }
}
