package org.tokenstats.jobs.release;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.List;

/**
 * The release's descriptive files: W3C CSV on the Web metadata per table, the plain-text README and
 * the one-page HTML bulletin. Registry names reach these only as escaped data.
 */
public final class ReleaseDocuments {
  private ReleaseDocuments() {}

  static final String README = "README.txt";
  static final String BULLETIN = "bulletin.html";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code <table>.csv-metadata.json}: columns, datatypes, the measures with their units. */
  static String csvw(ReleaseTable table, Manifest m) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    ObjectNode root = JSON.createObjectNode();
    root.put("@context", "http://www.w3.org/ns/csvw");
    root.put("url", table.fileName());
    root.put("dc:title", table.title() + ", " + m.referencePeriod());
    root.put("dc:description", table.description());
    root.put("dc:identifier", m.releaseId() + "/" + table.fileName());
    root.put("dc:issued", m.publishedAt());
    root.put("dc:publisher", "tokenstats");
    ObjectNode dialect = root.putObject("dialect");
    dialect.put("encoding", "utf-8");
    dialect.put("header", true);
    dialect.put("delimiter", ",");
    dialect.put("doubleQuote", true);
    dialect.putArray("lineTerminators").add("\r\n");
    ObjectNode schema = root.putObject("tableSchema");
    ArrayNode cols = schema.putArray("columns");
    column(
        cols,
        ReleaseTable.PERIOD,
        "string",
        table == ReleaseTable.NATIONAL_DAILY
            ? "Reporting day (ISO 8601 date, YYYY-MM-DD)."
            : "Month (ISO 8601, YYYY-MM).",
        true);
    column(cols, ReleaseTable.GEO_LEVEL, "string", CsvwMetadata.GEO_LEVEL_TEXT, true);
    column(cols, ReleaseTable.GEO_CODE, "string", CsvwMetadata.GEO_CODE_TEXT, true);
    column(cols, ReleaseTable.GEO_NAME, "string", CsvwMetadata.GEO_NAME_TEXT, false);
    column(cols, ReleaseTable.MEASURE, "string", "Measure id; see tokenstats:measures.", true);
    column(cols, ReleaseTable.UNIT, "string", "Unit of the value.", true);
    column(
        cols,
        ReleaseTable.VALUE,
        "decimal",
        config.nonResponse()
            ? "The figure; empty when missing (obs_status O or M) or suppressed (conf_status C or"
                + " D)."
            : "The figure; empty when missing (obs_status M) or suppressed (conf_status C or D).",
        false);
    column(
        cols,
        ReleaseTable.OBS_STATUS,
        "string",
        config.nonResponse()
            ? "SDMX observation status (CL_OBS_STATUS): A normal, P provisional, E estimated, O"
                + " missing (not collected or not estimable), M missing (cannot exist)."
            : "SDMX observation status: A normal, P provisional, E estimated, M missing.",
        true);
    column(cols, ReleaseTable.REVISION, "string", CsvwMetadata.REVISION_TEXT, false);
    column(
        cols,
        ReleaseTable.CONF_STATUS,
        "string",
        "SDMX confidentiality: F free, C primary confidential, D secondary confidential.",
        true);
    ArrayNode key = schema.putArray("primaryKey");
    List.of(
            ReleaseTable.PERIOD,
            ReleaseTable.GEO_LEVEL,
            ReleaseTable.GEO_CODE,
            ReleaseTable.MEASURE)
        .forEach(key::add);
    ArrayNode measures = root.putArray("tokenstats:measures");
    for (Measure x : measuresOf(table, config)) {
      ObjectNode n = measures.addObject();
      n.put("measure", x.id());
      n.put("unit", x.unit());
      n.put("description", x.description());
    }
    return json(root);
  }

  private static List<Measure> measuresOf(ReleaseTable table, ReleaseConfig config) {
    return table == ReleaseTable.NATIONAL_DAILY
        ? ReleaseBuilder.dailyMeasures(config)
        : ReleaseBuilder.monthlyMeasures(config);
  }

  private static void column(
      ArrayNode cols, String name, String datatype, String description, boolean required) {
    CsvwMetadata.column(
        cols, name, JSON.getNodeFactory().textNode(datatype), description, required);
  }

  /** Pretty JSON with LF line ends and the nodes' own key order: the same tree, the same bytes. */
  static String json(JsonNode root) {
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(pretty).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** README.txt: what this is, headline figures, how to read the files, methodology notes. */
  static String readme(Manifest m, ReleaseBuilder.Content content) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    StringBuilder s = new StringBuilder();
    s.append(m.title()).append('\n');
    s.append("=".repeat(m.title().length())).append("\n\n");
    s.append("Release:          ").append(m.releaseId()).append('\n');
    s.append("Reference period: ").append(m.referencePeriod()).append('\n');
    s.append("Status:           ").append(m.status()).append('\n');
    s.append("Published at:     ").append(m.publishedAt()).append('\n');
    if (m.revises() != null) {
      s.append("Revises:          ").append(m.revises()).append('\n');
      s.append("Why:              ").append(m.revisionReason()).append('\n');
      s.append("Figures changed:  ")
          .append(m.changes().size())
          .append(" (marked R; listed in manifest.json \"changes\")\n");
    }
    boolean forPeople = m.format() >= Manifest.FORMAT_2;
    Publisher publisher = Publisher.fromMap(m.configuration());
    if (forPeople) {
      s.append("Published by:     ").append(publisher.name()).append('\n');
      if (!publisher.contact().isEmpty()) {
        s.append("Contact:          ").append(publisher.contact()).append('\n');
      }
      if (!publisher.methodologyUrl().isEmpty()) {
        s.append("Methodology:      ").append(publisher.methodologyUrl()).append('\n');
      }
      Bulletin.National national = new Bulletin.National(content, m.referencePeriod());
      YearMonth period = YearMonth.parse(m.referencePeriod());
      s.append('\n')
          .append(wrap(national.headline(period, config.baseline())))
          .append(wrap(national.completeness(period)))
          .append(wrap(Bulletin.whatChanged(m)))
          .append(wrap(Bulletin.nextRelease(m, config, period)));
    }
    s.append("\nHeadline figures (national)\n");
    for (Headlines.Line l : Headlines.of(content, m.referencePeriod())) {
      s.append(
          String.format(
              "  %-36s %s [%s]\n", l.label(), forPeople ? l.readable() : l.value(), l.status()));
    }
    s.append("\nFiles\n");
    for (ReleaseTable t : ReleaseTable.values()) {
      s.append(String.format("  %-22s %s\n", t.fileName(), t.title()));
    }
    if (forPeople) {
      s.append(
          String.format(
              "  %-22s %s\n", RevisionTriangle.FILE, "Every revised figure in each version"));
    }
    s.append("  *.csv-metadata.json    W3C CSV on the Web metadata (columns, types, units)\n");
    s.append(
        "  manifest.json          sources (Delta table versions), settings, SHA-256 of files\n");
    s.append("  bulletin.html          one-page bulletin with the charts\n");
    s.append("\nHow to read the tables\n");
    s.append("  One figure a row: period, geography, measure, unit, value.\n");
    if (config.nonResponse()) {
      s.append(
          "  obs_status: A normal, P provisional, E estimated (tokens imputed for providers\n");
      s.append("  that sent nothing, a month scaled from its days with data, or most of the\n");
      s.append("  energy estimated from accelerator time), O missing (not collected, or too few\n");
      s.append("  days with data), M missing (cannot exist: a ratio without a base); a missing\n");
      s.append("  status wins over E, E over P. response_rate: providers that reported over\n");
      s.append("  those expected to. revision: R = differs from the figure last\n");
    } else {
      s.append(
          "  obs_status: A normal, P provisional, E estimated (most of the energy estimated\n");
      s.append("  from accelerator time), M missing. revision: R = differs from the figure last\n");
    }
    s.append("  published. conf_status: F free, C confidential (disclosure rule), D suppressed\n");
    s.append(
        "  so that a C figure cannot be recovered from totals. Suppressed values are empty.\n");
    s.append("\nMethodology notes\n");
    s.append("  Tokens are input + output tokens of AI model requests reported by providers,\n");
    s.append("  counted on the reporting day in ").append(config.timeZone()).append(".\n");
    s.append("  Average daily tokens divide a month's tokens by its calendar days; the growth\n");
    s.append("  multiple compares them with the baseline month ")
        .append(config.baseline())
        .append(".\n");
    s.append("  Energy per token covers tokens whose energy was measured or estimated; cost\n");
    s.append("  per token covers those whose hour has a power price. Utilization is\n");
    s.append("  accelerator-seconds used over capacity (accelerators x 86,400 s a day).\n");
    s.append("  Disclosure: a cell with fewer than ")
        .append(config.rule().minProviders())
        .append(" providers, or where the ")
        .append(config.rule().dominanceN())
        .append(" largest hold more than ")
        .append(Double.toString(config.rule().dominanceK()))
        .append(" of it, is suppressed (")
        .append(m.disclosure().primarySuppressedCells())
        .append(" cells C, ")
        .append(m.disclosure().secondarySuppressedCells())
        .append(" cells D).\n");
    if (config.nonResponse()) {
      s.append("  Non-response: a provider that reported on recent days and sent nothing for a\n");
      s.append("  day is estimated from its recent share of the responding providers (E); a\n");
      s.append("  month with data on fewer than ")
          .append(Double.toString(config.minDayCoverage()))
          .append(" of its days is not published (O).\n");
    }
    if (!forPeople) {
      s.append("  Full definitions: docs/methodology.md of tokenstats.\n");
    } else if (!publisher.methodologyUrl().isEmpty()) {
      s.append("  Full definitions: ").append(publisher.methodologyUrl()).append('\n');
    }
    return s.toString();
  }

  /** {@code text} as lines of at most 78 characters, then a blank line. */
  static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > 78) {
        out.append(line).append('\n');
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append("\n\n").toString();
  }

  /** A chart's image with its description as alt text, or the sentence when it shows nothing. */
  static void chart(StringBuilder s, String id, String file, Charts.Description d) {
    if (d.points() == 0) {
      s.append("<p id=\"").append(id).append("\" class=\"nochart\">");
      s.append(html(d.text())).append("</p>\n");
      return;
    }
    s.append("<img id=\"")
        .append(id)
        .append("\" src=\"")
        .append(file)
        .append("\" width=\"")
        .append(Charts.WIDTH)
        .append("\" height=\"")
        .append(Charts.HEIGHT)
        .append("\" alt=\"")
        .append(html(d.text()))
        .append("\">\n");
  }

  /** bulletin.html: one page, headline figures, the two charts, links to every file. */
  static String bulletin(Manifest m, ReleaseBuilder.Content content) {
    StringBuilder s = new StringBuilder();
    head(s, m.title(), "");
    s.append("<h1>").append(html(m.title())).append("</h1>\n");
    s.append("<p class=\"meta\">Release <b>")
        .append(html(m.releaseId()))
        .append("</b> &middot; reference period ")
        .append(html(m.referencePeriod()))
        .append(" &middot; <span class=\"status\">")
        .append(html(m.status()))
        .append("</span> &middot; published ")
        .append(html(m.publishedAt()))
        .append("</p>\n");
    if (m.revises() != null) {
      s.append("<p>Revises ")
          .append(html(m.revises()))
          .append(": ")
          .append(html(m.revisionReason()));
      if (!m.changes().isEmpty()) {
        s.append(" (").append(m.changes().size()).append(" figures changed, marked R)");
      }
      s.append(".</p>\n");
    }
    s.append("<h2>Headline figures</h2>\n<table id=\"headlines\">\n");
    s.append("<tr><th>National</th><th>Value</th><th>Status</th></tr>\n");
    for (Headlines.Line l : Headlines.of(content, m.referencePeriod())) {
      headlineRow(s, l.label(), l.value(), l.status());
    }
    s.append("</table>\n<h2>Charts</h2>\n");
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    if (config.nonResponse()) {
      YearMonth period = YearMonth.parse(m.referencePeriod());
      chart(
          s,
          "chart-daily",
          Charts.DAILY,
          Charts.describeDaily(content.tables().get(ReleaseTable.NATIONAL_DAILY), period));
      chart(
          s,
          "chart-growth",
          Charts.GROWTH,
          Charts.describeGrowth(
              content.tables().get(ReleaseTable.MONTHLY_SUMMARY), config.baseline()));
    } else {
      // Before the non-response methodology: both images always, short alt texts.
      s.append("<img id=\"chart-daily\" src=\"")
          .append(Charts.DAILY)
          .append("\" width=\"")
          .append(Charts.WIDTH)
          .append("\" height=\"")
          .append(Charts.HEIGHT)
          .append("\" alt=\"National daily tokens\">\n");
      s.append("<img id=\"chart-growth\" src=\"")
          .append(Charts.GROWTH)
          .append("\" width=\"")
          .append(Charts.WIDTH)
          .append("\" height=\"")
          .append(Charts.HEIGHT)
          .append("\" alt=\"Growth trajectory\">\n");
    }
    s.append("<h2>Data</h2>\n<ul>\n");
    for (ReleaseTable t : ReleaseTable.values()) {
      fileLink(s, t.fileName(), t.metadataFileName(), t.title());
    }
    s.append("<li><a href=\"")
        .append(Manifest.FILE)
        .append("\">")
        .append(Manifest.FILE)
        .append("</a>: sources, settings and checksums</li>\n");
    s.append("<li><a href=\"")
        .append(README)
        .append("\">")
        .append(README)
        .append("</a>: how to read the tables, methodology notes</li>\n</ul>\n");
    s.append("<p class=\"meta\">Status codes: A normal, P provisional, E estimated, ")
        .append(
            config.nonResponse()
                ? "O missing (not collected or not estimable), M missing (cannot exist);"
                : "M missing;")
        .append(" R revised; F free, C confidential, D secondary suppression. ")
        .append(m.disclosure().primarySuppressedCells())
        .append(" cells were suppressed as confidential and ")
        .append(m.disclosure().secondarySuppressedCells())
        .append(" to protect them.</p>\n");
    s.append("</body>\n</html>\n");
    return s.toString();
  }

  /** The page's head with its style sheet ({@code extraCss} added) and the opening body tag. */
  static void head(StringBuilder s, String title, String extraCss) {
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.append("<title>").append(html(title)).append("</title>\n");
    s.append("<style>\n")
        .append(
            "body{font-family:'DejaVu Sans',sans-serif;margin:24px;max-width:860px;color:#222}\n")
        .append("h1{font-size:22px;margin:0 0 4px}\n.meta{color:#555;font-size:13px}\n")
        .append("table{border-collapse:collapse;margin:12px 0}\n")
        .append(
            "td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;font-size:14px}\n")
        .append("td.v{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("img{display:block;margin:8px 0;border:1px solid #ccc}\n")
        .append(".status{display:inline-block;padding:2px 8px;background:#eef;border-radius:4px}\n")
        .append(extraCss)
        .append("</style>\n</head>\n<body>\n");
  }

  /** A row of the headline table: label, value (right-aligned), status. */
  static void headlineRow(StringBuilder s, String label, String value, String status) {
    s.append("<tr><td>")
        .append(html(label))
        .append("</td><td class=\"v\">")
        .append(html(value))
        .append("</td><td>")
        .append(html(status))
        .append("</td></tr>\n");
  }

  /** A list item linking a CSV file and its metadata, with what it holds. */
  static void fileLink(StringBuilder s, String file, String metadata, String title) {
    s.append("<li><a href=\"")
        .append(file)
        .append("\">")
        .append(file)
        .append("</a> (<a href=\"")
        .append(metadata)
        .append("\">metadata</a>): ")
        .append(html(title))
        .append("</li>\n");
  }

  /** HTML-escapes text (registry names are data, never markup; notebooks' tables too). */
  public static String html(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
