package org.tokenstats.common.readonly;

import java.io.IOException;
import java.util.EnumSet;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.tokenstats.common.storage.NioLocalFileSystem;

/**
 * Hadoop's local file system with every change under the read-only root refused ({@link
 * ReadOnlyGuard}): creating, appending, renaming, deleting, truncating files and making new
 * directories. Reads are untouched. Installed as {@code fs.file.impl} in every tokenstats session;
 * inert until a root is protected. Built on {@link NioLocalFileSystem}, so no change starts a child
 * process.
 */
public class GuardedLocalFileSystem extends LocalFileSystem {

  public GuardedLocalFileSystem() {
    super(new NioLocalFileSystem());
  }

  private void check(Path path, String operation) throws IOException {
    ReadOnlyGuard.check(getConf(), makeQualified(path), operation);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    check(f, "create");
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress,
      org.apache.hadoop.fs.Options.ChecksumOpt checksumOpt)
      throws IOException {
    check(f, "create");
    return super.create(
        f, permission, flags, bufferSize, replication, blockSize, progress, checksumOpt);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    check(f, "create");
    return super.createNonRecursive(
        f, permission, flags, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress)
      throws IOException {
    check(f, "append to");
    return super.append(f, bufferSize, progress);
  }

  @Override
  public FSDataOutputStream append(
      Path f, int bufferSize, Progressable progress, boolean appendToNewBlock) throws IOException {
    check(f, "append to");
    return super.append(f, bufferSize, progress, appendToNewBlock);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    check(f, "create");
    return super.createNonRecursive(
        f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public void concat(Path target, Path[] sources) throws IOException {
    check(target, "concatenate into");
    for (Path source : sources) {
      check(source, "concatenate");
    }
    super.concat(target, sources);
  }

  @Override
  protected void rename(Path src, Path dst, org.apache.hadoop.fs.Options.Rename... options)
      throws IOException {
    check(src, "rename");
    check(dst, "rename a file to");
    super.rename(src, dst, options);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    check(src, "rename");
    check(dst, "rename a file to");
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    check(f, "delete");
    return super.delete(f, recursive);
  }

  @Override
  public boolean truncate(Path f, long newLength) throws IOException {
    check(f, "truncate");
    return super.truncate(f, newLength);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    return mkdirs(f, FsPermission.getDirDefault());
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    // An existing directory is no change (Spark's catalog asks for its folders on start-up).
    if (!exists(f)) {
      check(f, "create the directory");
    }
    return super.mkdirs(f, permission);
  }
}
