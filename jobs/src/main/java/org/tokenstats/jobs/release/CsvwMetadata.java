package org.tokenstats.jobs.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * W3C CSV on the Web metadata of a release's CSV files (format 2). Only CSVW terms and prefixed
 * names the CSVW context declares ({@code dc:}, {@code schema:}, {@code xsd:}, {@code rdfs:}) are
 * used, so units, descriptions and datatypes survive a JSON-LD or CSVW processor (format 1's {@code
 * tokenstats:measures} did not: that prefix cannot be declared). Periods are typed as dates or
 * year-months, and every coded column is constrained to its code list by a {@code format}.
 */
final class CsvwMetadata {
  private CsvwMetadata() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String GEO_LEVEL_TEXT = "Geographic level: national, zone, hub or region.";
  static final String GEO_CODE_TEXT =
      "Code: CN (national), east or west (zone), hub_code, or ISO 3166-2:CN region code.";
  static final String GEO_NAME_TEXT =
      "Name from the registry in force at the end of the reference month (text; a leading '"
          + " is added to text a spreadsheet would read as a formula).";
  static final String REVISION_TEXT =
      "R when the figure differs from its last publication in an earlier release; else empty.";
  private static final String LEVELS = "national|zone|hub|region";
  private static final String REVISION_CODES = Observation.REVISED;
  private static final String CONF_CODES =
      String.join("|", Observation.FREE, Observation.CONFIDENTIAL, Observation.SECONDARY);

  /** {@code <table>.csv-metadata.json}. */
  static String table(ReleaseTable table, Manifest m) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    List<Measure> measures =
        table == ReleaseTable.NATIONAL_DAILY
            ? ReleaseBuilder.dailyMeasures(config)
            : ReleaseBuilder.monthlyMeasures(config);
    ObjectNode root =
        head(m, table.fileName(), table.title() + ", " + m.referencePeriod(), table.description());
    ArrayNode cols = schema(root).putArray("columns");
    boolean daily = table == ReleaseTable.NATIONAL_DAILY;
    column(
        cols,
        ReleaseTable.PERIOD,
        JSON.getNodeFactory().textNode(daily ? "date" : "gYearMonth"),
        daily ? "Reporting day (ISO 8601 date)." : "Month (ISO 8601 year and month).",
        true);
    geography(cols, true);
    column(
        cols,
        ReleaseTable.MEASURE,
        coded(measures.stream().map(Measure::id).collect(Collectors.joining("|"))),
        "Measure id; its unit and definition are in schema:variableMeasured.",
        true);
    column(cols, ReleaseTable.UNIT, text(), "Unit of the value.", true);
    column(
        cols,
        ReleaseTable.VALUE,
        JSON.getNodeFactory().textNode("decimal"),
        "The figure; empty when missing (obs_status O or M) or suppressed (conf_status C or D).",
        false);
    column(
        cols,
        ReleaseTable.OBS_STATUS,
        coded(obsCodes(config, false)),
        "SDMX observation status (CL_OBS_STATUS): A normal, P provisional, E estimated, O"
            + " missing (not collected or not estimable), M missing (cannot exist).",
        true);
    column(cols, ReleaseTable.REVISION, coded(REVISION_CODES), REVISION_TEXT, false);
    column(
        cols,
        ReleaseTable.CONF_STATUS,
        coded(CONF_CODES),
        "SDMX confidentiality status (CL_CONF_STATUS): F free, C confidential (primary), D"
            + " secondary confidential.",
        true);
    ArrayNode key = schema(root).putArray("primaryKey");
    List.of(
            ReleaseTable.PERIOD,
            ReleaseTable.GEO_LEVEL,
            ReleaseTable.GEO_CODE,
            ReleaseTable.MEASURE)
        .forEach(key::add);
    ArrayNode measured = root.putArray("schema:variableMeasured");
    for (Measure x : measures) {
      ObjectNode n = measured.addObject();
      n.put("@type", "schema:PropertyValue");
      n.put("schema:propertyID", x.id());
      n.put("schema:unitText", x.unit());
      n.put("schema:description", x.description());
    }
    return ReleaseDocuments.json(root);
  }

  /** {@code revisions.csv-metadata.json}. */
  static String revisions(Manifest m) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    ObjectNode root =
        head(
            m,
            RevisionTriangle.FILE,
            "Revisions, " + m.referencePeriod(),
            "The revision triangle: every figure of this release whose value or confidentiality"
                + " changed between two of its publications, with its value in each, from the"
                + " first publication (vintage 1) to this release.");
    ArrayNode cols = schema(root).putArray("columns");
    column(
        cols,
        RevisionTriangle.TABLE,
        coded(
            java.util.Arrays.stream(ReleaseTable.values())
                .map(ReleaseTable::id)
                .collect(Collectors.joining("|"))),
        "The release table the figure is in.",
        true);
    ObjectNode period = JSON.createObjectNode();
    period.put("base", "string");
    period.put("format", "[0-9]{4}-[0-9]{2}(-[0-9]{2})?");
    column(
        cols,
        ReleaseTable.PERIOD,
        period,
        "Reporting day (YYYY-MM-DD, national_daily) or month (YYYY-MM).",
        true);
    geography(cols, false);
    column(cols, ReleaseTable.MEASURE, text(), "Measure id, as in the release tables.", true);
    column(cols, ReleaseTable.UNIT, text(), "Unit of the value.", true);
    ObjectNode vintage = JSON.createObjectNode();
    vintage.put("base", "integer");
    vintage.put("minimum", 1);
    column(
        cols,
        RevisionTriangle.VINTAGE,
        vintage,
        "1 for the figure's first publication, counting up to this release.",
        true);
    ObjectNode id = JSON.createObjectNode();
    id.put("base", "string");
    id.put("format", "tokens-[0-9]{4}-[0-9]{2}-v[0-9]+");
    column(cols, RevisionTriangle.RELEASE_ID, id, "The release that published this value.", true);
    column(
        cols,
        ReleaseTable.VALUE,
        JSON.getNodeFactory().textNode("decimal"),
        "The figure as that release published it; empty when missing or suppressed.",
        false);
    column(
        cols,
        ReleaseTable.OBS_STATUS,
        coded(obsCodes(config, true)),
        "One flag a value (SDMX OBS_STATUS): A normal, P provisional, E estimated, O missing (not"
            + " collected or not estimable), M missing (cannot exist), Q missing (suppressed as"
            + " confidential, conf_status C or D in the release tables).",
        true);
    ArrayNode key = schema(root).putArray("primaryKey");
    List.of(
            RevisionTriangle.TABLE,
            ReleaseTable.PERIOD,
            ReleaseTable.GEO_LEVEL,
            ReleaseTable.GEO_CODE,
            ReleaseTable.MEASURE,
            RevisionTriangle.VINTAGE)
        .forEach(key::add);
    return ReleaseDocuments.json(root);
  }

  /** The table description's common part: context, file, title, provenance, dialect. */
  private static ObjectNode head(Manifest m, String file, String title, String description) {
    Publisher publisher = Publisher.fromMap(m.configuration());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode context = root.putArray("@context");
    context.add("http://www.w3.org/ns/csvw");
    context.addObject().put("@language", "en");
    root.put("url", file);
    root.put("dc:title", title);
    root.put("dc:description", description);
    root.put("dc:identifier", m.releaseId() + "/" + file);
    ObjectNode issued = root.putObject("dc:issued");
    issued.put("@value", m.publishedAt());
    issued.put("@type", "xsd:dateTime");
    ObjectNode by = root.putObject("dc:publisher");
    by.put("@type", "schema:Organization");
    by.put("schema:name", publisher.name());
    if (publisher.contactHref() != null) {
      by.put(
          publisher.contactHref().startsWith("mailto:") ? "schema:email" : "schema:url",
          publisher.contact());
    }
    if (!publisher.methodologyUrl().isEmpty()) {
      root.putObject("rdfs:seeAlso").put("@id", publisher.methodologyUrl());
    }
    ObjectNode dialect = root.putObject("dialect");
    dialect.put("encoding", "utf-8");
    dialect.put("header", true);
    dialect.put("delimiter", ",");
    dialect.put("doubleQuote", true);
    dialect.putArray("lineTerminators").add("\r\n");
    root.putObject("tableSchema");
    return root;
  }

  private static ObjectNode schema(ObjectNode root) {
    return (ObjectNode) root.get("tableSchema");
  }

  /** Level and code, and the name where the file has it. */
  private static void geography(ArrayNode cols, boolean named) {
    column(cols, ReleaseTable.GEO_LEVEL, coded(LEVELS), GEO_LEVEL_TEXT, true);
    column(cols, ReleaseTable.GEO_CODE, text(), GEO_CODE_TEXT, true);
    if (!named) {
      return;
    }
    column(cols, ReleaseTable.GEO_NAME, text(), GEO_NAME_TEXT, false);
  }

  /** The codes a flag may take: CL_OBS_STATUS as the release uses it, Q where one flag. */
  private static String obsCodes(ReleaseConfig config, boolean singleFlag) {
    StringBuilder codes =
        new StringBuilder(
            String.join("|", Observation.NORMAL, Observation.PROVISIONAL, Observation.ESTIMATED));
    if (config.nonResponse()) {
      codes.append('|').append(Observation.NOT_AVAILABLE);
    }
    codes.append('|').append(Observation.MISSING);
    if (singleFlag) {
      codes.append('|').append(Observation.SUPPRESSED);
    }
    return codes.toString();
  }

  private static com.fasterxml.jackson.databind.JsonNode text() {
    return JSON.getNodeFactory().textNode("string");
  }

  /** A string datatype whose values must be one of {@code codes} (a regular expression). */
  private static ObjectNode coded(String codes) {
    ObjectNode d = JSON.createObjectNode();
    d.put("base", "string");
    d.put("format", "^(" + codes + ")$");
    return d;
  }

  static void column(
      ArrayNode cols,
      String name,
      com.fasterxml.jackson.databind.JsonNode datatype,
      String description,
      boolean required) {
    ObjectNode c = cols.addObject();
    c.put("name", name);
    c.put("titles", name);
    c.set("datatype", datatype);
    c.put("required", required);
    c.put("dc:description", description);
  }
}
