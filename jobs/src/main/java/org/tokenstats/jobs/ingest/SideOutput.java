package org.tokenstats.jobs.ingest;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.tokenstats.common.errors.Errors;

/**
 * What a parsing task writes beside the accepted records, from the same single read of each file:
 * the rejected records and one summary per file. The accepted records go straight from the task to
 * their table; these go to one pair of files per task under a folder of the run's own, written to a
 * temporary name and renamed into place when the task has read all its files, so that a retried
 * task replaces, never adds to, what an earlier attempt wrote.
 */
final class SideOutput {
  private SideOutput() {}

  /** A record that failed a rule, or could not be parsed. */
  record Rejected(String path, long line, String raw, String reason, String detail)
      implements Serializable {}

  /**
   * One read file: the SHA-256 of the bytes read, counts, unknown fields, and its status ({@code
   * ingested}, or {@code unreadable} with a reason and detail).
   */
  record FileSummary(
      String path,
      String sha256,
      String format,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> unknownFields,
      String status,
      String reason,
      String detail,
      LocalDate firstDay,
      LocalDate lastDay)
      implements Serializable {}

  /** Where a task puts its side output. */
  interface Sink extends AutoCloseable {
    void rejected(Rejected r);

    void file(FileSummary f);

    /** The task read all its files: make what it wrote visible. */
    @Override
    void close();
  }

  /** Opens a task's sink; runs on executors. */
  interface Sinks extends Serializable {
    Sink open();
  }

  /** The schema of {@link #rejected} rows. */
  static final StructType REJECTED =
      new StructType()
          .add(IngestSchemas.PATH, StringType, false)
          .add(IngestSchemas.LINE_NUMBER, LongType, false)
          .add(IngestSchemas.RAW, StringType, false)
          .add(IngestSchemas.REASON_CODE, StringType, false)
          .add(IngestSchemas.DETAIL, StringType, false);

  private static final String REJECTED_PREFIX = "rejected-";
  private static final String FILES_PREFIX = "files-";

  /** Sinks writing under {@code folder}: one pair of files per task. */
  static Sinks under(String folder, Map<String, String> hadoopConf) {
    return () -> new FileSink(folder, configuration(hadoopConf));
  }

  private static Configuration configuration(Map<String, String> values) {
    Configuration conf = new Configuration(false);
    values.forEach(conf::set);
    return conf;
  }

  /** A task's pair of files. */
  private static final class FileSink implements Sink {
    private final FileSystem fs;
    private final Path rejectedFinal;
    private final Path filesFinal;
    private final Path rejectedTemp;
    private final Path filesTemp;
    private final DataOutputStream rejected;
    private final DataOutputStream files;

    FileSink(String folder, Configuration conf) {
      TaskContext task = TaskContext.get();
      int partition = task == null ? 0 : task.partitionId();
      int attempt = task == null ? 0 : task.attemptNumber();
      Path dir = new Path(folder);
      rejectedFinal = new Path(dir, REJECTED_PREFIX + partition);
      filesFinal = new Path(dir, FILES_PREFIX + partition);
      rejectedTemp = new Path(dir, "_" + REJECTED_PREFIX + partition + "-" + attempt);
      filesTemp = new Path(dir, "_" + FILES_PREFIX + partition + "-" + attempt);
      try {
        fs = dir.getFileSystem(conf);
        rejected = new DataOutputStream(new BufferedOutputStream(fs.create(rejectedTemp, true)));
        files = new DataOutputStream(new BufferedOutputStream(fs.create(filesTemp, true)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the side output under " + folder, e);
      }
    }

    @Override
    public void rejected(Rejected r) {
      try {
        rejected.writeBoolean(true);
        writeString(rejected, r.path());
        rejected.writeLong(r.line());
        writeString(rejected, r.raw());
        writeString(rejected, r.reason());
        writeString(rejected, r.detail());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void file(FileSummary f) {
      try {
        files.writeBoolean(true);
        writeString(files, f.path());
        writeString(files, f.sha256());
        writeString(files, f.format());
        files.writeLong(f.read());
        files.writeLong(f.accepted());
        files.writeLong(f.quarantined());
        files.writeInt(f.unknownFields().size());
        for (Map.Entry<String, Long> e : f.unknownFields().entrySet()) {
          writeString(files, e.getKey());
          files.writeLong(e.getValue());
        }
        writeString(files, f.status());
        writeString(files, f.reason());
        writeString(files, f.detail());
        writeString(files, f.firstDay() == null ? null : f.firstDay().toString());
        writeString(files, f.lastDay() == null ? null : f.lastDay().toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        rejected.writeBoolean(false);
        files.writeBoolean(false);
        rejected.close();
        files.close();
        publish(rejectedTemp, rejectedFinal);
        publish(filesTemp, filesFinal);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void publish(Path temp, Path target) throws IOException {
      fs.delete(target, false);
      if (!fs.rename(temp, target)) {
        throw new IOException("cannot rename " + temp + " to " + target);
      }
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The published files of one kind under {@code folder}, in name order. */
  private static List<String> published(String folder, String prefix, Configuration conf) {
    Path dir = new Path(folder);
    List<String> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.getPath().getName().startsWith(prefix)) {
          out.add(s.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw Errors.whileDoing("listing the side output under " + folder, e);
    }
    out.sort(null);
    return out;
  }

  /** Every file summary the tasks wrote under {@code folder} (one per read file: few). */
  static List<FileSummary> summaries(String folder, Configuration conf) {
    List<FileSummary> out = new ArrayList<>();
    for (String file : published(folder, FILES_PREFIX, conf)) {
      Path p = new Path(file);
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(p.getFileSystem(conf).open(p)))) {
        while (in.readBoolean()) {
          String path = readString(in);
          String sha = readString(in);
          String format = readString(in);
          long read = in.readLong();
          long accepted = in.readLong();
          long quarantined = in.readLong();
          int unknown = in.readInt();
          Map<String, Long> fields = new LinkedHashMap<>();
          for (int i = 0; i < unknown; i++) {
            fields.put(readString(in), in.readLong());
          }
          String status = readString(in);
          String reason = readString(in);
          String detail = readString(in);
          String first = readString(in);
          String last = readString(in);
          out.add(
              new FileSummary(
                  path,
                  sha,
                  format,
                  read,
                  accepted,
                  quarantined,
                  fields,
                  status,
                  reason,
                  detail,
                  first == null ? null : LocalDate.parse(first),
                  last == null ? null : LocalDate.parse(last)));
        }
      } catch (IOException e) {
        throw Errors.whileDoing("reading the file summaries in " + file, e);
      }
    }
    return out;
  }

  /**
   * The rejected records the tasks wrote under {@code folder}, as a Dataset ({@link #REJECTED}):
   * read by tasks, never collected, since a hostile file may hold millions.
   */
  static Dataset<Row> rejected(SparkSession spark, String folder, Map<String, String> hadoopConf) {
    List<String> files = published(folder, REJECTED_PREFIX, configuration(hadoopConf));
    int tasks = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism()));
    return spark
        .createDataset(files, Encoders.STRING())
        .repartition(tasks)
        .mapPartitions(
            (MapPartitionsFunction<String, Row>)
                names -> new RejectedReader(names, configuration(hadoopConf)),
            Encoders.row(REJECTED));
  }

  /** Streams the rejected records of a task's files, one file after another. */
  private static final class RejectedReader implements Iterator<Row> {
    private final Iterator<String> names;
    private final Configuration conf;
    private DataInputStream in;
    private Row next;

    RejectedReader(Iterator<String> names, Configuration conf) {
      this.names = names;
      this.conf = conf;
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (in == null) {
            if (!names.hasNext()) {
              return false;
            }
            Path p = new Path(names.next());
            in = new DataInputStream(new BufferedInputStream(p.getFileSystem(conf).open(p)));
          }
          if (in.readBoolean()) {
            next =
                RowFactory.create(
                    readString(in), in.readLong(), readString(in), readString(in), readString(in));
          } else {
            in.close();
            in = null;
          }
        }
        return true;
      } catch (EOFException e) {
        throw new UncheckedIOException("a side-output file ends early (a task's partial write)", e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }
}
