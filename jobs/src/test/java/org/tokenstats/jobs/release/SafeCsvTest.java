package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 4180 output, formula neutralisation and plain numbers. */
class SafeCsvTest {

  @Test
  void textThatASpreadsheetWouldEvaluateIsNeutralisedAndQuoted() {
    assertThat(SafeCsv.text("=HYPERLINK(\"http://x\",\"click\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
    assertThat(SafeCsv.text("+1")).isEqualTo("\"'+1\"");
    assertThat(SafeCsv.text("-2+3")).isEqualTo("\"'-2+3\"");
    assertThat(SafeCsv.text("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    assertThat(SafeCsv.text("\tcmd")).isEqualTo("\"'\tcmd\"");
    assertThat(SafeCsv.text("＝1+1")).startsWith("\"'");
    // ordinary text untouched; RFC 4180 quoting where needed
    assertThat(SafeCsv.text("Gui'an data center cluster")).isEqualTo("Gui'an data center cluster");
    assertThat(SafeCsv.text("Beijing, Tianjin")).isEqualTo("\"Beijing, Tianjin\"");
    assertThat(SafeCsv.text("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(SafeCsv.text(" padded")).isEqualTo("\" padded\"");
    assertThat(SafeCsv.unguard("'=1+1")).isEqualTo("=1+1");
    assertThat(SafeCsv.unguard("Gui'an")).isEqualTo("Gui'an");
  }

  @Test
  void filesUseCrlfAndNumbersStayPlainNumbers() {
    String csv =
        SafeCsv.write(
            List.of("name", "value"),
            List.of(
                List.of("=cmd|' /C calc'!A0", "-12.5"), List.of("plain", ""), List.of("x", "0")),
            Set.of("value"));
    assertThat(csv).isEqualTo("name,value\r\n\"'=cmd|' /C calc'!A0\",-12.5\r\nplain,\r\nx,0\r\n");
    assertThat(SafeCsv.parse(csv))
        .containsExactly(
            List.of("name", "value"),
            List.of("'=cmd|' /C calc'!A0", "-12.5"),
            List.of("plain", ""),
            List.of("x", "0"));
    assertThatThrownBy(
            () -> SafeCsv.write(List.of("value"), List.of(List.of("1E+5")), Set.of("value")))
        .hasMessageContaining("plain decimal");
  }

  @Test
  void largeAndSmallValuesAreWrittenWithoutExponent() {
    assertThat(Measure.TOTAL_TOKENS.round(BigDecimal.valueOf(1.4e14)).toPlainString())
        .isEqualTo("140000000000000");
    assertThat(Measure.AVG_DAILY_TOKENS.round(1.4e20).toPlainString())
        .isEqualTo("140000000000000000000");
    assertThat(Measure.KWH_PER_MILLION_TOKENS.round(1.0e-7).toPlainString()).isEqualTo("0.000000");
    assertThat(Measure.MOM_RATIO.round(0.1234565).toPlainString()).isEqualTo("0.123456");
    assertThat(Measure.MOM_RATIO.round(Double.NaN)).isNull();
  }
}
