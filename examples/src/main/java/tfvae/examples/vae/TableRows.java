package tfvae.examples.vae;

import java.util.ArrayList;
import java.util.List;
import tfvae.BadDataException;
import tfvae.Schema;
import tfvae.data.Table;

/** A table's rows encoded for a table model: its schema's columns found by name, unseen levels said once. */
final class TableRows {
  private TableRows() {}

  /**
   * @param table the --data table
   * @param schema the model's schema
   * @param command the subcommand, for the stderr line
   * @return the rows encoded, a cell whose level the model never saw read as missing (said once on stderr, with counts)
   * @throws BadDataException naming the first of the model's columns the table does not have
   */
  static float[][] encode(Table table, Schema schema, String command) {
    for (String name : schema.names())
      if (table.indexOf(name) < 0)
        throw new BadDataException("the model was trained on another schema: it has column " + name + ", which " + table.source()
            + " does not have (the model's columns: " + String.join(", ", schema.names()) + "; the file's: "
            + String.join(", ", table.names()) + ")");
    Schema.Encoded e;
    try {
      e = schema.encode(table.cells(schema.names()));
    } catch (BadDataException x) {
      throw new BadDataException(table.source() + ": " + x.getMessage() + "; the model was trained on the schema scripts/vae train"
          + " printed (and stored in report.json)", x);
    }
    if (e.unseenTotal() > 0) {
      List<String> counts = new ArrayList<>();
      for (int c = 0; c < e.unseen().length; c++) if (e.unseen()[c] > 0) counts.add(schema.names().get(c) + " " + e.unseen()[c]);
      System.err.println("vae " + command + ": " + e.unseenTotal() + " cell" + (e.unseenTotal() == 1 ? "" : "s") + " held a level unseen"
          + " in training, read as missing (" + String.join(", ", counts) + ")");
    }
    return e.rows();
  }
}
