package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.feed.PriceFeed;
import org.tokenstats.common.feed.UsageFeed;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.BronzeTables;
import org.tokenstats.common.table.BronzeTables.Lineage;
import org.tokenstats.common.table.BronzeTables.Quarantine;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.common.table.OpsTables.TouchedDays;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.RunContext;

/**
 * Ingests every new submission under the landing path into the bronze layer, exactly once.
 *
 * <p>Per feed: files whose path, size and modification time were already ingested are skipped
 * unread; the others are read once by parallel tasks into a staging area (typed accepted records,
 * rejected records with reasons, a summary per file). A file whose SHA-256 was already ingested,
 * under any path, changes nothing. Then, in this order, each step idempotent so that a run killed
 * anywhere is completed by the next: the touched reporting days are recorded, the rejected records
 * quarantined, the accepted records MERGEd on their key (latest submission wins, ties by path), and
 * last the submissions registered in {@code ops.submissions}, which is what marks a file as done. A
 * lock keeps two ingest runs from overlapping.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final RunContext context;
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final JobRun run;
  private final Configuration hadoopConf;
  private final Timestamp ingestedAt;
  private final List<IngestReport.File> report = new ArrayList<>();
  private final IngestWrites writes;

  public IngestJob(RunContext context) {
    this.context = context;
    this.spark = context.spark();
    this.warehouse = context.warehouse();
    this.run = context.run();
    this.hadoopConf = spark.sparkContext().hadoopConfiguration();
    this.writes = new IngestWrites(warehouse, run);
    this.ingestedAt = writes.ingestedAt();
  }

  /** Known submissions: what was read before, by path and by content. */
  private record Known(Set<String> unchanged, Set<String> pathAndSha, Set<String> shas) {
    boolean unchanged(LandingFile f) {
      return unchanged.contains(f.path() + "|" + f.size() + "|" + f.modifiedAt().getTime());
    }
  }

  /** Runs the whole ingestion; returns the per-file reconciliation (also counted in the run). */
  public IngestReport run() {
    String landing = context.settings().landing();
    Map<String, Long> versionsBefore = Map.copyOf(run.tableVersions());
    try (RunLock lock = context.lock("ingest")) {
      for (TableDef t :
          List.of(
              BronzeTables.Usage.DEF,
              BronzeTables.Prices.DEF,
              Quarantine.DEF,
              Submissions.DEF,
              TouchedDays.DEF)) {
        warehouse.ensure(t);
      }
      Known known = run.stage("scan", this::known);
      Map<FeedKind, List<LandingFile>> candidates = new LinkedHashMap<>();
      for (FeedKind feed : FeedKind.values()) {
        List<LandingFile> all;
        List<LandingFile.Skipped> skipped = new ArrayList<>();
        try {
          all = LandingFile.scan(landing, feed, hadoopConf, skipped);
        } catch (IOException e) {
          throw Errors.whileDoing("listing " + landing + "/" + feed.folder(), e);
        }
        for (LandingFile.Skipped k : skipped) {
          LOG.warn("{}: not followed: {} is {}", feed.folder(), k.path(), k.reason());
          report.add(
              new IngestReport.File(
                  feed.folder(),
                  "skipped",
                  0L,
                  0L,
                  0L,
                  LandingFile.reported(k.path(), k.reason())));
        }
        run.count(feed.folder() + "_links_skipped", skipped.size());
        List<LandingFile> fresh = all.stream().filter(f -> !known.unchanged(f)).toList();
        run.count(feed.folder() + "_files_seen", all.size());
        run.count(feed.folder() + "_files_unchanged", all.size() - fresh.size());
        candidates.put(feed, fresh);
      }
      Set<String> shas = new HashSet<>(known.shas());
      run.stage(
          "reference",
          () ->
              new ReferenceIngest(context, known.pathAndSha(), shas, report)
                  .ingest(candidates.get(FeedKind.REFERENCE)));
      Registry registry = run.stage("registry", () -> ReferenceIngest.registry(warehouse));
      if (registry.isEmpty()) {
        LOG.warn(
            "The registry is empty: every usage and price record will be rejected."
                + " Put regions.csv, hubs.csv, datacenters.csv and providers.csv under {}/reference/",
            landing);
      }
      run.stage(
          "usage",
          () ->
              ingestFeed(
                  FeedKind.USAGE,
                  candidates.get(FeedKind.USAGE),
                  SubmissionParser.usage(
                      new UsageRules(registry, context.settings().timeZone(), run.startedAt())),
                  IngestSchemas.USAGE_TYPED,
                  BronzeTables.Usage.DEF,
                  List.of(Lineage.SUBMISSION, Lineage.LINE_NUMBER),
                  "t.content_hash <> s.content_hash",
                  known,
                  shas));
      run.stage(
          "prices",
          () ->
              ingestFeed(
                  FeedKind.PRICES,
                  candidates.get(FeedKind.PRICES),
                  SubmissionParser.prices(new PriceRules(registry, context.settings().timeZone())),
                  IngestSchemas.PRICE_TYPED,
                  BronzeTables.Prices.DEF,
                  List.of(PriceFeed.PUBLISHED_AT, Lineage.SUBMISSION, Lineage.LINE_NUMBER),
                  "s.published_at >= t.published_at",
                  known,
                  shas));
    }
    return new IngestReport(landing, report, run.writtenSince(versionsBefore));
  }

  private Known known() {
    Set<String> unchanged = new HashSet<>();
    Set<String> pathAndSha = new HashSet<>();
    Set<String> shas = new HashSet<>();
    for (Row r :
        warehouse
            .read(Submissions.DEF)
            .select(
                Submissions.PATH,
                Submissions.SHA256,
                Submissions.SIZE_BYTES,
                Submissions.MODIFIED_AT,
                Submissions.STATUS)
            .collectAsList()) {
      unchanged.add(r.getString(0) + "|" + r.getLong(2) + "|" + r.getTimestamp(3).getTime());
      pathAndSha.add(r.getString(0) + "|" + r.getString(1));
      if (Submissions.INGESTED.equals(r.getString(4))) {
        shas.add(r.getString(1)); // only ingested content makes a later file a duplicate
      }
    }
    return new Known(unchanged, pathAndSha, shas);
  }

  private void ingestFeed(
      FeedKind feed,
      List<LandingFile> files,
      SubmissionParser.Rules rules,
      StructType typed,
      TableDef target,
      List<String> latestFirst,
      String replaceWhen,
      Known known,
      Set<String> shas) {
    if (files.isEmpty()) {
      return;
    }
    List<String> key = target.key();
    String staging = warehouse.root() + "/_staging/" + run.runId() + "/" + feed.folder();
    StructType stagingSchema = IngestSchemas.staging(typed);
    try {
      Dataset<Row> staged = stage(feed, files, rules, typed, stagingSchema, staging);
      FileDecisions decisions = decide(feed, staged, known, shas);
      if (decisions.rows.isEmpty()) {
        return;
      }
      Dataset<Row> goodFiles =
          spark.createDataFrame(
              decisions.good, new StructType().add("path", "string").add("sha", "string"));

      Dataset<Row> accepted =
          staged
              .filter(col(IngestSchemas.ROW_TYPE).equalTo(IngestSchemas.ACCEPTED))
              .join(broadcast(goodFiles), IngestSchemas.PATH)
              .select(targetColumns(target, typed));

      recordTouchedDays(feed, target, accepted, key);
      quarantine(feed, staged, goodFiles, decisions);
      writes.upsert(target, latestVersions(accepted, key, latestFirst), replaceWhen);
      writes.register(decisions.rows);
    } finally {
      try {
        new Path(staging).getFileSystem(hadoopConf).delete(new Path(staging), true);
      } catch (IOException e) {
        LOG.warn("Could not remove staging folder {}", staging, e);
      }
    }
  }

  /** Reads every candidate file once, in parallel, into the staging area. */
  private Dataset<Row> stage(
      FeedKind feed,
      List<LandingFile> files,
      SubmissionParser.Rules rules,
      StructType typed,
      StructType stagingSchema,
      String staging) {
    List<Row> list = new ArrayList<>();
    for (LandingFile f : files) {
      list.add(RowFactory.create(f.path(), f.size(), f.modifiedAt()));
    }
    StructType fileSchema =
        new StructType()
            .add("path", "string", false)
            .add("size", "long", false)
            .add("modified_at", "timestamp", false);
    int tasks = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
    Map<String, String> conf = new HashMap<>();
    hadoopConf.forEach(e -> conf.put(e.getKey(), e.getValue()));
    spark
        .createDataFrame(list, fileSchema)
        .repartition(tasks)
        .mapPartitions(
            new SubmissionParser(feed, rules, typed.size(), conf, limits(context)),
            Encoders.row(stagingSchema))
        .write()
        .mode("overwrite")
        .parquet(staging);
    return spark.read().schema(stagingSchema).parquet(staging);
  }

  /** The bounds on one submission, from the settings. */
  static SubmissionReader.Limits limits(RunContext context) {
    return new SubmissionReader.Limits(
        context.settings().get(SettingKeys.INGEST_MAX_LINE_BYTES),
        context.settings().get(SettingKeys.INGEST_MAX_FILE_BYTES));
  }

  /** What becomes of each parsed file: ingested, unreadable, duplicate, or nothing new. */
  private static final class FileDecisions {
    final List<Row> rows = new ArrayList<>(); // ops.submissions rows
    final List<Row> good = new ArrayList<>(); // (path, sha) of files whose records count
    final List<Row> unreadable = new ArrayList<>(); // (path, sha, reason, detail)
  }

  private FileDecisions decide(FeedKind feed, Dataset<Row> staged, Known known, Set<String> shas) {
    List<Row> summaries =
        staged
            .filter(col(IngestSchemas.ROW_TYPE).equalTo(IngestSchemas.FILE))
            .select(
                IngestSchemas.PATH,
                IngestSchemas.SHA256,
                IngestSchemas.FORMAT,
                IngestSchemas.SIZE_BYTES,
                IngestSchemas.RECORDS_READ,
                IngestSchemas.RECORDS_ACCEPTED,
                IngestSchemas.RECORDS_QUARANTINED,
                IngestSchemas.UNKNOWN_FIELDS,
                IngestSchemas.FILE_STATUS,
                IngestSchemas.REASON_CODE,
                IngestSchemas.DETAIL,
                IngestSchemas.FIRST_DAY,
                IngestSchemas.LAST_DAY,
                "modified_at")
            .orderBy(IngestSchemas.PATH)
            .collectAsList();
    FileDecisions d = new FileDecisions();
    for (Row s : summaries) {
      String path = s.getString(0);
      String sha = s.getString(1);
      String status = s.getString(8);
      if (known.pathAndSha().contains(path + "|" + sha)) {
        continue; // same path, same content: only its timestamp changed
      }
      String detail = s.getString(10);
      long read = s.getLong(4);
      long acc = s.getLong(5);
      long quar = s.getLong(6);
      if (shas.contains(sha)) {
        status = Submissions.DUPLICATE;
        detail = "same content (SHA-256) as a submission already ingested; nothing changed";
        read = 0;
        acc = 0;
        quar = 0;
      } else if (status.equals(Submissions.INGESTED)) {
        d.good.add(RowFactory.create(path, sha));
        shas.add(sha);
      } else {
        d.unreadable.add(RowFactory.create(path, sha, s.getString(9), detail));
        detail = s.getString(9) + ": " + detail;
      }
      d.rows.add(
          writes.submissionRow(
              new LandingFile(path, feed, s.getLong(3), s.getTimestamp(13)),
              sha,
              s.getString(2),
              read,
              acc,
              quar,
              s.getJavaMap(7),
              status,
              detail,
              s.getDate(11),
              s.getDate(12)));
      run.count(feed.folder() + "_files_" + status, 1);
      // An unreadable file's line says why (reason code and detail).
      String shown =
          LandingFile.reported(path, status.equals(Submissions.UNREADABLE) ? detail : null);
      run.count(feed.folder() + "_records_read", read);
      run.count(feed.folder() + "_records_accepted", acc);
      run.count(feed.folder() + "_records_quarantined", quar);
      s.<String, Long>getJavaMap(7)
          .forEach((k, v) -> run.count(feed.folder() + "_unknown_field_" + k, v));
      report.add(new IngestReport.File(feed.folder(), status, read, acc, quar, shown));
    }
    return d;
  }

  private Column[] targetColumns(TableDef target, StructType typed) {
    List<Column> out = new ArrayList<>();
    for (StructField f : target.schema().fields()) {
      String n = f.name();
      Column c =
          switch (n) {
            case Lineage.SUBMISSION -> col(IngestSchemas.PATH);
            case Lineage.SUBMISSION_SHA256 -> col("sha");
            case Lineage.LINE_NUMBER -> col(IngestSchemas.LINE_NUMBER);
            case Lineage.INGESTED_AT -> lit(ingestedAt);
            case Lineage.RUN_ID -> lit(run.runId());
            default -> col(n);
          };
      out.add(c.cast(f.dataType()).as(n));
    }
    return out.toArray(Column[]::new);
  }

  /**
   * Days whose figures may change: every reporting day of an accepted record, and the old day of a
   * corrected record that moved. Inserted if absent, so a repeated run never loses one. Read from
   * the accepted records before the within-batch deduplication: a superseded version can only add a
   * day to recompute (harmless).
   */
  private void recordTouchedDays(
      FeedKind feed, TableDef target, Dataset<Row> records, List<String> key) {
    String reportDate = "report_date";
    Dataset<Row> newDays =
        records.select(col(reportDate).as(TouchedDays.REPORT_DATE), col(Lineage.SUBMISSION_SHA256));
    Dataset<Row> days = newDays;
    if (feed == FeedKind.USAGE) {
      Dataset<Row> old =
          warehouse
              .read(target)
              .select(
                  col(UsageFeed.PROVIDER_ID),
                  col(UsageFeed.RECORD_ID),
                  col(reportDate).as("_old_day"),
                  col(BronzeTables.Usage.CONTENT_HASH).as("_old_hash"));
      Dataset<Row> moved =
          records
              .join(old, scala.jdk.javaapi.CollectionConverters.asScala(key).toSeq(), "inner")
              .filter(col("_old_hash").notEqual(col(BronzeTables.Usage.CONTENT_HASH)))
              .select(col("_old_day").as(TouchedDays.REPORT_DATE), col(Lineage.SUBMISSION_SHA256));
      days = newDays.union(moved);
    }
    Dataset<Row> rows =
        days.distinct()
            .select(
                col(TouchedDays.REPORT_DATE),
                lit(feed.folder()).as(TouchedDays.FEED),
                col(Lineage.SUBMISSION_SHA256).as(TouchedDays.SUBMISSION_SHA256),
                lit(run.runId()).as(TouchedDays.RUN_ID),
                lit(ingestedAt).as(TouchedDays.TOUCHED_AT));
    writes.insertIfAbsent(TouchedDays.DEF, rows);
  }

  private void quarantine(
      FeedKind feed, Dataset<Row> staged, Dataset<Row> goodFiles, FileDecisions d) {
    Dataset<Row> records =
        staged
            .filter(col(IngestSchemas.ROW_TYPE).equalTo(IngestSchemas.REJECTED))
            .join(broadcast(goodFiles), IngestSchemas.PATH)
            .select(
                col(IngestSchemas.PATH).as(Quarantine.SUBMISSION),
                col("sha").as(Quarantine.SUBMISSION_SHA256),
                lit(feed.folder()).as(Quarantine.KIND),
                col(IngestSchemas.LINE_NUMBER).as(Quarantine.LINE_NUMBER),
                col(IngestSchemas.RAW).as(Quarantine.RAW),
                col(IngestSchemas.REASON_CODE).as(Quarantine.REASON_CODE),
                col(IngestSchemas.DETAIL).as(Quarantine.DETAIL),
                lit(run.runId()).as(Quarantine.RUN_ID),
                lit(ingestedAt).as(Quarantine.QUARANTINED_AT));
    List<Row> files = new ArrayList<>();
    for (Row u : d.unreadable) {
      files.add(
          writes.quarantineRow(
              u.getString(0), u.getString(1), feed, null, null, u.getString(2), u.getString(3)));
    }
    writes.quarantine(records.union(spark.createDataFrame(files, Quarantine.DEF.schema())));
  }

  /**
   * The batch's latest version of each key: the highest {@code latestFirst} values win. A batch
   * rarely holds two versions of a key, so the superseded rows are found on a narrow projection
   * (key, order columns, and the row's identity: submission and line) and, when there are none, the
   * full rows go to the MERGE without a shuffle and sort of their own (10 M records: ~60 s on this
   * machine's 2 cores).
   */
  static Dataset<Row> latestVersions(
      Dataset<Row> accepted, List<String> key, List<String> latestFirst) {
    Set<String> narrow = new LinkedHashSet<>(key);
    narrow.addAll(latestFirst);
    narrow.add(Lineage.SUBMISSION);
    narrow.add(Lineage.LINE_NUMBER);
    Dataset<Row> superseded =
        accepted
            .select(narrow.stream().map(c -> col(c)).toArray(Column[]::new))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy(key.stream().map(k -> col(k)).toArray(Column[]::new))
                            .orderBy(
                                latestFirst.stream()
                                    .map(c -> col(c).desc())
                                    .toArray(Column[]::new))))
            .filter(col("_rank").gt(1))
            .select(Lineage.SUBMISSION, Lineage.LINE_NUMBER);
    if (superseded.isEmpty()) {
      return accepted;
    }
    return accepted.join(
        superseded,
        scala.jdk.javaapi.CollectionConverters.asScala(
                List.of(Lineage.SUBMISSION, Lineage.LINE_NUMBER))
            .toSeq(),
        "left_anti");
  }
}
