package org.tokenstats.jobs.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one submission file line by line, exactly as docs/submitting.md allows: optional gzip,
 * UTF-8 (strict: invalid bytes make the file unreadable), a leading byte-order mark ignored, LF or
 * CRLF. The SHA-256 of the file's bytes is computed in the same pass, so a file is read once.
 */
final class SubmissionReader implements AutoCloseable {

  /** The file cannot be read at all; it is quarantined whole with this reason. */
  static final class UnreadableFile extends Exception {
    private static final long serialVersionUID = 1L;
    final ReasonCode reason;

    UnreadableFile(ReasonCode reason, String detail, Throwable cause) {
      super(detail, cause);
      this.reason = reason;
    }
  }

  private static final int CHUNK = 1 << 16;

  private final InputStream raw;
  private final MessageDigest digest;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /**
   * How large one line and one file may grow once inflated (tokenstats.ingest.max-line-bytes,
   * max-file-bytes): a gzip of a few megabytes can inflate to a single line of gigabytes, which
   * would end the JVM; such a file is quarantined whole instead.
   */
  record Limits(long maxLineBytes, long maxFileBytes) implements java.io.Serializable {}

  private final Limits limits;
  private long inflated;
  private final byte[] buffer = new byte[CHUNK];
  private int position;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private byte[] line = new byte[256];

  /** A fresh SHA-256 digest: of whole files here, of typed record content in {@link UsageRules}. */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  SubmissionReader(InputStream raw, boolean gzip, Limits limits) throws UnreadableFile {
    this.limits = limits;
    this.digest = newSha256();
    this.raw = new DigestInputStream(raw, digest);
    try {
      this.in = gzip ? new GZIPInputStream(this.raw, CHUNK) : this.raw;
    } catch (ZipException | EOFException e) {
      throw new UnreadableFile(ReasonCode.CORRUPT_GZIP, "not a gzip stream: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UnreadableFile(ReasonCode.UNREADABLE_FILE, "cannot read: " + e.getMessage(), e);
    }
  }

  /** The 1-based number of the line last returned. */
  long lineNumber() {
    return lineNumber;
  }

  /** The next line without its line end, or null at the end of the file. */
  String nextLine() throws UnreadableFile {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (length >= limits.maxLineBytes()) {
        throw new UnreadableFile(
            ReasonCode.TOO_LARGE,
            "line "
                + (lineNumber + 1)
                + " is longer than "
                + limits.maxLineBytes()
                + " bytes (tokenstats.ingest.max-line-bytes); no record is that long",
            null);
      }
      if (length == line.length) {
        byte[] bigger = new byte[line.length * 2];
        System.arraycopy(line, 0, bigger, 0, length);
        line = bigger;
      }
      line[length++] = b;
    }
    if (!any) {
      return null;
    }
    lineNumber++;
    int start = 0;
    if (lineNumber == 1
        && length >= 3
        && line[0] == (byte) 0xEF
        && line[1] == (byte) 0xBB
        && line[2] == (byte) 0xBF) {
      start = 3;
    }
    if (length > start && line[length - 1] == '\r') {
      length--;
    }
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(line, start, length - start));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new UnreadableFile(
          ReasonCode.INVALID_UTF8, "line " + lineNumber + " is not valid UTF-8", e);
    }
  }

  private boolean fill() throws UnreadableFile {
    if (eof) {
      return false;
    }
    try {
      int n = in.read(buffer, 0, CHUNK);
      if (n < 0) {
        eof = true;
        return false;
      }
      position = 0;
      limit = n;
      inflated += n;
      if (inflated > limits.maxFileBytes()) {
        throw new UnreadableFile(
            ReasonCode.TOO_LARGE,
            "the file holds more than "
                + limits.maxFileBytes()
                + " bytes once inflated (tokenstats.ingest.max-file-bytes); split it",
            null);
      }
      return true;
    } catch (EOFException | ZipException e) {
      throw new UnreadableFile(
          ReasonCode.CORRUPT_GZIP,
          "gzip stream is truncated or corrupt after line " + lineNumber + ": " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UnreadableFile(ReasonCode.UNREADABLE_FILE, "cannot read: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of every byte of the file; reads to the end if lines were left unread. */
  String sha256() throws IOException {
    byte[] sink = new byte[CHUNK];
    while (raw.read(sink) >= 0) {
      // drain: the digest covers the whole file, whatever was decoded
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of a stream, for files that could not be decoded. */
  static String sha256Of(InputStream stream) throws IOException {
    try (SubmissionReader r =
        new SubmissionReader(stream, false, new Limits(Long.MAX_VALUE, Long.MAX_VALUE))) {
      return r.sha256();
    } catch (UnreadableFile e) {
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // Closing a read-only stream: nothing is lost if it fails.
    }
  }
}
