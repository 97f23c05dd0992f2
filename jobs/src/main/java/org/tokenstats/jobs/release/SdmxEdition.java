package org.tokenstats.jobs.release;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The release in SDMX (format 2), in its subfolder {@code sdmx/}: each table as SDMX-CSV 2.0
 * ({@code sdmx/<table>.csv}: {@code STRUCTURE}, {@code STRUCTURE_ID}, {@code ACTION} first, then
 * the dimensions, {@code OBS_VALUE} and the attributes), and one SDMX-ML 3.0 structure message
 * ({@code sdmx/structure.xml}) with the data structure definition, its concepts and code lists, so
 * SDMX tools can load the tables. The same observations as the tidy tables: values, OBS_STATUS
 * (CL_OBS_STATUS) and CONF_STATUS (CL_CONF_STATUS) as published; a suppressed value is empty here
 * too.
 */
final class SdmxEdition {
  private SdmxEdition() {}

  /** The release's subfolder holding the SDMX edition, apart from the tidy tables. */
  static final String FOLDER = "sdmx";

  static final String STRUCTURE_FILE = FOLDER + "/structure.xml";
  static final String DSD = "DSD_TOKENS";
  static final String CONCEPTS = "CS_TOKENS";
  static final String VERSION = "1.0";

  /** Information: a published dataset, not an update instruction to a database. */
  static final String ACTION = "I";

  static final List<String> DIMENSIONS = List.of("FREQ", "GEO_LEVEL", "REF_AREA", "MEASURE");
  static final String TIME_PERIOD = "TIME_PERIOD";
  static final String OBS_VALUE = "OBS_VALUE";
  static final List<String> ATTRIBUTES =
      List.of("UNIT_MEASURE", "OBS_STATUS", "CONF_STATUS", "REVISED");

  /** The SDMX-CSV 2.0 columns, in order. */
  static final List<String> CSV_COLUMNS = columns();

  private static List<String> columns() {
    List<String> c = new ArrayList<>(List.of("STRUCTURE", "STRUCTURE_ID", "ACTION"));
    c.addAll(DIMENSIONS);
    c.add(TIME_PERIOD);
    c.add(OBS_VALUE);
    c.addAll(ATTRIBUTES);
    return List.copyOf(c);
  }

  static String csvFileName(ReleaseTable t) {
    return FOLDER + "/" + t.fileName();
  }

  /** {@code AGENCY:DSD_TOKENS(1.0)}, the structure every row refers to. */
  static String structureId(String agency) {
    return agency + ":" + DSD + "(" + VERSION + ")";
  }

  /** A unit's code: its text in capitals, other characters as underscores. */
  static String unitCode(String unit) {
    return unit.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  static String frequency(ReleaseTable t) {
    return t == ReleaseTable.NATIONAL_DAILY ? "D" : "M";
  }

  /** {@code sdmx/<table>.csv}. */
  static byte[] csv(ReleaseTable t, List<Observation> rows, String agency) {
    List<List<String>> out = new ArrayList<>(rows.size());
    for (Observation o : rows) {
      out.add(
          List.of(
              "datastructure",
              structureId(agency),
              ACTION,
              frequency(t),
              o.geoLevel(),
              o.geoCode(),
              o.measure().id(),
              o.period(),
              o.publishedValue(),
              unitCode(o.measure().unit()),
              o.obsStatus(),
              o.confStatus(),
              o.revision()));
    }
    return SafeCsv.write(CSV_COLUMNS, out, Set.of(OBS_VALUE)).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code sdmx/structure.xml}: the SDMX-ML 3.0 structure message. */
  static byte[] structure(Manifest m, ReleaseBuilder.Content content, String agency) {
    ReleaseConfig config = ReleaseConfig.fromMap(m.configuration());
    Map<String, String> areas = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, String> measures = new LinkedHashMap<>();
    for (ReleaseTable t : ReleaseTable.values()) {
      for (Observation o : content.tables().get(t)) {
        areas.putIfAbsent(
            o.geoCode(), o.geoName() == null || o.geoName().isEmpty() ? o.geoCode() : o.geoName());
      }
    }
    List<Measure> all = new ArrayList<>(ReleaseBuilder.dailyMeasures(config));
    ReleaseBuilder.monthlyMeasures(config).stream().filter(x -> !all.contains(x)).forEach(all::add);
    for (Measure x : all) {
      measures.put(x.id(), x.description());
      units.putIfAbsent(unitCode(x.unit()), x.unit());
    }
    Xml x = new Xml();
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.raw(
        "<mes:Structure xmlns:mes=\"http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message\""
            + " xmlns:str=\"http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure\""
            + " xmlns:com=\"http://www.sdmx.org/resources/sdmxml/schemas/v3_0/common\">\n");
    x.raw("  <mes:Header>\n");
    x.element("    ", "mes:ID", m.releaseId().replace('-', '_'));
    x.element("    ", "mes:Test", "false");
    x.element("    ", "mes:Prepared", m.publishedAt());
    x.raw("    <mes:Sender id=\"").text(agency).raw("\"/>\n");
    x.raw("  </mes:Header>\n  <mes:Structures>\n    <str:Codelists>\n");
    codelist(x, agency, "CL_FREQ", "Frequency", Map.of("D", "Daily", "M", "Monthly"));
    codelist(
        x,
        agency,
        "CL_GEO_LEVEL",
        "Geographic level",
        ordered(
            "national",
            "National",
            "zone",
            "Zone (east, west)",
            "hub",
            "National computing hub",
            "region",
            "Provincial-level region"));
    codelist(x, agency, "CL_AREA", "Reference area", areas);
    codelist(x, agency, "CL_MEASURE", "Measure", measures);
    codelist(x, agency, "CL_UNIT", "Unit of measure", units);
    codelist(
        x,
        agency,
        "CL_OBS_STATUS",
        "Observation status (SDMX CL_OBS_STATUS codes as used)",
        ordered(
            Observation.NORMAL, "Normal value",
            Observation.PROVISIONAL, "Provisional value",
            Observation.ESTIMATED, "Estimated value",
            Observation.NOT_AVAILABLE, "Missing value",
            Observation.MISSING, "Missing value; data cannot exist"));
    codelist(
        x,
        agency,
        "CL_CONF_STATUS",
        "Confidentiality status (SDMX CL_CONF_STATUS codes as used)",
        ordered(
            Observation.FREE, "Free",
            Observation.CONFIDENTIAL, "Confidential statistical information",
            Observation.SECONDARY, "Secondary confidentiality, not for publication"));
    codelist(
        x,
        agency,
        "CL_REVISED",
        "Revision mark",
        Map.of(Observation.REVISED, "Revised since its last publication"));
    x.raw("    </str:Codelists>\n    <str:ConceptSchemes>\n");
    x.raw("      <str:ConceptScheme urn=\"")
        .text(urn("conceptscheme.ConceptScheme", agency, CONCEPTS))
        .raw("\" agencyID=\"")
        .text(agency)
        .raw(
            "\" id=\""
                + CONCEPTS
                + "\" version=\""
                + VERSION
                + "\" isExternalReference=\"false\">\n");
    x.element(
        "        ",
        "com:Name xml:lang=\"en\"",
        "com:Name",
        "Concepts of AI token demand statistics");
    Map<String, String> concepts =
        ordered(
            "FREQ",
            "Frequency",
            "GEO_LEVEL",
            "Geographic level",
            "REF_AREA",
            "Reference area",
            "MEASURE",
            "Measure",
            TIME_PERIOD,
            "Time period",
            OBS_VALUE,
            "Observation value",
            "UNIT_MEASURE",
            "Unit of measure",
            "OBS_STATUS",
            "Observation status",
            "CONF_STATUS",
            "Confidentiality status",
            "REVISED",
            "Revision mark");
    for (Map.Entry<String, String> c : concepts.entrySet()) {
      x.raw("        <str:Concept urn=\"")
          .text(urn("conceptscheme.Concept", agency, CONCEPTS) + "." + c.getKey())
          .raw("\" id=\"" + c.getKey() + "\">\n");
      x.element("          ", "com:Name xml:lang=\"en\"", "com:Name", c.getValue());
      x.raw("        </str:Concept>\n");
    }
    x.raw("      </str:ConceptScheme>\n    </str:ConceptSchemes>\n    <str:DataStructures>\n");
    String dsd = urn("datastructure.DataStructure", agency, DSD);
    String dsdRef = agency + ":" + DSD + "(" + VERSION + ")";
    x.raw("      <str:DataStructure urn=\"")
        .text(dsd)
        .raw("\" agencyID=\"")
        .text(agency)
        .raw("\" id=\"" + DSD + "\" version=\"" + VERSION + "\" isExternalReference=\"false\">\n");
    x.element("        ", "com:Name xml:lang=\"en\"", "com:Name", "AI token demand");
    x.raw("        <str:DataStructureComponents>\n");
    x.raw(
            "          <str:DimensionList urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.DimensionDescriptor=")
        .text(dsdRef)
        .raw(".DimensionDescriptor\" id=\"DimensionDescriptor\">\n");
    Map<String, String> codelistOf =
        ordered(
            "FREQ", "CL_FREQ",
            "GEO_LEVEL", "CL_GEO_LEVEL",
            "REF_AREA", "CL_AREA",
            "MEASURE", "CL_MEASURE",
            "UNIT_MEASURE", "CL_UNIT",
            "OBS_STATUS", "CL_OBS_STATUS",
            "CONF_STATUS", "CL_CONF_STATUS",
            "REVISED", "CL_REVISED");
    int position = 1;
    for (String d : DIMENSIONS) {
      x.raw("            <str:Dimension urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.Dimension=")
          .text(dsdRef)
          .raw("." + d + "\" id=\"" + d + "\" position=\"" + position++ + "\">\n");
      conceptAndCodes(x, agency, d, codelistOf.get(d), "              ");
      x.raw("            </str:Dimension>\n");
    }
    x.raw(
            "            <str:TimeDimension urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.TimeDimension=")
        .text(dsdRef)
        .raw("." + TIME_PERIOD + "\" id=\"" + TIME_PERIOD + "\">\n");
    x.raw("              <str:ConceptIdentity>")
        .text(urn("conceptscheme.Concept", agency, CONCEPTS) + "." + TIME_PERIOD)
        .raw("</str:ConceptIdentity>\n");
    x.raw("              <str:LocalRepresentation>\n");
    x.raw("                <str:TextFormat textType=\"ObservationalTimePeriod\"/>\n");
    x.raw("              </str:LocalRepresentation>\n            </str:TimeDimension>\n");
    x.raw("          </str:DimensionList>\n");
    x.raw(
            "          <str:AttributeList urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.AttributeDescriptor=")
        .text(dsdRef)
        .raw(".AttributeDescriptor\" id=\"AttributeDescriptor\">\n");
    for (String a : ATTRIBUTES) {
      boolean mandatory = !a.equals("REVISED");
      x.raw(
              "            <str:Attribute urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.DataAttribute=")
          .text(dsdRef)
          .raw(
              "."
                  + a
                  + "\" id=\""
                  + a
                  + "\" usage=\""
                  + (mandatory ? "mandatory" : "optional")
                  + "\">\n");
      conceptAndCodes(x, agency, a, codelistOf.get(a), "              ");
      x.raw("              <str:AttributeRelationship>\n");
      x.raw(
          a.equals("UNIT_MEASURE")
              ? "                <str:Dimension>MEASURE</str:Dimension>\n"
              : "                <str:Observation/>\n");
      x.raw("              </str:AttributeRelationship>\n            </str:Attribute>\n");
    }
    x.raw("          </str:AttributeList>\n");
    x.raw(
            "          <str:MeasureList urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.MeasureDescriptor=")
        .text(dsdRef)
        .raw(".MeasureDescriptor\" id=\"MeasureDescriptor\">\n");
    x.raw("            <str:Measure urn=\"urn:sdmx:org.sdmx.infomodel.datastructure.Measure=")
        .text(dsdRef)
        .raw("." + OBS_VALUE + "\" id=\"" + OBS_VALUE + "\" usage=\"optional\">\n");
    x.raw("              <str:ConceptIdentity>")
        .text(urn("conceptscheme.Concept", agency, CONCEPTS) + "." + OBS_VALUE)
        .raw("</str:ConceptIdentity>\n");
    x.raw("              <str:LocalRepresentation>\n");
    x.raw("                <str:TextFormat textType=\"Decimal\"/>\n");
    x.raw("              </str:LocalRepresentation>\n            </str:Measure>\n");
    x.raw("          </str:MeasureList>\n        </str:DataStructureComponents>\n");
    x.raw("      </str:DataStructure>\n    </str:DataStructures>\n  </mes:Structures>\n");
    x.raw("</mes:Structure>\n");
    return x.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void conceptAndCodes(Xml x, String agency, String id, String codelist, String in) {
    x.raw(in + "<str:ConceptIdentity>")
        .text(urn("conceptscheme.Concept", agency, CONCEPTS) + "." + id)
        .raw("</str:ConceptIdentity>\n");
    x.raw(in + "<str:LocalRepresentation>\n");
    x.raw(in + "  <str:Enumeration>")
        .text(urn("codelist.Codelist", agency, codelist))
        .raw("</str:Enumeration>\n");
    x.raw(in + "</str:LocalRepresentation>\n");
  }

  private static void codelist(
      Xml x, String agency, String id, String name, Map<String, String> codes) {
    String urn = urn("codelist.Codelist", agency, id);
    x.raw("      <str:Codelist urn=\"")
        .text(urn)
        .raw("\" agencyID=\"")
        .text(agency)
        .raw("\" id=\"" + id + "\" version=\"" + VERSION + "\" isExternalReference=\"false\">\n");
    x.element("        ", "com:Name xml:lang=\"en\"", "com:Name", name);
    for (Map.Entry<String, String> c : new java.util.TreeMap<>(codes).entrySet()) {
      x.raw("        <str:Code urn=\"")
          .text(urn.replace("codelist.Codelist=", "codelist.Code=") + "." + c.getKey())
          .raw("\" id=\"")
          .text(c.getKey())
          .raw("\">\n");
      x.element("          ", "com:Name xml:lang=\"en\"", "com:Name", c.getValue());
      x.raw("        </str:Code>\n");
    }
    x.raw("      </str:Codelist>\n");
  }

  /** {@code urn:sdmx:org.sdmx.infomodel.<kind>=AGENCY:ID(1.0)}. */
  static String urn(String kind, String agency, String id) {
    return "urn:sdmx:org.sdmx.infomodel." + kind + "=" + agency + ":" + id + "(" + VERSION + ")";
  }

  /** Pairs in the order given. */
  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** XML text, escaped where it is data. */
  private static final class Xml {
    private final StringBuilder s = new StringBuilder();

    Xml raw(String markup) {
      s.append(markup);
      return this;
    }

    Xml text(String data) {
      s.append(ReleaseDocuments.html(data));
      return this;
    }

    void element(String indent, String tag, String data) {
      element(indent, tag, tag, data);
    }

    void element(String indent, String open, String close, String data) {
      raw(indent + "<" + open + ">").text(data).raw("</" + close + ">\n");
    }

    @Override
    public String toString() {
      return s.toString();
    }
  }
}
