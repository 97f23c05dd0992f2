package org.tokenstats.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java cells through JShell in this JVM: values as objects, state between cells, errors. */
class JavaCellsTest {
  private static JavaCells cells;

  @BeforeAll
  static void start() {
    cells = new JavaCells(System.getProperty("java.class.path"));
  }

  @AfterAll
  static void stop() {
    cells.close();
  }

  @Test
  void theLastExpressionIsTheCellsValueAsTheObjectItself() {
    Object value = cells.eval("var xs = new ArrayList<Integer>();\nxs.add(4);\nxs.add(2);\nxs");
    assertThat(value).isInstanceOf(java.util.ArrayList.class).isEqualTo(List.of(4, 2));
    // Declarations and statements alone have no value; state carries over to the next cell.
    assertThat(cells.eval("int doubled = xs.get(0) * 2;")).isNull();
    assertThat(cells.eval("doubled + 1")).isEqualTo(9);
    assertThat(cells.eval("String greet(String n) { return \"hi \" + n; }\ngreet(\"west\")"))
        .isEqualTo("hi west");
    // The imports every cell has: Spark's functions and the notebook API.
    assertThat(cells.eval("col(\"x\").toString()")).isEqualTo("x");
    assertThat(cells.eval("Chart.class.getSimpleName()")).isEqualTo("Chart");
  }

  @Test
  void aCompileErrorSaysWhatAndWhere() {
    assertThatThrownBy(() -> cells.eval("int n = 1;\nString s = n.length();"))
        .isInstanceOf(JavaCells.CellError.class)
        .hasMessageStartingWith("Java compile error: ")
        .hasMessageContaining("int cannot be dereferenced")
        .hasMessageContaining("at: String s = n.length();");
    assertThatThrownBy(() -> cells.eval("noSuchMethod(3)"))
        .hasMessageContaining("cannot find symbol");
    assertThatThrownBy(() -> cells.eval("var unfinished = List.of(1,"))
        .hasMessageContaining("ends in the middle of a statement");
  }

  @Test
  void aRuntimeExceptionKeepsTheRealException() {
    assertThatThrownBy(() -> cells.eval("Integer.parseInt(\"twelve\")"))
        .isInstanceOf(JavaCells.CellError.class)
        .hasMessage("java.lang.NumberFormatException: For input string: \"twelve\"")
        .cause()
        .isInstanceOf(NumberFormatException.class);
    // The cell after a failure runs normally.
    assertThat(cells.eval("1 + 1")).isEqualTo(2);
  }
}
