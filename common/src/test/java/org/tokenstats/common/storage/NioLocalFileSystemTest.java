package org.tokenstats.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;

/**
 * Local files without child processes: the same permissions, link statuses and put-if-absent rename
 * (Delta's commit protocol) as Hadoop's own local file system, and every tokenstats session uses it
 * for both of Hadoop's file APIs.
 */
@ExtendWith(SparkExtension.class)
class NioLocalFileSystemTest {

  private static NioLocalFileSystem fs() throws IOException {
    NioLocalFileSystem fs = new NioLocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration(false));
    return fs;
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void permissionsAreSetAsHadoopWouldSetThem(@TempDir Path dir) throws IOException {
    NioLocalFileSystem fs = fs();
    Path file = dir.resolve("a/part-0.parquet");
    // create with a permission and mkdirs with one both go through setPermission.
    fs.create(hadoop(file), new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)
        .close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    fs.setPermission(hadoop(file), new FsPermission((short) 0754));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rwxr-xr--");
    assertThat(fs.mkdirs(hadoop(dir.resolve("b/c")), new FsPermission((short) 0750))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b/c"))))
        .isEqualTo("rwxr-x---");
    assertThatThrownBy(
            () -> fs.setPermission(hadoop(dir.resolve("missing")), FsPermission.getDefault()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void linkStatusesAreHadoopsOwn(@TempDir Path dir) throws IOException {
    NioLocalFileSystem fs = fs();
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration(false));
    Path file = Files.writeString(dir.resolve("00000000000000000001.json"), "{}\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
    for (Path p : List.of(file, dir, link)) {
      FileStatus ours = fs.getFileLinkStatus(hadoop(p));
      FileStatus theirs = hadoops.getFileLinkStatus(hadoop(p));
      assertThat(ours.getPath()).as("%s", p).isEqualTo(theirs.getPath());
      assertThat(ours.isFile()).as("%s", p).isEqualTo(theirs.isFile());
      assertThat(ours.isDirectory()).as("%s", p).isEqualTo(theirs.isDirectory());
      assertThat(ours.isSymlink()).as("%s", p).isEqualTo(theirs.isSymlink());
      assertThat(ours.getLen()).as("%s", p).isEqualTo(theirs.getLen());
    }
    assertThat(fs.getFileLinkStatus(hadoop(file)).getLen()).isEqualTo(3);
    for (Path p : List.of(dangling, dir.resolve("missing"))) {
      assertThatThrownBy(() -> hadoops.getFileLinkStatus(hadoop(p)))
          .isInstanceOf(FileNotFoundException.class);
      assertThatThrownBy(() -> fs.getFileLinkStatus(hadoop(p)))
          .isInstanceOf(FileNotFoundException.class);
    }
  }

  @Test
  void aCommitFileIsWrittenOnceAndNeverReplaced(@TempDir Path dir) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
    assertThat(fc.getDefaultFileSystem()).isInstanceOf(NioLocalFs.class);

    org.apache.hadoop.fs.Path temp = hadoop(dir.resolve("_delta_log/.1.json.tmp"));
    org.apache.hadoop.fs.Path commit = hadoop(dir.resolve("_delta_log/00000000000000000001.json"));
    write(fc, temp, "{\"add\":1}\n");
    fc.rename(temp, commit, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("_delta_log/00000000000000000001.json")))
        .isEqualTo("{\"add\":1}\n");

    // A second writer of the same version loses: the rename refuses to replace it.
    org.apache.hadoop.fs.Path rival = hadoop(dir.resolve("_delta_log/.1.json.rival"));
    write(fc, rival, "{\"add\":2}\n");
    assertThatThrownBy(() -> fc.rename(rival, commit, Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("_delta_log/00000000000000000001.json")))
        .isEqualTo("{\"add\":1}\n");
  }

  private static void write(FileContext fc, org.apache.hadoop.fs.Path path, String text)
      throws IOException {
    try (FSDataOutputStream out =
        fc.create(path, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.writeBytes(text);
    }
  }

  @Test
  void everySessionUsesItForBothFileApis(SparkSession spark, @TempDir Path dir) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem local = hadoop(dir).getFileSystem(conf);
    assertThat(local).isInstanceOf(LocalFileSystem.class);
    assertThat(((LocalFileSystem) local).getRaw()).isInstanceOf(NioLocalFileSystem.class);
    assertThat(FileContext.getFileContext(dir.toUri(), conf).getDefaultFileSystem())
        .isInstanceOf(NioLocalFs.class);
  }
}
