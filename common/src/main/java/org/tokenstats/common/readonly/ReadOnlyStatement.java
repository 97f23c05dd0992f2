package org.tokenstats.common.readonly;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Whether a SQL statement only reads: the first of two guards of {@code bin/tokenstats sql} (the
 * second is the storage guard, {@link ReadOnlyGuard#during}). The statement is parsed, not run,
 * with the session's parser (Delta's statements included), and allowed when its plan holds no
 * command and no statement but {@code DESCRIBE}, {@code SHOW} and {@code EXPLAIN}, and calls no
 * function that reaches into the JVM ({@code reflect}, {@code java_method}). A query, time travel
 * and {@code DESCRIBE HISTORY} pass; {@code DELETE}, {@code INSERT} (into a table or a directory),
 * {@code MERGE}, {@code UPDATE}, DDL, {@code OPTIMIZE}, {@code VACUUM}, {@code RESTORE}, {@code
 * SET}, {@code ADD JAR} and {@code CACHE} do not.
 */
public final class ReadOnlyStatement {
  private ReadOnlyStatement() {}

  private static final Set<String> READ_ONLY_PREFIXES = Set.of("Describe", "Show", "Explain");
  private static final Set<String> JVM_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  /**
   * Null when {@code statement} only reads; otherwise what in it would change something. A
   * statement that does not parse is left to Spark, which reports it when it runs.
   */
  public static String refusal(SparkSession spark, String statement) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (ParseException e) {
      return null;
    }
    Deque<LogicalPlan> plans = new ArrayDeque<>();
    plans.push(plan);
    while (!plans.isEmpty()) {
      LogicalPlan p = plans.pop();
      String name = p.getClass().getSimpleName();
      boolean readOnly = READ_ONLY_PREFIXES.stream().anyMatch(name::startsWith);
      if (!readOnly
          && (p instanceof Command
              || p instanceof ParsedStatement
              || name.startsWith("InsertInto")
              || name.endsWith("Command")
              || name.endsWith("Statement"))) {
        return "it is a " + name + ", which changes data or settings";
      }
      CollectionConverters.asJava(p.children()).forEach(plans::push);
      Deque<Expression> expressions =
          new ArrayDeque<>(CollectionConverters.asJava(p.expressions()));
      while (!expressions.isEmpty()) {
        Expression e = expressions.pop();
        if (e instanceof UnresolvedFunction f) {
          String fn =
              CollectionConverters.asJava(f.nameParts())
                  .get(f.nameParts().size() - 1)
                  .toLowerCase(Locale.ROOT);
          if (JVM_FUNCTIONS.contains(fn)) {
            return "it calls " + fn + "(), which runs arbitrary Java code";
          }
        }
        if (e instanceof SubqueryExpression s) {
          plans.push(s.plan());
        }
        CollectionConverters.asJava(e.children()).forEach(expressions::push);
      }
    }
    return null;
  }
}
