package org.tokenstats.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.table.TableDef;
import org.tokenstats.common.testing.DatasetAssert;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.curate.CurateJob;
import org.tokenstats.jobs.testing.SampleNightly;

/**
 * The packaged application jar on a real Spark standalone cluster: a master and two workers started
 * as separate JVMs from the Spark jars the build resolved, on loopback, and the nightly job
 * submitted with {@code SparkSubmit}, as {@code spark-submit} would. Every silver and gold table it
 * writes must equal, row for row, what the same nightly writes on local Spark.
 */
@ExtendWith(SparkExtension.class)
class StandaloneClusterIT {
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopCluster() throws InterruptedException {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void nightlyOnAStandaloneClusterEqualsTheLocalRun(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path appJar = PackagedApp.appJar();
    List<String> flags = PackagedApp.jvmFlags();
    Path sparkHome = sparkHome();
    String java = PackagedApp.java();
    String classpath = sparkHome.resolve("jars") + File.separator + "*";
    int port = freePort();
    String master = "spark://127.0.0.1:" + port;

    Path masterLog = dir.resolve("master.log");
    start(
        dir,
        sparkHome,
        masterLog,
        java,
        flags,
        "-Xmx512m",
        "-cp",
        classpath,
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        "" + port,
        "--webui-port",
        "" + freePort());
    for (int w = 1; w <= 2; w++) {
      Path workDir = Files.createDirectories(dir.resolve("worker-" + w));
      start(
          dir,
          sparkHome,
          dir.resolve("worker-" + w + ".log"),
          java,
          flags,
          "-Xmx512m",
          "-cp",
          classpath,
          "org.apache.spark.deploy.worker.Worker",
          master,
          "--host",
          "127.0.0.1",
          "--cores",
          "1",
          "--memory",
          "1536m",
          "--work-dir",
          workDir.toString(),
          "--webui-port",
          "" + freePort());
    }
    PackagedApp.waitFor(masterLog, "Registering worker", 2, 120);

    Path landing = SampleNightly.landing();
    Path clusterWarehouse = dir.resolve("cluster-warehouse");
    List<String> submit = new ArrayList<>(List.of(java));
    submit.addAll(flags);
    submit.addAll(
        List.of(
            "-Xmx2g",
            "-cp",
            classpath,
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            master,
            "--deploy-mode",
            "client",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.executor.cores=1",
            "--conf",
            "spark.executor.extraJavaOptions=" + String.join(" ", flags),
            "--class",
            "org.tokenstats.jobs.cli.Main",
            appJar.toString(),
            "--set",
            "tokenstats.paths.warehouse=" + clusterWarehouse,
            "--set",
            "tokenstats.paths.landing=" + landing,
            "nightly",
            "--date",
            SampleNightly.DATE));
    Path submitLog = dir.resolve("submit.log");
    Process driver = process(dir, sparkHome, submitLog, submit);
    assertThat(driver.waitFor(15, TimeUnit.MINUTES)).as("nightly finished on the cluster").isTrue();
    assertThat(driver.exitValue()).as(PackagedApp.tail(submitLog)).isZero();
    assertThat(Files.readString(submitLog)).contains("tokenstats nightly: succeeded");
    // Executors ran on the workers (an app directory per executor under each work dir).
    for (int w = 1; w <= 2; w++) {
      try (Stream<Path> apps = Files.list(dir.resolve("worker-" + w))) {
        assertThat(apps.count()).as("applications run by worker " + w).isPositive();
      }
    }

    // The same nightly run locally (shared with CrashRecoveryIT: built once per test JVM).
    Path localWarehouse = SampleNightly.warehouse();

    String masterUsed =
        spark
            .read()
            .format("delta")
            .load(clusterWarehouse.resolve("ops/job_runs").toString())
            .select("spark_master")
            .head()
            .getString(0);
    assertThat(masterUsed).isEqualTo(master);
    for (TableDef t : CurateJob.OUTPUTS) {
      Dataset<Row> onCluster = PackagedApp.table(spark, clusterWarehouse, t);
      Dataset<Row> onLocal = PackagedApp.table(spark, localWarehouse, t);
      assertThat(onCluster.count()).as(t.id()).isPositive();
      DatasetAssert.assertSameRows(onCluster, onLocal, Arrays.asList(onLocal.columns()));
    }
  }

  /**
   * A SPARK_HOME whose jars/ links to the Spark and Delta jars the build resolved; in target/, not
   * in the test's temporary folder, so that cleaning up never follows the links.
   */
  private static Path sparkHome() throws IOException {
    Path home = PackagedApp.TARGET.resolve("it-spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : PackagedApp.sparkJars()) {
      Path jar = Path.of(entry);
      if (!Files.exists(jars.resolve(jar.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
      }
    }
    return home;
  }

  private void start(
      Path dir, Path sparkHome, Path log, String java, List<String> flags, String... rest)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(flags);
    command.addAll(List.of(rest));
    process(dir, sparkHome, log, command);
  }

  private Process process(Path dir, Path sparkHome, Path log, List<String> command)
      throws IOException {
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
    b.redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = b.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = b.start();
    processes.add(p);
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
