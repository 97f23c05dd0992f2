package org.tokenstats.jobs.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.release.Manifest;
import org.tokenstats.jobs.release.ReleaseTable;

/**
 * A published release as a notebook sees it: its manifest, its tidy CSV tables as Datasets (the
 * figures exactly as published), and the input tables at the Delta versions it was built from.
 */
public record PublishedRelease(Path folder, Manifest manifest) {

  public String id() {
    return manifest.releaseId();
  }

  /**
   * One of the release's tables ({@code national_daily}, {@code monthly_summary}, {@code
   * hub_monthly}, {@code region_monthly}) as published: text columns as text, {@code value} as a
   * decimal, suppressed or missing values null.
   */
  public Dataset<Row> csv(String table) {
    ReleaseTable found =
        Arrays.stream(ReleaseTable.values())
            .filter(t -> t.id().equals(table) || t.fileName().equals(table))
            .findFirst()
            .orElseThrow(
                () ->
                    Errors.usage(
                        "Release tables are national_daily, monthly_summary, hub_monthly and"
                            + " region_monthly, not "
                            + table
                            + ".",
                        "Name one of them."));
    Path file = folder.resolve(found.fileName());
    if (!Files.isRegularFile(file)) {
      throw Errors.usage("Release " + id() + " has no file " + file + ".", "Check the folder.");
    }
    StructField[] fields =
        ReleaseTable.COLUMNS.stream()
            .map(
                c ->
                    DataTypes.createStructField(
                        c,
                        c.equals(ReleaseTable.VALUE)
                            ? DataTypes.createDecimalType(38, 12)
                            : DataTypes.StringType,
                        true))
            .toArray(StructField[]::new);
    return Notebook.spark
        .read()
        .option("header", "true")
        .option("mode", "FAILFAST")
        .schema(new StructType(fields))
        .csv(file.toString());
  }

  /** The Delta version of an input table this release read ({@code gold.token_daily}). */
  public long tableVersion(String tableId) {
    Long version = manifest.tableVersions().get(tableId);
    if (version == null) {
      throw Errors.usage(
          "Release " + id() + " did not read " + tableId + ".",
          "It read: " + String.join(", ", manifest.tableVersions().keySet()) + ".");
    }
    return version;
  }

  /** An input table exactly as this release read it (Delta time travel to its version). */
  public Dataset<Row> table(String tableId) {
    return Notebook.tableAsOf(tableId, tableVersion(tableId));
  }

  @Override
  public String toString() {
    return id()
        + " ("
        + manifest.status()
        + ", "
        + manifest.referencePeriod()
        + ", published "
        + manifest.publishedAt()
        + ")";
  }
}
