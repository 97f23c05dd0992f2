package org.tokenstats.jobs.ingest;

import java.util.Arrays;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Lineage;

/**
 * The shapes of what parsing tasks produce: a feed's typed values (what its rules return, in the
 * order of the target table's leading columns, which the lineage columns follow), and the column
 * names of rejected records ({@link SideOutput#REJECTED}).
 */
final class IngestSchemas {
  private IngestSchemas() {}

  static final String PATH = "path";
  static final String LINE_NUMBER = Lineage.LINE_NUMBER;
  static final String RAW = "raw";
  static final String REASON_CODE = "reason_code";
  static final String DETAIL = "detail";

  private static final Set<String> LINEAGE =
      Set.of(
          Lineage.SUBMISSION,
          Lineage.SUBMISSION_SHA256,
          Lineage.LINE_NUMBER,
          Lineage.INGESTED_AT,
          Lineage.RUN_ID);

  /** bronze.usage's columns without lineage: what {@link UsageRules#check} returns, in order. */
  static final StructType USAGE_TYPED = typedPrefix(BronzeTables.Usage.DEF.schema());

  /** bronze.prices' columns without lineage: what {@link PriceRules#check} returns, in order. */
  static final StructType PRICE_TYPED = typedPrefix(BronzeTables.Prices.DEF.schema());

  /**
   * The columns before the lineage, which must come last: the parser writes a record's typed values
   * at the start of its row and the lineage after them.
   */
  private static StructType typedPrefix(StructType schema) {
    StructType out = new StructType();
    StructField[] fields = schema.fields();
    int typed = fields.length - LINEAGE.size();
    for (int i = 0; i < fields.length; i++) {
      if (LINEAGE.contains(fields[i].name()) != (i >= typed)) {
        throw new IllegalStateException(
            "lineage columns must come last: " + Arrays.toString(schema.fieldNames()));
      }
      if (i < typed) {
        out = out.add(fields[i].name(), fields[i].dataType(), true);
      }
    }
    return out;
  }
}
