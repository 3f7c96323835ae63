package tfvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tfvae.Schema.Column;

class SchemaTest {
  private final Schema schema = new Schema(List.of(
      Column.numeric("age", 40, 10),
      Column.binary("smoker", "no", "yes"),
      Column.categorical("colour", List.of("red", "green", "blue")),
      Column.count("visits")));

  @Test
  void aRowIsEncodedColumnAfterColumnWithCategoriesOneHot() {
    assertThat(schema.width()).isEqualTo(6);
    assertThat(schema.offset(2)).isEqualTo(2);
    assertThat(schema.offset(3)).isEqualTo(5);
    Schema.Encoded e = schema.encode(List.<String[]>of(new String[] {"55", "yes", "blue", "3"}));
    assertThat(e.rows()[0]).containsExactly(1.5f, 1f, 0f, 0f, 1f, 3f);
    assertThat(e.unseenTotal()).isZero();
  }

  @Test
  void aMissingCellIsNaNInEveryValueOfItsColumn() {
    Schema.Encoded e = schema.encode(List.<String[]>of(new String[] {null, "no", null, "0"}));
    float[] row = e.rows()[0];
    assertThat(Float.isNaN(row[0])).isTrue();
    assertThat(row[1]).isEqualTo(0f);
    assertThat(Arrays.copyOfRange(row, 2, 5)).containsOnly(Float.NaN);
    assertThat(row[5]).isEqualTo(0f);
  }

  @Test
  void anUnknownLevelIsReadAsMissingAndCounted() {
    Schema.Encoded e = schema.encode(List.<String[]>of(new String[] {"40", "maybe", "pink", "1"}, new String[] {"40", "no", "pink", "1"}));
    assertThat(e.unseen()).containsExactly(0, 1, 2, 0);
    assertThat(Float.isNaN(e.rows()[0][1])).isTrue();
    assertThat(Arrays.copyOfRange(e.rows()[1], 2, 5)).containsOnly(Float.NaN);
  }

  @Test
  void aCellThatIsNotAValueOfItsKindIsRefusedWithItsRowAndColumn() {
    assertThatThrownBy(() -> schema.encode(List.<String[]>of(new String[] {"40", "no", "red", "1"}, new String[] {"1,204", "no", "red", "1"})))
        .isInstanceOf(BadDataException.class)
        .hasMessage("row 1, column age: '1,204' is not a number; a numeric column needs decimal numbers (leave missing cells"
            + " empty or NA, or declare the column categorical)");
    assertThatThrownBy(() -> schema.encode(List.<String[]>of(new String[] {"40", "no", "red", "2.5"})))
        .isInstanceOf(BadDataException.class).hasMessageStartingWith("row 0, column visits: '2.5' is not a whole number >= 0");
    assertThatThrownBy(() -> schema.encode(List.<String[]>of(new String[] {"NaN", "no", "red", "2"})))
        .isInstanceOf(BadDataException.class).hasMessageStartingWith("row 0, column age: 'NaN' is not a number");
    assertThatThrownBy(() -> schema.encode(List.<String[]>of(new String[] {"40", "no"})))
        .isInstanceOf(BadDataException.class).hasMessage("row 0 has 2 cells; the schema has 4 columns (age, smoker, colour, visits)");
  }

  @Test
  void columnsAreCheckedAgainstTheirKind() {
    assertThatThrownBy(() -> Column.numeric("x", 0, 0)).isInstanceOf(InvalidConfigException.class)
        .hasMessage("numeric column x needs a finite location and a finite scale > 0, got 0.0 and 0.0");
    assertThatThrownBy(() -> Column.categorical("c", List.of("a"))).isInstanceOf(InvalidConfigException.class)
        .hasMessage("categorical column c needs 2 to 1000 levels, got 1");
    assertThatThrownBy(() -> Column.binary("b", "y", "y")).isInstanceOf(InvalidConfigException.class)
        .hasMessage("column b lists a level twice: [y, y]");
    assertThatThrownBy(() -> new Schema(List.of(Column.count("a"), Column.count("a")))).isInstanceOf(InvalidConfigException.class)
        .hasMessage("the schema names column a twice");
    assertThat(Schema.Kind.parse(" Categorical ")).isEqualTo(Schema.Kind.CATEGORICAL);
  }
}
