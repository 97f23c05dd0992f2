package org.tokenstats.jobs.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.run.BuildInfo;
import org.tokenstats.common.run.RunLock;
import org.tokenstats.common.table.GoldTables.TokenDailyRollup;
import org.tokenstats.common.table.OpsTables.Submissions;
import org.tokenstats.jobs.command.RunContext;

/**
 * Publishes a month and reproduces a release. A new release is built from the gold tables at their
 * current Delta versions (recorded in its manifest), compared with the period's latest release, and
 * published only if a figure changed or the figures became final; re-running it is safe.
 */
public final class ReleaseJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseJob.class);

  /** What a publish did. */
  public enum Result {
    PUBLISHED,
    UP_TO_DATE,
    NO_DATA
  }

  /** The result and, when published, the new release's manifest. */
  public record Outcome(Result result, Manifest manifest, String message) {}

  private final RunContext context;

  public ReleaseJob(RunContext context) {
    this.context = context;
  }

  private Path root() {
    return Path.of(context.settings().releases());
  }

  /**
   * Publishes {@code period} as judged on {@code asOf}: a first (provisional or final) release, a
   * final one once the calendar says so, or a revision when a published figure changed.
   *
   * @param reason why a revision is made; null lets tokenstats say what it found
   */
  public Outcome publish(YearMonth period, LocalDate asOf, String reason) {
    try (RunLock lock = context.lock("release-" + period)) {
      return publishLocked(period, asOf, reason);
    }
  }

  private Outcome publishLocked(YearMonth period, LocalDate asOf, String reason) {
    String p = period.toString();
    ReleaseConfig config = ReleaseConfig.of(context.settings());
    Publisher publisher = Publisher.of(context.settings());
    context
        .run()
        .stage(
            "release " + p + ": pending days",
            () -> ReleaseGate.checkCurated(context.warehouse(), period, config.baseline()));
    if (!ReleaseInputs.hasData(context.warehouse(), period)) {
      return new Outcome(Result.NO_DATA, null, "no curated data for " + p);
    }
    PublishedReleases releases = PublishedReleases.in(root());
    Map<String, Long> versions = ReleaseInputs.currentVersions(context.warehouse());
    context
        .run()
        .stage(
            "release " + p + ": written by jobs, consistent",
            () ->
                ReleaseGate.checkWritten(
                    context.warehouse(), versions, releases, period, config.baseline()));
    ReleaseData data =
        context
            .run()
            .stage(
                "release " + p + ": read",
                () -> ReleaseInputs.read(context.warehouse(), versions, period, config.baseline()));
    if (data.months().stream()
        .noneMatch(f -> f.period().equals(p) && f.level().equals(TokenDailyRollup.NATIONAL))) {
      return new Outcome(Result.NO_DATA, null, "no curated data for " + p);
    }
    ReleaseGate.checkContributions(data);
    boolean provisional = !config.isFinal(period, asOf);
    List<String> compared = releases.all().stream().map(Manifest::releaseId).toList();
    ReleaseBuilder.Content content =
        context
            .run()
            .stage(
                "release " + p + ": disclosure control",
                () -> protect(data, config, provisional, asOf, releases.history(compared)));

    Manifest latest = releases.latest(p).orElse(null);
    String status;
    String revises = null;
    String why = null;
    if (latest == null) {
      status = provisional ? Manifest.PROVISIONAL : Manifest.FINAL;
    } else {
      Difference difference = differenceFrom(latest, content, releases);
      boolean becameFinal = !latest.finalFigures() && !provisional;
      if (difference.none() && !becameFinal) {
        return new Outcome(
            Result.UP_TO_DATE,
            latest,
            "release " + latest.releaseId() + " is up to date: no figure, flag or status changed");
      }
      revises = latest.releaseId();
      // The step from provisional to final figures is the final release, revisions or not.
      status = becameFinal ? Manifest.FINAL : Manifest.REVISED;
      List<String> whys = new ArrayList<>();
      if (becameFinal) {
        whys.add(
            "the figures of "
                + p
                + " are final ("
                + config.finalAfterDays()
                + " days after the month's end)");
      }
      // At the final step every P becomes A: that is the status change, not a revision.
      boolean revised = difference.valuesChanged() || !becameFinal && difference.flags() > 0;
      if (revised) {
        whys.add(reason != null ? reason : explainChange(latest, config, difference));
      } else if (reason != null) {
        whys.add(reason);
      } else {
        whys.add("no figure changed");
      }
      why = String.join("; ", whys);
    }
    int version = releases.nextVersion(p);
    String id = PublishedReleases.releaseId(p, version);
    Manifest manifest =
        new Manifest(
            id,
            title(period, status),
            p,
            version,
            context.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString(),
            asOf.toString(),
            status,
            revises,
            why,
            compared,
            versions,
            configuration(config, publisher),
            BuildInfo.current().describe(),
            Manifest.CURRENT_FORMAT,
            new Manifest.Suppressions(content.primaryCells(), content.secondaryCells()),
            content.changes(),
            List.of());
    Manifest published =
        context
            .run()
            .stage(
                "release " + p + ": publish",
                () -> ReleaseFolder.publish(root(), manifest, content, context.run().runId()));
    context.run().count("releases_published", 1);
    String message =
        "published "
            + id
            + " ("
            + status
            + (revises == null
                ? ""
                : ", revises " + revises + ": " + content.changes().size() + " figures changed")
            + ", "
            + content.primaryCells()
            + " cells suppressed C, "
            + content.secondaryCells()
            + " D) in "
            + root().resolve(id);
    LOG.info(message);
    return new Outcome(Result.PUBLISHED, published, message);
  }

  /**
   * Builds the release and audits it ({@link DisclosureAudit}); a release the audit finds fault
   * with is refused, and nothing is written.
   */
  private ReleaseBuilder.Content protect(
      ReleaseData data,
      ReleaseConfig config,
      boolean provisional,
      LocalDate asOf,
      Map<FigureKey, List<ReleaseBuilder.Prior>> history) {
    String p = data.period().toString();
    ReleaseBuilder.Content content;
    try {
      content = ReleaseBuilder.build(data, config, provisional, asOf, history);
    } catch (DerivableSums.TooLarge | IllegalStateException e) {
      throw Errors.failure(
          "Release of "
              + p
              + " not published: disclosure control could not protect it: "
              + e.getMessage(),
          "Nothing was written. Report the run id and the registry's hierarchy (reference/"
              + "regions.csv, hubs.csv) to the tokenstats maintainers.",
          e);
    }
    List<String> findings = DisclosureAudit.findings(content, data, config);
    context.run().count("disclosure_audit_findings", findings.size());
    ReleaseGate.refuse(
        data.period(),
        "the disclosure audit found a way to derive a confidential figure: ",
        findings,
        "Nothing was written. This is a fault in tokenstats' disclosure control, not in the data;"
            + " the log lists every finding. Report it with the run id.");
    return content;
  }

  /**
   * How the new figures differ from the latest release's: values or confidentiality, observation
   * flags, and figures that appear or disappear. Revision marks are not compared: they say how a
   * release differs from the one before it, so they change by themselves.
   */
  record Difference(int figures, int flags, int added, int removed) {
    boolean none() {
      return !valuesChanged() && flags == 0;
    }

    boolean valuesChanged() {
      return figures + added + removed > 0;
    }
  }

  static Difference differenceFrom(
      Manifest latest, ReleaseBuilder.Content content, PublishedReleases releases) {
    Map<FigureKey, ReleaseBuilder.Prior> before = releases.priors(List.of(latest.releaseId()));
    java.util.Set<FigureKey> seen = new java.util.HashSet<>();
    int figures = 0;
    int flags = 0;
    int added = 0;
    for (Map.Entry<ReleaseTable, List<Observation>> t : content.tables().entrySet()) {
      for (Observation o : t.getValue()) {
        FigureKey key = FigureKey.of(t.getKey(), o);
        ReleaseBuilder.Prior prior = before.get(key);
        if (prior == null) {
          added++;
          continue;
        }
        seen.add(key);
        if (!prior.value().equals(o.publishedValue())
            || !prior.confStatus().equals(o.confStatus())) {
          figures++;
        } else if (prior.obsStatus() != null && !prior.obsStatus().equals(o.obsStatus())) {
          flags++;
        }
      }
    }
    return new Difference(figures, flags, added, before.size() - seen.size());
  }

  /** What tokenstats can say about why figures changed: late or corrected submissions, settings. */
  private String explainChange(Manifest latest, ReleaseConfig config, Difference difference) {
    List<String> parts = new ArrayList<>();
    if (difference.flags() > 0 && !difference.valuesChanged()) {
      parts.add(difference.flags() + " observation status flag(s) changed, no value");
    }
    YearMonth period = YearMonth.parse(latest.referencePeriod());
    context.warehouse().ensure(Submissions.DEF);
    List<Row> late =
        context
            .warehouse()
            .read(Submissions.DEF)
            .filter(
                col(Submissions.INGESTED_AT)
                    .gt(lit(Timestamp.from(Instant.parse(latest.publishedAt()))))
                    .and(
                        col(Submissions.FIRST_REPORT_DATE)
                            .leq(lit(Date.valueOf(period.atEndOfMonth()))))
                    .and(col(Submissions.LAST_REPORT_DATE).geq(lit(Date.valueOf(period.atDay(1))))))
            .select(Submissions.PATH)
            .orderBy(Submissions.PATH)
            .collectAsList();
    if (!late.isEmpty()) {
      TreeSet<String> names = new TreeSet<>();
      late.forEach(r -> names.add(r.getString(0)));
      parts.add(
          "late data or corrections: "
              + late.size()
              + " submission(s) ingested since "
              + latest.releaseId()
              + " cover "
              + period
              + " ("
              + String.join(", ", names.stream().limit(5).toList())
              + (names.size() > 5 ? ", ..." : "")
              + ")");
    }
    Map<String, String> now = config.toMap();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = latest.configuration().get(e.getKey());
      if (!Objects.equals(before, e.getValue())) {
        parts.add("setting " + e.getKey() + " changed from " + before + " to " + e.getValue());
      }
    }
    if (parts.isEmpty()) {
      parts.add(
          "recomputed figures differ (registry or source tables changed since "
              + latest.releaseId()
              + ")");
    }
    return String.join("; ", parts);
  }

  /**
   * A reproduction's verdict per file name: {@code identical}, {@code DIFFERS}, {@code missing from
   * the release} or {@code not produced by the rebuild}. Immutable.
   */
  public record Reproduction(String releaseId, Map<String, String> verdicts) {
    public static final String IDENTICAL = "identical";

    public Reproduction {
      verdicts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(verdicts));
    }

    /** Whether every file was rebuilt byte for byte. */
    public boolean identical() {
      return verdicts.values().stream().allMatch(IDENTICAL::equals);
    }
  }

  /**
   * Rebuilds release {@code id} from the table versions and configuration in its manifest into a
   * temporary folder and compares every file byte for byte.
   */
  public Reproduction reproduce(String id) {
    PublishedReleases releases = PublishedReleases.in(root());
    Manifest m =
        releases
            .byId(id)
            .orElseThrow(
                () ->
                    Errors.usage(
                        "No release " + id + " in " + root(),
                        "Give the id of a folder there (e.g. tokens-2026-03-v1); see `ls "
                            + root()
                            + "`."));
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    YearMonth period = YearMonth.parse(m.referencePeriod());
    LocalDate asOf = LocalDate.parse(m.asOf());
    ReleaseData data =
        context
            .run()
            .stage(
                "reproduce " + id + ": read",
                () ->
                    ReleaseInputs.read(
                        context.warehouse(), m.tableVersions(), period, config.baseline()));
    ReleaseBuilder.Content content =
        ReleaseBuilder.build(
            data, config, !config.isFinal(period, asOf), asOf, releases.history(m.comparedWith()));
    Path temp;
    try {
      temp = Files.createTempDirectory("tokenstats-reproduce-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ReleaseFolder.write(temp, m.withFiles(List.of()), content);
      Path published = root().resolve(id);
      TreeSet<String> names = new TreeSet<>(ReleaseFolder.fileNames(published));
      names.addAll(ReleaseFolder.fileNames(temp));
      Map<String, String> verdicts = new java.util.TreeMap<>();
      for (String name : names) {
        Path a = published.resolve(name);
        Path b = temp.resolve(name);
        String verdict;
        if (!Files.exists(a)) {
          verdict = "missing from the release";
        } else if (!Files.exists(b)) {
          verdict = "not produced by the rebuild";
        } else if (Arrays.equals(readBytes(a), readBytes(b))) {
          verdict = Reproduction.IDENTICAL;
        } else {
          verdict = "DIFFERS";
        }
        verdicts.put(name, verdict);
      }
      context.run().count("files_compared", names.size());
      context
          .run()
          .count(
              "files_differing",
              verdicts.values().stream().filter(v -> !v.equals(Reproduction.IDENTICAL)).count());
      return new Reproduction(id, verdicts);
    } finally {
      ReleaseFolder.deleteTree(temp);
    }
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest's configuration: the settings that shape the content, and the publisher. */
  private static Map<String, String> configuration(ReleaseConfig config, Publisher publisher) {
    Map<String, String> m = new java.util.LinkedHashMap<>(config.toMap());
    m.putAll(publisher.toMap());
    return m;
  }

  static String title(YearMonth period, String status) {
    String month =
        period.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
    return "AI token demand, " + month + " " + period.getYear() + " (" + status + ")";
  }
}
