package org.tokenstats.common.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.spark.SparkSessions;

/**
 * Gives tests one local SparkSession per test JVM ({@code local[2]}, UI off, two shuffle
 * partitions), so the ~20 s of Spark and Delta start-up is paid once per module rather than per
 * class. Use with {@code @ExtendWith(SparkExtension.class)} and take a {@link SparkSession}
 * parameter; give each test its own warehouse with {@link TestWarehouses}.
 */
public final class SparkExtension implements ParameterResolver {
  private static SparkSession session;

  /** The shared session, started on first use and stopped when the JVM exits. */
  public static synchronized SparkSession session() {
    if (session == null) {
      Settings settings =
          Settings.defaultsWith(
              Map.of(
                  "tokenstats.spark.master", "local[2]",
                  "tokenstats.spark.shuffle-partitions", "2"));
      session = SparkSessions.start(settings, "tokenstats-tests");
      session.sparkContext().setLogLevel("WARN");
      SparkSession started = session;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-test-spark"));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return session();
  }
}
