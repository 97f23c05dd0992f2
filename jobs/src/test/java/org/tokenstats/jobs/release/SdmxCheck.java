package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads a release's SDMX editions the way an SDMX tool would: the data structure, its concepts and
 * code lists from {@code sdmx/structure.xml}; then each {@code sdmx/<table>.csv} against it
 * (columns in the structure's order, every coded value in its code list, mandatory attributes
 * present) and against the tidy table it is an edition of (the same observations). No SDMX
 * validator can be installed here, so this reads the structure instead of trusting the writer's
 * constants.
 */
final class SdmxCheck {
  private SdmxCheck() {}

  private static final String STR = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure";

  /** What the structure message defines. */
  record Structure(
      String structureId,
      List<String> dimensions,
      List<String> attributes,
      Set<String> mandatory,
      Map<String, String> codelistOf,
      Map<String, Set<String>> codes) {}

  static Structure read(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(file.toFile());
    Map<String, Set<String>> codes = new HashMap<>();
    for (Element cl : elements(doc.getDocumentElement(), "Codelist")) {
      Set<String> ids = new HashSet<>();
      elements(cl, "Code").forEach(c -> ids.add(c.getAttribute("id")));
      codes.put(cl.getAttribute("id"), ids);
    }
    Set<String> concepts = new HashSet<>();
    elements(doc.getDocumentElement(), "Concept").forEach(c -> concepts.add(c.getAttribute("id")));
    List<Element> dsds = elements(doc.getDocumentElement(), "DataStructure");
    assertThat(dsds).as("one data structure").hasSize(1);
    Element dsd = dsds.get(0);
    String id =
        dsd.getAttribute("agencyID")
            + ":"
            + dsd.getAttribute("id")
            + "("
            + dsd.getAttribute("version")
            + ")";
    List<String> dimensions = new ArrayList<>();
    List<String> attributes = new ArrayList<>();
    Set<String> mandatory = new HashSet<>();
    Map<String, String> codelistOf = new LinkedHashMap<>();
    List<Element> dims = elements(dsd, "Dimension");
    dims.removeIf(d -> !d.getParentNode().getLocalName().equals("DimensionList"));
    dims.sort(java.util.Comparator.comparingInt(d -> Integer.parseInt(d.getAttribute("position"))));
    for (Element d : dims) {
      dimensions.add(d.getAttribute("id"));
    }
    dimensions.add(elements(dsd, "TimeDimension").get(0).getAttribute("id"));
    for (Element a : elements(dsd, "Attribute")) {
      attributes.add(a.getAttribute("id"));
      if (a.getAttribute("usage").equals("mandatory")) {
        mandatory.add(a.getAttribute("id"));
      }
    }
    List<Element> components = new ArrayList<>(dims);
    components.addAll(elements(dsd, "TimeDimension"));
    components.addAll(elements(dsd, "Attribute"));
    components.addAll(elements(dsd, "Measure"));
    for (Element c : components) {
      String concept = text(c, "ConceptIdentity");
      assertThat(concepts)
          .as("concept of " + c.getAttribute("id"))
          .contains(concept.substring(concept.lastIndexOf('.') + 1));
      List<Element> enumeration = elements(c, "Enumeration");
      if (!enumeration.isEmpty()) {
        String urn = enumeration.get(0).getTextContent();
        String list = urn.substring(urn.indexOf(':', urn.indexOf('=')) + 1, urn.indexOf('('));
        assertThat(codes).as("code list of " + c.getAttribute("id")).containsKey(list);
        codelistOf.put(c.getAttribute("id"), list);
      }
    }
    assertThat(elements(dsd, "Measure"))
        .extracting(e -> e.getAttribute("id"))
        .containsExactly("OBS_VALUE");
    return new Structure(id, dimensions, attributes, mandatory, codelistOf, codes);
  }

  /** Checks every SDMX-CSV edition of {@code release}; returns the rows read. */
  static long check(Path release) throws Exception {
    Structure s = read(release.resolve(SdmxEdition.STRUCTURE_FILE));
    List<String> expected = new ArrayList<>(List.of("STRUCTURE", "STRUCTURE_ID", "ACTION"));
    expected.addAll(s.dimensions());
    expected.add("OBS_VALUE");
    expected.addAll(s.attributes());
    long read = 0;
    for (ReleaseTable t : ReleaseTable.values()) {
      List<List<String>> rows =
          SafeCsv.parse(Files.readString(release.resolve(SdmxEdition.csvFileName(t))));
      List<List<String>> tidy = SafeCsv.parse(Files.readString(release.resolve(t.fileName())));
      assertThat(rows.get(0)).as(t + " header").isEqualTo(expected);
      assertThat(rows).as(t + " rows").hasSameSizeAs(tidy);
      for (int i = 1; i < rows.size(); i++) {
        Map<String, String> row = new HashMap<>();
        for (int c = 0; c < expected.size(); c++) {
          row.put(expected.get(c), rows.get(i).get(c));
        }
        assertThat(row.get("STRUCTURE")).isEqualTo("datastructure");
        assertThat(row.get("STRUCTURE_ID")).isEqualTo(s.structureId());
        assertThat(row.get("ACTION")).isEqualTo("I");
        for (Map.Entry<String, String> e : s.codelistOf().entrySet()) {
          String v = row.get(e.getKey());
          if (v.isEmpty()) {
            assertThat(s.mandatory())
                .as(t + " row " + i + " " + e.getKey())
                .doesNotContain(e.getKey());
          } else {
            assertThat(s.codes().get(e.getValue()))
                .as(t + " row " + i + ": " + e.getKey() + " " + v + " in " + e.getValue())
                .contains(v);
          }
        }
        assertThat(row.get("TIME_PERIOD")).matches("[0-9]{4}-[0-9]{2}(-[0-9]{2})?");
        // The same observation as the tidy table's row.
        List<String> same = tidy.get(i);
        assertThat(
                List.of(
                    row.get("TIME_PERIOD"),
                    row.get("REF_AREA"),
                    row.get("MEASURE"),
                    row.get("OBS_VALUE"),
                    row.get("OBS_STATUS"),
                    row.get("CONF_STATUS")))
            .isEqualTo(
                List.of(
                    same.get(0), same.get(2), same.get(4), same.get(6), same.get(7), same.get(9)));
        read++;
      }
    }
    return read;
  }

  private static List<Element> elements(Element root, String localName) {
    NodeList n = root.getElementsByTagNameNS(STR, localName);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < n.getLength(); i++) {
      out.add((Element) n.item(i));
    }
    return out;
  }

  private static String text(Element e, String localName) {
    return elements(e, localName).get(0).getTextContent();
  }
}
