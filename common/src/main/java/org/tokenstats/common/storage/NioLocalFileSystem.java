package org.tokenstats.common.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system without child processes. Spark ships without Hadoop's native
 * library, and without it {@link RawLocalFileSystem} sets a permission by running {@code chmod} and
 * looks for a symbolic link by running {@code readlink}: about ten processes per Delta commit
 * (creating the log file and its checksum, renaming both into place) and one per data file, at 6–7
 * ms each on a small machine. This one does both through {@code java.nio}, with the same results;
 * everything else is Hadoop's.
 */
public class NioLocalFileSystem extends RawLocalFileSystem {

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
  }

  /**
   * A path that is not a symbolic link has the status {@link #getFileStatus} gives (Hadoop's own
   * answer for it, minus the {@code readlink}); links keep Hadoop's handling.
   */
  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    if (Files.isSymbolicLink(pathToFile(f).toPath())) {
      return super.getFileLinkStatus(f);
    }
    return getFileStatus(f);
  }

  /** {@code rwxr-x---} from a Hadoop permission (the sticky bit has no meaning for local files). */
  private static Set<PosixFilePermission> posix(FsPermission p) {
    return PosixFilePermissions.fromString(
        p.getUserAction().SYMBOL + p.getGroupAction().SYMBOL + p.getOtherAction().SYMBOL);
  }
}
