package org.tokenstats.jobs.notebook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.readonly.ReadOnlyGuard;
import org.tokenstats.common.run.BuildInfo;

/**
 * The tokenstats Jupyter kernel: the protocol is JJava's library ({@code jjava-jupyter}, Maven
 * Central), the language is ours and small. A cell is either one Spark SQL statement (it starts
 * with {@code SELECT}, {@code WITH}, {@code SHOW}, {@code DESCRIBE} ... or with a {@code %%sql}
 * line) shown as a table, or Java run by JShell in this JVM ({@link JavaCells}) with {@link
 * Notebook}'s session, tables, releases and charts at hand. The session starts in the background
 * while the notebook connects; the first cell waits for it.
 */
final class NotebookKernel extends BaseKernel {
  private static final Pattern SQL_MAGIC = Pattern.compile("\\A\\s*%%sql[^\\n]*\\n?");
  private static final Pattern COMMENTS = Pattern.compile("\\A(\\s*--[^\\n]*\\n)*\\s*");
  private static final Set<String> SQL_WORDS =
      Set.of(
          "select",
          "with",
          "show",
          "describe",
          "desc",
          "explain",
          "values",
          "from",
          "table",
          "insert",
          "delete",
          "update",
          "merge",
          "create",
          "drop",
          "alter",
          "optimize",
          "vacuum",
          "restore",
          "truncate",
          "replace",
          "refresh",
          "cache",
          "uncache",
          "analyze",
          "set");

  private final CompletableFuture<JavaCells> ready;

  NotebookKernel(Settings settings, String classPath) {
    super(
        "tokenstats",
        BuildInfo.current().version(),
        new LanguageInfo(
            "java",
            System.getProperty("java.version"),
            "text/x-java-source",
            ".jshell",
            "java",
            "text/x-java",
            "script"),
        List.of(new HelpLink("tokenstats notebooks", "docs/notebooks.md")),
        null,
        new JupyterIO(StandardCharsets.UTF_8),
        new CommManager(),
        new Renderer(),
        null,
        null,
        false,
        new StringStyler.Builder().build());
    this.ready =
        CompletableFuture.supplyAsync(
            () -> {
              Notebook.open(settings);
              return new JavaCells(classPath);
            });
  }

  /** The SQL statement of a SQL cell, or null for a Java cell. */
  static String sqlOf(String cell) {
    Matcher magic = SQL_MAGIC.matcher(cell);
    if (magic.find()) {
      return stripSemicolon(cell.substring(magic.end()));
    }
    String body = cell.substring(commentsEnd(cell));
    Matcher word = Pattern.compile("\\A([A-Za-z]+)(\\s|$)").matcher(body);
    if (word.find() && SQL_WORDS.contains(word.group(1).toLowerCase(Locale.ROOT))) {
      return stripSemicolon(cell);
    }
    return null;
  }

  private static int commentsEnd(String cell) {
    Matcher m = COMMENTS.matcher(cell);
    return m.find() ? m.end() : 0;
  }

  private static String stripSemicolon(String sql) {
    String s = sql.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private JavaCells cells() {
    try {
      return ready.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new JavaCells.CellError(
          "The notebook's Spark session did not start: " + message(cause), cause);
    }
  }

  @Override
  public Object evalRaw(String cell) {
    JavaCells java = cells();
    String sql = sqlOf(cell);
    if (sql != null) {
      try {
        return Displays.table(Notebook.sql(sql), Notebook.maxRows());
      } catch (RuntimeException e) {
        throw new JavaCells.CellError(message(e), e);
      }
    }
    Object value = java.eval(cell);
    if (value == null) {
      return null;
    }
    try {
      return Displays.of(value, Notebook.maxRows());
    } catch (RuntimeException e) {
      throw new JavaCells.CellError(message(e), e);
    }
  }

  /**
   * An exception's message as an analyst needs it: a read-only refusal anywhere in the chain comes
   * first (Spark wraps it in task failures), then the outermost message.
   */
  static String message(Throwable t) {
    String refusal = ReadOnlyGuard.refusalIn(t);
    String outer =
        t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    if (t instanceof JavaCells.CellError) {
      outer = t.getMessage();
    }
    return refusal == null ? outer : refusal;
  }

  @Override
  public List<String> formatError(Throwable e) {
    List<String> lines = new ArrayList<>();
    lines.add(errorStyler.primary(e.getMessage() == null ? e.toString() : e.getMessage()));
    Set<String> seen = new LinkedHashSet<>();
    seen.add(String.valueOf(e.getMessage()));
    Throwable root = e;
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      root = c;
      String m = c.getClass().getName() + ": " + c.getMessage();
      if (seen.add(m) && !String.valueOf(e.getMessage()).contains(String.valueOf(c.getMessage()))) {
        lines.add(errorStyler.secondary("caused by " + m));
      }
    }
    if (root != e) {
      StackTraceElement[] trace = root.getStackTrace();
      for (int i = 0; i < Math.min(8, trace.length); i++) {
        lines.add(errorStyler.secondary("    at " + trace[i]));
      }
    }
    return lines;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    String doc = cells().documentation(code, at);
    return doc.isEmpty() ? null : new DisplayData(doc);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    if (sqlOf(code) != null) {
      return null;
    }
    int[] anchor = {at};
    List<String> options = cells().complete(code, at, anchor);
    return new ReplacementOptions(options, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    if (sqlOf(code) != null) {
      return IS_COMPLETE_YES;
    }
    SourceCodeAnalysis.Completeness c = cells().completeness(code);
    if (c.isComplete() || c == SourceCodeAnalysis.Completeness.EMPTY) {
      return IS_COMPLETE_YES;
    }
    return c == SourceCodeAnalysis.Completeness.UNKNOWN ? IS_COMPLETE_BAD : "    ";
  }

  /** Interrupt (the stop button): cancels the session's running Spark jobs. */
  @Override
  public void interrupt() {
    if (Notebook.isOpen()) {
      Notebook.spark.sparkContext().cancelAllJobs();
    }
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    super.onShutdown(isRestarting);
    if (ready.isDone() && !ready.isCompletedExceptionally()) {
      ready.join().close();
    }
  }
}
