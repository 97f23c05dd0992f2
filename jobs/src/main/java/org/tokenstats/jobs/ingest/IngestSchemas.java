package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Lineage;

/**
 * The shape of what parsing tasks emit (the staging rows): accepted records with their typed
 * values, rejected records with their reason, and one summary per file, in one flat schema so that
 * each file is read exactly once.
 */
final class IngestSchemas {
  private IngestSchemas() {}

  static final String ROW_TYPE = "row_type";
  static final String ACCEPTED = "A";
  static final String REJECTED = "R";
  static final String FILE = "F";

  static final String PATH = "path";
  static final String LINE_NUMBER = Lineage.LINE_NUMBER;
  static final String RAW = "raw";
  static final String REASON_CODE = "reason_code";
  static final String DETAIL = "detail";
  static final String SHA256 = "sha256";
  static final String FORMAT = "format";
  static final String SIZE_BYTES = "size_bytes";
  static final String RECORDS_READ = "records_read";
  static final String RECORDS_ACCEPTED = "records_accepted";
  static final String RECORDS_QUARANTINED = "records_quarantined";
  static final String UNKNOWN_FIELDS = "unknown_fields";
  static final String FILE_STATUS = "file_status";
  static final String FIRST_DAY = "first_report_date";
  static final String LAST_DAY = "last_report_date";

  private static final Set<String> LINEAGE =
      Set.of(
          Lineage.SUBMISSION,
          Lineage.SUBMISSION_SHA256,
          Lineage.LINE_NUMBER,
          Lineage.INGESTED_AT,
          Lineage.RUN_ID);

  /** bronze.usage's columns without lineage: what {@link UsageRules#check} returns, in order. */
  static final StructType USAGE_TYPED = withoutLineage(BronzeTables.Usage.DEF.schema());

  /** bronze.prices' columns without lineage: what {@link PriceRules#check} returns, in order. */
  static final StructType PRICE_TYPED = withoutLineage(BronzeTables.Prices.DEF.schema());

  private static StructType withoutLineage(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      if (!LINEAGE.contains(f.name())) {
        out = out.add(f.name(), f.dataType(), true);
      }
    }
    return out;
  }

  /** Number of leading columns before the typed values. */
  static final int META = 6;

  /** Number of file-summary columns after the typed values (see {@link #staging}). */
  static final int SUMMARY = 11;

  /** Staging schema for a feed whose typed values are {@code typed}. */
  static StructType staging(StructType typed) {
    StructType s =
        new StructType()
            .add(ROW_TYPE, StringType, false)
            .add(PATH, StringType, false)
            .add(LINE_NUMBER, LongType, true)
            .add(RAW, StringType, true)
            .add(REASON_CODE, StringType, true)
            .add(DETAIL, StringType, true);
    for (StructField f : typed.fields()) {
      s = s.add(f);
    }
    return s.add(SHA256, StringType, true)
        .add(FORMAT, StringType, true)
        .add(SIZE_BYTES, LongType, true)
        .add(RECORDS_READ, LongType, true)
        .add(RECORDS_ACCEPTED, LongType, true)
        .add(RECORDS_QUARANTINED, LongType, true)
        .add(UNKNOWN_FIELDS, createMapType(StringType, LongType, false), true)
        .add(FILE_STATUS, StringType, true)
        .add(FIRST_DAY, DateType, true)
        .add(LAST_DAY, DateType, true)
        .add("modified_at", TimestampType, true);
  }
}
