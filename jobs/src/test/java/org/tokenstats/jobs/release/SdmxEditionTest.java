package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDMX editions: SDMX-CSV 2.0 tables that an SDMX tool reads with the release's own SDMX-ML
 * structure message, the same observations as the tidy tables; and the check can fail.
 */
class SdmxEditionTest {

  @Test
  void theEditionsReadWithTheirStructure(@TempDir Path dir) throws Exception {
    Path release = CsvwProcessorTest.release(dir.resolve("r"), Manifest.FORMAT_2);
    long rows = 0;
    for (ReleaseTable t : ReleaseTable.values()) {
      rows += SafeCsv.parse(Files.readString(release.resolve(t.fileName()))).size() - 1;
    }
    assertThat(SdmxCheck.check(release)).isEqualTo(rows);

    SdmxCheck.Structure s = SdmxCheck.read(release.resolve(SdmxEdition.STRUCTURE_FILE));
    assertThat(s.structureId()).isEqualTo("TOKENSTATS:DSD_TOKENS(1.0)");
    assertThat(s.dimensions())
        .containsExactly("FREQ", "GEO_LEVEL", "REF_AREA", "MEASURE", "TIME_PERIOD");
    assertThat(s.codes().get("CL_OBS_STATUS")).containsExactlyInAnyOrder("A", "P", "E", "O", "M");
    assertThat(s.codes().get("CL_CONF_STATUS")).containsExactlyInAnyOrder("F", "C", "D");
    assertThat(s.codes().get("CL_AREA")).contains("CN", "east", "JJJ", "CN-BJ");
    // A registry name is data in the XML too.
    assertThat(Files.readString(release.resolve(SdmxEdition.STRUCTURE_FILE)))
        .contains("<com:Name xml:lang=\"en\">=HYPERLINK(&quot;x&quot;)</com:Name>");
    assertThat(
            Files.readString(
                release.resolve(SdmxEdition.csvFileName(ReleaseTable.MONTHLY_SUMMARY))))
        .startsWith(
            "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,GEO_LEVEL,REF_AREA,MEASURE,TIME_PERIOD,OBS_VALUE,"
                + "UNIT_MEASURE,OBS_STATUS,CONF_STATUS,REVISED\r\n"
                + "datastructure,TOKENSTATS:DSD_TOKENS(1.0),I,M,national,CN,total_tokens,2026-01,"
                + "3100,TOKENS,A,F,R\r\n");
  }

  @Test
  void aCodeOutsideItsListIsFound(@TempDir Path dir) throws Exception {
    Path release = CsvwProcessorTest.release(dir.resolve("r"), Manifest.FORMAT_2);
    Path csv = release.resolve(SdmxEdition.csvFileName(ReleaseTable.HUB_MONTHLY));
    csv.toFile().setWritable(true);
    Files.writeString(csv, Files.readString(csv).replaceFirst(",hub,JJJ,", ",hub,XXX,"));
    assertThatThrownBy(() -> SdmxCheck.check(release))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("REF_AREA XXX in CL_AREA");
  }
}
