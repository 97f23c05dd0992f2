package org.tokenstats.jobs.notebook;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs Java cells with JShell, in this JVM (so a cell sees the kernel's SparkSession and every
 * tokenstats class), keeping state from cell to cell. A cell may hold several statements and
 * declarations; the value of its last expression is the cell's result, as the object itself (not
 * JShell's string of it) so that a Dataset or a {@link Chart} can be displayed richly.
 */
final class JavaCells implements AutoCloseable {

  /** What every cell can use without importing it. */
  static final List<String> IMPORTS =
      List.of(
          "import java.util.*;",
          "import java.time.*;",
          "import org.apache.spark.sql.*;",
          "import org.apache.spark.sql.types.*;",
          "import static org.apache.spark.sql.functions.*;",
          "import io.delta.tables.DeltaTable;",
          "import org.tokenstats.jobs.notebook.*;",
          "import static org.tokenstats.jobs.notebook.Notebook.*;");

  /** A cell that did not compile, or threw: the message says where and what. */
  static final class CellError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CellError(String message, Throwable cause) {
      // No stack trace of its own: where the kernel noticed the error is no help to the analyst.
      super(message, cause, false, false);
    }
  }

  /** Executes snippets directly, keeping the last value and the real exception thrown. */
  private static final class Capture extends DirectExecutionControl {
    private Object value;
    private Throwable thrown;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
      Object result = doitMethod.invoke(null);
      value = result;
      return valueString(result);
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause)
        throws ExecutionControl.RunException, ExecutionControl.InternalException {
      thrown = cause;
      return super.throwConvertedInvocationException(cause);
    }

    void reset() {
      value = null;
      thrown = null;
    }
  }

  private final Capture control = new Capture();
  private final JShell shell;

  JavaCells(String classPath) {
    ExecutionControlProvider provider =
        new ExecutionControlProvider() {
          @Override
          public String name() {
            return "tokenstats-direct";
          }

          @Override
          public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
          }
        };
    shell = JShell.builder().executionEngine(provider, Map.of()).build();
    shell.addToClasspath(classPath);
    for (String line : IMPORTS) {
      Object ignored = eval(line);
    }
  }

  /** Runs a cell; returns its last expression's value (null for none). */
  Object eval(String cell) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = cell;
    Object result = null;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break;
      }
      if (!info.completeness().isComplete()) {
        throw new CellError(
            "The cell ends in the middle of a statement: "
                + firstLine(rest)
                + " (a missing ';', ')' or '}'?)",
            null);
      }
      String source = info.source();
      rest = info.remaining();
      result = run(source);
    }
    return result;
  }

  private Object run(String source) {
    control.reset();
    List<SnippetEvent> events = shell.eval(source);
    Object result = null;
    for (SnippetEvent e : events) {
      if (e.causeSnippet() != null) {
        continue;
      }
      if (e.exception() != null) {
        Throwable real = control.thrown != null ? control.thrown : e.exception();
        throw new CellError(describe(real), real);
      }
      if (e.status() == Snippet.Status.REJECTED
          || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
        throw new CellError(compileErrors(e.snippet(), source), null);
      }
      if (isValue(e.snippet())) {
        result = control.value;
      }
    }
    return result;
  }

  private static boolean isValue(Snippet snippet) {
    return switch (snippet.subKind()) {
      case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
      default -> false;
    };
  }

  private String compileErrors(Snippet snippet, String source) {
    List<String> lines = new ArrayList<>();
    shell
        .diagnostics(snippet)
        .forEach(
            (Diag d) -> {
              if (d.isError()) {
                lines.add(
                    d.getMessage(Locale.ROOT)
                        + "\n    at: "
                        + lineAt(source, (int) d.getStartPosition()));
              }
            });
    List<String> unresolved =
        snippet instanceof jdk.jshell.DeclarationSnippet declared
            ? shell.unresolvedDependencies(declared).toList()
            : List.of();
    if (!unresolved.isEmpty()) {
      lines.add("unresolved: " + String.join(", ", unresolved));
    }
    if (lines.isEmpty()) {
      lines.add("the snippet was rejected: " + firstLine(source));
    }
    return "Java compile error: " + String.join("\n", lines);
  }

  private static String describe(Throwable t) {
    return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }

  private static String lineAt(String source, int position) {
    if (position < 0 || position > source.length()) {
      return firstLine(source);
    }
    int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
    int end = source.indexOf('\n', position);
    return source.substring(start, end < 0 ? source.length() : end).strip();
  }

  /** Completion candidates at {@code cursor} (tab in the notebook). */
  List<String> complete(String code, int cursor, int[] anchor) {
    return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor).stream()
        .map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct()
        .toList();
  }

  /** Whether {@code code} is a complete unit (for consoles). */
  SourceCodeAnalysis.Completeness completeness(String code) {
    return shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
  }

  /** Documentation of the symbol at {@code cursor} (shift-tab). */
  String documentation(String code, int cursor) {
    return String.join(
        "\n\n",
        shell.sourceCodeAnalysis().documentation(code, cursor, false).stream()
            .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
            .toList());
  }

  @Override
  public void close() {
    shell.close();
  }
}
