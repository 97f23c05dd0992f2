package org.tokenstats.jobs.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.generate.SubmissionWriter.Format;

/**
 * {@code bin/tokenstats generate}: synthetic submissions in exactly the feed format, for tests,
 * demos and benchmarks. Deterministic by seed; daily national totals follow the published
 * trajectory; optional bad records, late files and corrections. Also writes the totals that
 * ingestion should arrive at, computed here independently of Spark.
 */
public final class GenerateCommand implements SessionCommand {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

  static final String FROM = "from";
  static final String TO = "to";
  static final String OUT = "out";
  static final String REFERENCE = "reference";
  static final String RECORDS = "records-per-day";
  static final String PROVIDERS = "providers";
  static final String SEED = "seed";
  static final String FORMAT = "format";
  static final String GZIP = "gzip";
  static final String FILES = "files-per-provider-day";
  static final String BAD_RATE = "bad-rate";
  static final String CORRECTIONS = "corrections";
  static final String LATE = "late-rate";
  static final String LATE_DAYS = "late-days";
  static final String SCALE = "scale";
  static final String WHAT = "what";
  static final String EXPECTED = "expected";

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String summary() {
    return "Write synthetic usage and price submissions (feed format, deterministic by seed)";
  }

  @Override
  public String description() {
    return "Writes synthetic submissions under OUT/usage/<provider>/<day>/ and\n"
        + "OUT/prices/<region>/, for every reporting day FROM..TO. Daily national tokens follow\n"
        + "the published trajectory (~1e11/day in January 2024 to ~1.4e14/day in March 2026)\n"
        + "times --scale, spread over the day by a diurnal profile. Providers, regions and\n"
        + "datacenters come from the registry in force each day (REFERENCE, default\n"
        + "<landing>/reference). With --expected FILE, writes per-day totals that ingestion\n"
        + "must reproduce (after corrections, without bad records).";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(FROM, "DATE", "first reporting day"),
        OptionSpec.required(TO, "DATE", "last reporting day"),
        OptionSpec.optional(
            OUT, "DIR", "landing folder to write into (default: tokenstats.paths.landing)"),
        OptionSpec.optional(REFERENCE, "DIR", "registry folder (default: <landing>/reference)"),
        OptionSpec.optional(RECORDS, "N", "usage records per day (default 10000)"),
        OptionSpec.optional(PROVIDERS, "N", "use the first N registered providers (default all)"),
        OptionSpec.optional(SEED, "N", "random seed (default 42)"),
        OptionSpec.optional(FORMAT, "jsonl|csv", "usage file format (default jsonl)"),
        OptionSpec.flag(GZIP, "gzip every file (.gz)"),
        OptionSpec.optional(FILES, "N", "usage files per provider and day (default 1)"),
        OptionSpec.optional(
            BAD_RATE, "F", "bad records per good record, each defect in turn (default 0)"),
        OptionSpec.optional(
            CORRECTIONS, "F", "share of records resubmitted with new values (default 0)"),
        OptionSpec.optional(LATE, "F", "share of records delivered late (default 0)"),
        OptionSpec.optional(LATE_DAYS, "N", "how many days late they arrive (default 2)"),
        OptionSpec.optional(SCALE, "F", "multiply the national trajectory (default 1)"),
        OptionSpec.optional(WHAT, "usage|prices|both", "which feeds (default both)"),
        OptionSpec.optional(EXPECTED, "FILE", "write expected per-day totals as CSV"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    LocalDate from = line.date(FROM).orElseThrow();
    LocalDate to = line.date(TO).orElseThrow();
    line.requireOrdered(FROM, from, TO, to);
    line.longValue(RECORDS, 1, 2_000_000_000L);
    line.longValue(PROVIDERS, 1, 10_000);
    line.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    line.longValue(FILES, 1, 10_000);
    line.longValue(LATE_DAYS, 1, 366);
    line.doubleValue(BAD_RATE, 0, 1);
    line.doubleValue(CORRECTIONS, 0, 1);
    line.doubleValue(LATE, 0, 1);
    line.doubleValue(SCALE, 1e-12, 1e6);
    format(line);
    what(line);
  }

  private Format format(CommandLine line) {
    String f = line.string(FORMAT).orElse("jsonl");
    return switch (f) {
      case "jsonl" -> Format.JSONL;
      case "csv" -> Format.CSV;
      default ->
          throw Errors.badOption(name(), "--" + FORMAT, "must be jsonl or csv, got `" + f + "`");
    };
  }

  private String what(CommandLine line) {
    String w = line.string(WHAT).orElse("both");
    if (!List.of("usage", "prices", "both").contains(w)) {
      throw Errors.badOption(name(), "--" + WHAT, "must be usage, prices or both, got `" + w + "`");
    }
    return w;
  }

  @Override
  public void run(CommandLine line, RunContext context) {
    Path out = line.path(OUT).orElse(Path.of(context.settings().landing()));
    Path referenceDir =
        line.path(REFERENCE).orElse(Path.of(context.settings().landing(), "reference"));
    UsageGenerator.Options options =
        new UsageGenerator.Options(
            line.date(FROM).orElseThrow(),
            line.date(TO).orElseThrow(),
            line.longValue(RECORDS, 1, 2_000_000_000L).orElse(10_000L),
            line.longValue(PROVIDERS, 1, 10_000).orElse(0L).intValue(),
            line.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE).orElse(42L),
            format(line),
            line.flag(GZIP),
            line.longValue(FILES, 1, 10_000).orElse(1L).intValue(),
            line.doubleValue(BAD_RATE, 0, 1).orElse(0.0),
            line.doubleValue(CORRECTIONS, 0, 1).orElse(0.0),
            line.doubleValue(LATE, 0, 1).orElse(0.0),
            line.longValue(LATE_DAYS, 1, 366).orElse(2L).intValue(),
            line.doubleValue(SCALE, 1e-12, 1e6).orElse(1.0),
            context.settings().timeZone(),
            context.clock().instant());
    ReferenceData reference =
        context.run().stage("read-registry", () -> ReferenceData.read(referenceDir));
    String what = what(line);
    if (!what.equals("prices")) {
      List<UsageGenerator.DayTotals> totals =
          context.run().stage("usage", () -> new UsageGenerator(reference, options).generate(out));
      long good = 0;
      long bad = 0;
      for (UsageGenerator.DayTotals t : totals) {
        good += t.goodRecords();
        bad += t.badRecords();
        context.run().count("corrected_records", t.correctedRecords());
        context.run().count("late_records", t.lateRecords());
      }
      context.run().count("usage_records", good);
      context.run().count("bad_usage_records", bad);
      line.path(EXPECTED).ifPresent(file -> writeExpected(file, totals));
    }
    if (!what.equals("usage")) {
      long prices =
          context.run().stage("prices", () -> new PriceGenerator(reference, options).generate(out));
      context.run().count("price_records", prices);
    }
    LOG.info("generated submissions under {}", out);
  }

  private static void writeExpected(Path file, List<UsageGenerator.DayTotals> totals) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "report_date,total_tokens,input_tokens,output_tokens,requests,good_records,bad_records,corrected_records,late_records");
    for (UsageGenerator.DayTotals t : totals) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s,%d,%d,%d,%d,%d,%d,%d,%d",
              t.day(),
              t.totalTokens(),
              t.inputTokens(),
              t.outputTokens(),
              t.requests(),
              t.goodRecords(),
              t.badRecords(),
              t.correctedRecords(),
              t.lateRecords()));
    }
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
