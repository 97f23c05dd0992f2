package org.tokenstats.common.readonly;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Delta's Hadoop log store with commits under the read-only root refused ({@link ReadOnlyGuard}):
 * every change to a Delta table, including ones that write no data file (a {@code DELETE} of whole
 * files, {@code ALTER TABLE}, {@code RESTORE}), is a commit, and each passes here. Installed as
 * {@code spark.delta.logStore.file.impl} in every tokenstats session; inert until a root is
 * protected.
 */
public class GuardedLogStore extends HDFSLogStore {
  private final Configuration initConf;

  public GuardedLogStore(Configuration conf) {
    super(conf);
    this.initConf = conf;
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    ReadOnlyGuard.check(
        conf != null && conf.get(ReadOnlyGuard.ROOT_KEY) != null ? conf : initConf, path, "commit");
    super.write(path, actions, overwrite, conf);
  }
}
