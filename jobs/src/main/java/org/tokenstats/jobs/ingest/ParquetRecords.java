package org.tokenstats.jobs.ingest;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet usage submission row by row into {@link RawRecord}s, so that Parquet records go
 * through exactly the same rules as JSON Lines and CSV. Columns are matched by name; values become
 * text: integers and decimals exactly, timestamps that are instants (INT96, or INT64 with
 * isAdjustedToUTC) in ISO-8601 with {@code Z}, local timestamps without an offset (and so rejected
 * with {@code NO_OFFSET}, as in the text formats).
 */
final class ParquetRecords implements AutoCloseable {
  private final ParquetReader<Group> reader;
  private long row;

  ParquetRecords(String path, Configuration conf, long maxBytes)
      throws SubmissionReader.UnreadableFile {
    long decoded;
    try (org.apache.parquet.hadoop.ParquetFileReader footer =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new Path(path), conf))) {
      decoded =
          footer.getFooter().getBlocks().stream()
              .mapToLong(org.apache.parquet.hadoop.metadata.BlockMetaData::getTotalByteSize)
              .reduce(0L, Math::addExact);
    } catch (IOException | RuntimeException e) {
      throw new SubmissionReader.UnreadableFile(
          ReasonCode.WRONG_FORMAT, "not a readable Parquet file: " + e.getMessage(), e);
    }
    if (decoded > maxBytes) {
      throw new SubmissionReader.UnreadableFile(
          ReasonCode.TOO_LARGE,
          "the file holds "
              + decoded
              + " bytes once decoded, more than "
              + maxBytes
              + " (tokenstats.ingest.max-file-bytes); split it",
          null);
    }
    try {
      this.reader =
          ParquetReader.builder(new GroupReadSupport(), new Path(path)).withConf(conf).build();
    } catch (IOException | RuntimeException e) {
      throw new SubmissionReader.UnreadableFile(
          ReasonCode.WRONG_FORMAT, "not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  /** 1-based number of the row last returned. */
  long rowNumber() {
    return row;
  }

  /** The next row, or null at the end. */
  RawRecord next() throws SubmissionReader.UnreadableFile {
    Group g;
    try {
      g = reader.read();
    } catch (IOException | RuntimeException e) {
      throw new SubmissionReader.UnreadableFile(
          ReasonCode.WRONG_FORMAT, "corrupt Parquet after row " + row + ": " + e.getMessage(), e);
    }
    if (g == null) {
      return null;
    }
    row++;
    Map<String, String> values = new HashMap<>();
    Set<String> structured = new HashSet<>();
    GroupType type = g.getType();
    for (int i = 0; i < type.getFieldCount(); i++) {
      Type field = type.getType(i);
      if (g.getFieldRepetitionCount(i) == 0) {
        continue;
      }
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        structured.add(field.getName());
        continue;
      }
      values.put(field.getName(), text(g, i, field.asPrimitiveType()));
    }
    return new RawRecord(values, structured);
  }

  private static String text(Group g, int i, PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case INT32 -> {
        int v = g.getInteger(i, 0);
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return BigDecimal.valueOf(v, d.getScale()).toPlainString();
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return LocalDate.ofEpochDay(v).toString();
        }
        return Integer.toString(v);
      }
      case INT64 -> {
        long v = g.getLong(i, 0);
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return BigDecimal.valueOf(v, d.getScale()).toPlainString();
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
          Instant instant =
              switch (t.getUnit()) {
                case MILLIS -> Instant.ofEpochMilli(v);
                case MICROS ->
                    Instant.ofEpochSecond(
                        Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
                case NANOS ->
                    Instant.ofEpochSecond(
                        Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
              };
          return t.isAdjustedToUTC()
              ? instant.toString()
              : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
        }
        return Long.toString(v);
      }
      case INT96 -> {
        ByteBuffer b = ByteBuffer.wrap(g.getInt96(i, 0).getBytes()).order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong();
        int julianDay = b.getInt();
        return Instant.ofEpochSecond((julianDay - 2_440_588L) * 86_400L, 0)
            .plusNanos(nanosOfDay)
            .toString();
      }
      case FLOAT -> {
        return BigDecimal.valueOf(g.getFloat(i, 0)).toPlainString();
      }
      case DOUBLE -> {
        return BigDecimal.valueOf(g.getDouble(i, 0)).toPlainString();
      }
      case BOOLEAN -> {
        return Boolean.toString(g.getBoolean(i, 0));
      }
      default -> {
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
          return new BigDecimal(new BigInteger(g.getBinary(i, 0).getBytes()), d.getScale())
              .toPlainString();
        }
        return g.getBinary(i, 0).toStringUsingUTF8();
      }
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // read-only: nothing to lose
    }
  }
}
