package tfvae.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tfvae.InvalidConfigException;
import tfvae.Objective;

class TableDefaultsTest {
  @Test void aSmallTableGetsTheEpochsOfAtLeastSixThousandWholeBatchesUpToTwoThousandALargeOneThreeHundred() {
    // 150 rows in batches of 32: 4 whole batches an epoch, 1500 epochs for 6000 steps
    assertThat(TableDefaults.epochs(150, 32)).isEqualTo(1500);
    // 569 rows: 17 whole batches; 6000 / 17 = 352.9, so 353 epochs (352 would be 5984 steps)
    assertThat(TableDefaults.epochs(569, 32)).isEqualTo(353);
    assertThat(353 * 17).isGreaterThanOrEqualTo(TableDefaults.MIN_STEPS);
    assertThat(352 * 17).isLessThan(TableDefaults.MIN_STEPS);
    // 41 rows in one batch of 41: one step an epoch, 6000 epochs wanted, 2000 at most (a checkpoint keeps every epoch's line)
    assertThat(TableDefaults.epochs(41, 41)).isEqualTo(TableDefaults.MAX_EPOCHS);
    assertThat(TableDefaults.epochs(200, 100)).isEqualTo(2000);
    assertThat(TableDefaults.epochs(300, 100)).isEqualTo(2000);
    assertThat(TableDefaults.epochs(400, 100)).isEqualTo(1500);
    // 10,000 rows: 312 batches, 300 epochs are 93,600 steps already
    assertThat(TableDefaults.epochs(10_000, 32)).isEqualTo(TableDefaults.MIN_EPOCHS);
    // a batch larger than the table (the trainer refuses it with its own message): counted as one batch
    assertThat(TableDefaults.epochs(10, 32)).isEqualTo(TableDefaults.MAX_EPOCHS);
  }

  @Test void theObjectiveIsTheIwaeBoundWithTwentyDraws() {
    assertThat(TableDefaults.objective()).isEqualTo(Objective.iwae(20));
  }

  @Test void rowsOrABatchSizeBelowOneIsOneLine() {
    assertThatThrownBy(() -> TableDefaults.epochs(0, 32)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("rows must be at least 1, got 0");
    assertThatThrownBy(() -> TableDefaults.epochs(10, 0)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("batchSize must be at least 1, got 0");
  }
}
