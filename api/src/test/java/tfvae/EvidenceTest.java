package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvidenceTest {
  final Evidence e = new Evidence(new double[] {-1, -2, -3, -4}, new double[] {0.1, 0.2, 0.3, 0.4}, 0.05, 1234, 0.01,
      Evidence.Stop.TOLERANCE_MET);

  @Test void aSliceAndASelectionKeepTheirExamplesEstimatesAndTheQuadraturesSettings() {
    Evidence s = e.slice(1, 3), t = e.select(3, 0, 3);
    assertThat(s.logP()).containsExactly(-2, -3);
    assertThat(s.errors()).containsExactly(0.2, 0.3);
    assertThat(t.logP()).containsExactly(-4, -1, -4);
    assertThat(t.errors()).containsExactly(0.4, 0.1, 0.4);
    for (Evidence x : new Evidence[] {s, t}) {
      assertThat(x.spacing()).isEqualTo(0.05);
      assertThat(x.points()).isEqualTo(1234);
      assertThat(x.tolerance()).isEqualTo(0.01);
      assertThat(x.stoppedBy()).isEqualTo(Evidence.Stop.TOLERANCE_MET);
    }
    assertThat(e.slice(2, 2).logP()).isEmpty();
  }

  @Test void anIndexOutsideTheExamplesIsRefused() {
    assertThatThrownBy(() -> e.slice(3, 5)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("slice [3, 5) is outside [0, 4)");
    assertThatThrownBy(() -> e.select(4)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
