package org.tokenstats.common.readonly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage guards on their own: Hadoop's local file system with a protected root. */
class ReadOnlyGuardTest {

  private static FileSystem guarded(Path warehouse) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(ReadOnlyGuard.ROOT_KEY, ReadOnlyGuard.absolute(warehouse.toString()));
    GuardedLocalFileSystem fs = new GuardedLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), conf);
    return fs;
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void everyChangeUnderTheWarehouseIsRefusedAndReadsWork(@TempDir Path dir) throws IOException {
    Path warehouse = Files.createDirectories(dir.resolve("warehouse/gold/t/_delta_log"));
    Path commit = warehouse.resolve("00000000000000000000.json");
    Files.writeString(commit, "{}\n");
    FileSystem fs = guarded(dir.resolve("warehouse"));

    assertThatThrownBy(() -> fs.create(hadoop(warehouse.resolve("1.json"))))
        .isInstanceOf(ReadOnlyGuard.ReadOnlyException.class)
        .hasMessageContaining("tokenstats notebook is read-only: refused to create")
        .hasMessageContaining(warehouse.resolve("1.json").toString());
    assertThatThrownBy(() -> fs.delete(hadoop(commit), false))
        .hasMessageContaining("refused to delete");
    assertThatThrownBy(() -> fs.rename(hadoop(commit), hadoop(dir.resolve("moved.json"))))
        .hasMessageContaining("refused to rename");
    assertThatThrownBy(() -> fs.rename(hadoop(dir.resolve("x")), hadoop(warehouse.resolve("x"))))
        .hasMessageContaining("refused to rename a file to");
    assertThatThrownBy(() -> fs.append(hadoop(commit))).hasMessageContaining("refused to append");
    assertThatThrownBy(() -> fs.mkdirs(hadoop(dir.resolve("warehouse/gold/new"))))
        .hasMessageContaining("refused to create the directory");
    // A relative path that climbs back into the warehouse is the same path.
    assertThatThrownBy(() -> fs.delete(hadoop(dir.resolve("elsewhere/../warehouse/gold/t")), true))
        .hasMessageContaining("refused to delete");

    assertThat(fs.mkdirs(hadoop(warehouse))).as("an existing directory is no change").isTrue();
    assertThat(fs.exists(hadoop(commit))).isTrue();
    try (var in = fs.open(hadoop(commit))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("{}\n");
    }
    assertThat(Files.readString(commit)).isEqualTo("{}\n");
  }

  @Test
  void outsideTheWarehouseEverythingIsAllowed(@TempDir Path dir) throws IOException {
    FileSystem fs = guarded(dir.resolve("warehouse"));
    // A sibling whose name starts like the warehouse is not inside it.
    Path export = dir.resolve("warehouse-export/part.csv");
    try (FSDataOutputStream out = fs.create(hadoop(export))) {
      out.writeBytes("a,b\n");
    }
    assertThat(Files.readString(export)).isEqualTo("a,b\n");
    assertThat(fs.delete(hadoop(export), false)).isTrue();
  }

  @Test
  void withoutARootNothingIsGuarded(@TempDir Path dir) throws IOException {
    GuardedLocalFileSystem fs = new GuardedLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration(false));
    Path file = dir.resolve("warehouse/x");
    fs.create(hadoop(file)).close();
    assertThat(file).exists();
  }

  @Test
  void theRefusalIsFoundWhereverSparkWrapsIt() {
    Exception inner =
        new ReadOnlyGuard.ReadOnlyException("commit", "/w/gold/t/_delta_log/1.json", "/w");
    RuntimeException wrapped =
        new RuntimeException("Job aborted", new IllegalStateException("task failed", inner));
    assertThat(ReadOnlyGuard.refusalIn(wrapped))
        .startsWith(
            "tokenstats notebook is read-only: refused to commit /w/gold/t/_delta_log/1.json")
        .contains("bin/tokenstats");
    // Spark sometimes keeps only the text of a task's failure.
    RuntimeException asText =
        new RuntimeException("Task 0 failed: " + inner.getMessage() + "\n\tat somewhere");
    assertThat(ReadOnlyGuard.refusalIn(asText)).isEqualTo(inner.getMessage());
    assertThat(ReadOnlyGuard.refusalIn(new RuntimeException("disk full"))).isNull();
  }

  @Test
  void applyInstallsBothGuardsWithAnAbsoluteRoot() {
    SparkConf conf = new SparkConf(false);
    ReadOnlyGuard.apply(conf, "./warehouse");
    assertThat(conf.get("spark.hadoop." + ReadOnlyGuard.ROOT_KEY))
        .isEqualTo(Path.of("warehouse").toAbsolutePath().toString());
    assertThat(conf.get("spark.hadoop.fs.file.impl"))
        .isEqualTo(GuardedLocalFileSystem.class.getName());
    assertThat(conf.get("spark.delta.logStore.file.impl"))
        .isEqualTo(GuardedLogStore.class.getName());
    assertThat(conf.get(ReadOnlyGuard.SESSION_FLAG)).isEqualTo("true");
  }

  @Test
  void everyAliasOfTheWarehouseIsTheWarehouse(@TempDir Path dir) throws IOException {
    Path log = Files.createDirectories(dir.resolve("warehouse/gold/t/_delta_log"));
    Path commit = log.resolve("00000000000000000000.json");
    Files.writeString(commit, "{}\n");
    FileSystem fs = guarded(dir.resolve("warehouse"));
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("warehouse"));
    Path table = Files.createSymbolicLink(dir.resolve("table"), dir.resolve("warehouse/gold/t"));
    Path relative = Files.createSymbolicLink(dir.resolve("relative"), Path.of("warehouse/gold"));
    Path chain = Files.createSymbolicLink(dir.resolve("chain"), alias);

    assertThatThrownBy(
            () ->
                fs.delete(
                    hadoop(alias.resolve("gold/t/_delta_log/" + commit.getFileName())), false))
        .hasMessageContaining("refused to delete")
        .hasMessageContaining(commit.toRealPath().toString());
    assertThatThrownBy(() -> fs.create(hadoop(alias.resolve("gold/t/_delta_log/1.json"))))
        .hasMessageContaining("refused to create");
    assertThatThrownBy(() -> fs.delete(hadoop(table.resolve("_delta_log")), true))
        .hasMessageContaining("refused to delete");
    assertThatThrownBy(() -> fs.delete(hadoop(dir.resolve("table")), true))
        .as("removing a link to a table is refused too")
        .hasMessageContaining("refused to delete");
    assertThatThrownBy(() -> fs.mkdirs(hadoop(relative.resolve("new"))))
        .hasMessageContaining("refused to create the directory");
    assertThatThrownBy(() -> fs.create(hadoop(chain.resolve("gold/new.json"))))
        .hasMessageContaining("refused to create");
    assertThatThrownBy(() -> fs.rename(hadoop(dir.resolve("x")), hadoop(alias.resolve("gold/t/x"))))
        .hasMessageContaining("refused to rename a file to");
    assertThat(Files.readString(commit)).isEqualTo("{}\n");
  }

  @Test
  void aRootProtectedForACommandGuardsTheJvmWhileItRuns(@TempDir Path dir) throws IOException {
    GuardedLocalFileSystem fs = new GuardedLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration(false));
    Path file = Files.createDirectories(dir.resolve("warehouse/gold")).resolve("x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("warehouse"));
    assertThatThrownBy(
            () ->
                ReadOnlyGuard.during(
                    dir.resolve("warehouse").toString(),
                    () -> {
                      try {
                        fs.create(hadoop(link.resolve("gold/x"))).close();
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                      return null;
                    }))
        .hasMessageContaining("tokenstats sql is read-only: refused to create");
    assertThat(file).doesNotExist();
    fs.create(hadoop(file)).close();
    assertThat(file).as("after the command, jobs write again").exists();
  }
}
