package org.tokenstats.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.util.VersionInfo;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.run.BuildInfo;
import org.tokenstats.jobs.cli.Main;

/**
 * The scheduling examples in {@code deploy/} name versions that must match the build exactly
 * (hadoop-aws and Spark's Hadoop, Delta for this Spark's Scala, the application jar): checked here
 * against the versions on the test classpath, so they cannot drift again.
 */
class DeployExamplesTest {
  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  static final Path AIRFLOW = DEPLOY.resolve("airflow/tokenstats_nightly.py");
  static final Path KUBERNETES = DEPLOY.resolve("kubernetes/scheduled-nightly.yaml");
  static final Path CRON = DEPLOY.resolve("cron/tokenstats.cron");

  static final String SPARK = SparkContext.class.getPackage().getImplementationVersion();
  static final String DELTA =
      io.delta.tables.DeltaTable.class.getPackage().getImplementationVersion();
  static final String SCALA_BINARY =
      scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+)\\..*", "$1");

  static Map<Path, String> examples() throws IOException {
    return Map.of(
        AIRFLOW, Files.readString(AIRFLOW),
        KUBERNETES, Files.readString(KUBERNETES),
        CRON, Files.readString(CRON));
  }

  static List<String> all(Pattern p, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.groupCount() == 0 ? m.group() : m.group(1));
    }
    return found;
  }

  @Test
  void versionsMatchTheBuild() throws IOException {
    assertThat(VersionInfo.getVersion()).matches("\\d+\\.\\d+\\.\\d+");
    int hadoopAws = 0;
    for (Map.Entry<Path, String> e : examples().entrySet()) {
      String text = e.getValue();
      String where = e.getKey().getFileName().toString();
      List<String> aws = all(Pattern.compile("hadoop-aws[: ](\\d[\\w.-]*\\d)"), text);
      assertThat(aws)
          .as("hadoop-aws in %s must be Spark's Hadoop", where)
          .allMatch(v -> v.equals(VersionInfo.getVersion()));
      hadoopAws += aws.size();
      assertThat(all(Pattern.compile("delta-spark_(\\d+\\.\\d+)"), text))
          .as("Scala binary version of Delta in %s", where)
          .isNotEmpty()
          .allMatch(v -> v.equals(SCALA_BINARY));
      assertThat(all(Pattern.compile("delta-spark_\\d+\\.\\d+[: ](\\d[\\w.-]*\\d)"), text))
          .as("Delta version in %s", where)
          .isNotEmpty()
          .allMatch(v -> v.equals(DELTA));
      assertThat(all(Pattern.compile("Spark (\\d+\\.\\d+\\.\\d+)"), text))
          .as("Spark version in %s", where)
          .allMatch(v -> v.equals(SPARK));
      assertThat(all(Pattern.compile("tokenstats-jobs-(\\d[\\w.-]*?)-app\\.jar"), text))
          .as("application jar in %s", where)
          .isNotEmpty()
          .allMatch(v -> v.equals(BuildInfo.current().version()));
      assertThat(all(Pattern.compile("org\\.tokenstats\\.[\\w.]*Main\\b"), text))
          .as("main class in %s", where)
          .isNotEmpty()
          .allMatch(v -> v.equals(Main.class.getName()));
      assertThat(text)
          .as("AWS SDK v1 class names in %s: Hadoop 3.4+ uses SDK v2", where)
          .doesNotContain("com.amazonaws");
      assertThat(all(Pattern.compile("tokenstats\\.paths\\.releases=(\\S+)"), text))
          .as("releases in %s need atomic rename: a local or mounted file system", where)
          .allMatch(v -> v.startsWith("/"));
    }
    assertThat(hadoopAws)
        .as("the examples that read s3a name hadoop-aws")
        .isGreaterThanOrEqualTo(2);
    assertThat(Files.readString(KUBERNETES))
        .contains("sparkVersion: \"" + SPARK + "\"")
        .contains("software.amazon.awssdk.auth.credentials.");
  }

  @Test
  void schedulesAreWrittenInTheReportingZone() throws IOException {
    String zone = Settings.defaultsWith(Map.of()).timeZone().getId();
    String k8s = Files.readString(KUBERNETES);
    assertThat(k8s).contains("timeZone: " + zone).contains("schedule: \"30 2 * * *\"");
    String dag = Files.readString(AIRFLOW);
    assertThat(dag).contains("tz=\"" + zone + "\"").contains("schedule=\"30 2 * * *\"");
  }

  /** The scheduler parses a DAG file every few seconds: it must compile and read no file. */
  @Test
  void theAirflowDagCompilesAndReadsNothingAtParseTime() throws Exception {
    assertThat(Files.readString(AIRFLOW)).doesNotContainPattern("\\bopen\\(|read_text|Path\\(");
    Path python = Path.of("/usr/bin/python3");
    assertThat(python).as("Debian's python3 (bin/setup installs Jupyter on it)").exists();
    Process p =
        new ProcessBuilder(
                python.toString(),
                "-c",
                "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                AIRFLOW.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }
}
