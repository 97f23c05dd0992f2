package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The SHA-256 of each candidate file's bytes, computed by parallel tasks before any record is read:
 * what a file is (new, a redelivery of content already ingested, a copy of another file of the
 * batch) is decided before its records are written, so that a duplicate is never parsed and every
 * written record carries its file's hash. A pass over the raw (still compressed) bytes costs a
 * small part of parsing them.
 */
final class SubmissionHashes {
  private SubmissionHashes() {}

  /** A file's SHA-256, or why its bytes could not be read. */
  record Hash(String sha256, String error) {
    boolean readable() {
      return error == null;
    }
  }

  private static final StructType SCHEMA =
      new StructType()
          .add("path", "string", false)
          .add("sha256", "string", true)
          .add("error", "string", true);

  /** Hashes of {@code files}, by path. */
  static Map<String, Hash> of(
      SparkSession spark, List<LandingFile> files, Map<String, String> hadoopConf) {
    List<String> paths = files.stream().map(LandingFile::path).toList();
    int tasks = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 4));
    Map<String, Hash> out = new HashMap<>();
    for (Row r :
        spark
            .createDataset(paths, Encoders.STRING())
            .repartition(tasks)
            .mapPartitions(new Task(hadoopConf), Encoders.row(SCHEMA))
            .collectAsList()) {
      out.put(r.getString(0), new Hash(r.getString(1), r.getString(2)));
    }
    return out;
  }

  /** Runs on executors: hashes each file of its partition. */
  private static final class Task implements MapPartitionsFunction<String, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> hadoopConf;

    Task(Map<String, String> hadoopConf) {
      this.hadoopConf = hadoopConf;
    }

    @Override
    public Iterator<Row> call(Iterator<String> paths) {
      Configuration conf = new Configuration(false);
      hadoopConf.forEach(conf::set);
      List<Row> out = new ArrayList<>();
      while (paths.hasNext()) {
        String path = paths.next();
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
          out.add(RowFactory.create(path, SubmissionReader.sha256Of(in), null));
        } catch (IOException | RuntimeException e) {
          out.add(RowFactory.create(path, null, "cannot read: " + e.getMessage()));
        }
      }
      return out.iterator();
    }
  }
}
