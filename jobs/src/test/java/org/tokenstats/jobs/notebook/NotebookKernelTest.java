package org.tokenstats.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which cells are SQL: the rest is Java. */
class NotebookKernelTest {

  @Test
  void sqlCellsAreRecognisedByTheirFirstWordOrTheMagic() {
    assertThat(NotebookKernel.sqlOf("SELECT * FROM gold.token_daily;"))
        .isEqualTo("SELECT * FROM gold.token_daily");
    assertThat(NotebookKernel.sqlOf("\n  with t as (select 1) select * from t"))
        .isEqualTo("with t as (select 1) select * from t");
    assertThat(NotebookKernel.sqlOf("-- national totals\nSELECT 1"))
        .isEqualTo("-- national totals\nSELECT 1");
    assertThat(NotebookKernel.sqlOf("DESCRIBE gold.energy_daily"))
        .isEqualTo("DESCRIBE gold.energy_daily");
    assertThat(NotebookKernel.sqlOf("DELETE FROM gold.token_daily")).isNotNull();
    assertThat(NotebookKernel.sqlOf("%%sql\nselect 2")).isEqualTo("select 2");
    assertThat(NotebookKernel.sqlOf("%%sql something\n  show tables  ")).isEqualTo("show tables");
  }

  @Test
  void javaCellsAreNotSql() {
    assertThat(NotebookKernel.sqlOf("table(\"gold.token_daily\")")).isNull();
    assertThat(NotebookKernel.sqlOf("select(df)")).isNull();
    assertThat(NotebookKernel.sqlOf("var with = 1;")).isNull();
    assertThat(NotebookKernel.sqlOf("show(df);")).isNull();
    assertThat(NotebookKernel.sqlOf("// SELECT in a comment\nint x = 1;")).isNull();
    assertThat(NotebookKernel.sqlOf("Chart.line(df, \"day\", \"tokens\")")).isNull();
  }
}
