package org.tokenstats.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenstats.common.errors.Errors;

/**
 * One configuration key: its name, what it means, the type a value must have, and the environment
 * variable that may override it. Reading a value validates it, so a wrong type or a bad value is a
 * one-line error naming the key, never a stack trace from deep inside a job.
 *
 * @param <T> the type a job sees
 */
public final class Setting<T> {

  @FunctionalInterface
  interface Reader<T> {
    T read(Config config, String key);
  }

  private final String key;
  private final String expected;
  private final String description;
  private final Reader<T> reader;
  private final String envVar;
  private final boolean open;

  private Setting(
      String key,
      String expected,
      String description,
      Reader<T> reader,
      String envVar,
      boolean open) {
    this.key = key;
    this.expected = expected;
    this.description = description;
    this.reader = reader;
    this.envVar = envVar;
    this.open = open;
  }

  /** Free text. */
  static Setting<String> string(String key, String description) {
    return new Setting<>(key, "a string", description, Config::getString, null, false);
  }

  static Setting<Boolean> bool(String key, String description) {
    return new Setting<>(key, "true or false", description, Config::getBoolean, null, false);
  }

  static Setting<Integer> positiveInt(String key, String description) {
    return new Setting<>(
        key,
        "a positive integer",
        description,
        (c, k) -> {
          int v = c.getInt(k);
          if (v <= 0) {
            throw Errors.badSettingValue(k, v, "it must be positive", "Use a number of 1 or more.");
          }
          return v;
        },
        null,
        false);
  }

  static Setting<Double> fraction(String key, String description) {
    return new Setting<>(
        key,
        "a number between 0 and 1",
        description,
        (c, k) -> {
          double v = c.getDouble(k);
          if (!(v >= 0 && v <= 1)) {
            throw Errors.badSettingValue(k, v, "it must lie in [0, 1]", "Use e.g. 0.85 for 85 %.");
          }
          return v;
        },
        null,
        false);
  }

  /** A non-empty list of distinct values from {@code allowed}, in order of preference. */
  static Setting<List<String>> orderedChoice(String key, List<String> allowed, String description) {
    return new Setting<>(
        key,
        "a list of distinct values from " + allowed,
        description,
        (c, k) -> {
          List<String> v =
              c.getValue(k).valueType() == ConfigValueType.STRING
                  ? List.of(c.getString(k).split("\\s*,\\s*"))
                  : c.getStringList(k);
          if (v.isEmpty() || !allowed.containsAll(v) || v.stream().distinct().count() != v.size()) {
            throw Errors.badSettingValue(
                k,
                v,
                "it must list distinct values from " + allowed,
                "Write e.g. " + String.join(",", allowed) + ".");
          }
          return List.copyOf(v);
        },
        null,
        false);
  }

  static Setting<Duration> duration(String key, String description) {
    return new Setting<>(
        key, "a duration (e.g. 10s)", description, Config::getDuration, null, false);
  }

  /**
   * A local path or a storage URI ({@code s3a://}, {@code hdfs://}, {@code abfss://}). Local paths
   * are made absolute against the working directory, so every job and every executor sees the same
   * location.
   */
  static Setting<String> location(String key, String description) {
    return new Setting<>(
        key,
        "a path or URI",
        description,
        (c, k) -> {
          String v = c.getString(k);
          // An empty path would silently mean the working directory: a mistake, never intended.
          if (v.isBlank()) {
            throw Errors.badSettingValue(
                k, v, "it is empty", "Give a folder path or a storage URI, e.g. /data/warehouse.");
          }
          return toLocation(v.strip());
        },
        null,
        false);
  }

  /** A size in bytes, written as HOCON sizes are ({@code 1 MiB}, {@code 16G}); positive. */
  static Setting<Long> bytes(String key, String description) {
    return new Setting<>(
        key,
        "a size (e.g. 1 MiB, 16 GiB)",
        description,
        (c, k) -> {
          long v;
          try {
            v = c.getBytes(k);
          } catch (ConfigException.BadValue e) {
            throw Errors.badSettingValue(
                k,
                c.getValue(k).unwrapped(),
                "not a size",
                "Write a size such as 1 MiB or 16 GiB.");
          }
          if (v <= 0) {
            throw Errors.badSettingValue(k, v, "it must be positive", "Use a size above zero.");
          }
          return v;
        },
        null,
        false);
  }

  static Setting<ZoneId> zone(String key, String description) {
    return new Setting<>(
        key,
        "a time-zone id (e.g. Asia/Shanghai)",
        description,
        (c, k) -> {
          String v = c.getString(k);
          try {
            return ZoneId.of(v);
          } catch (DateTimeException e) {
            throw Errors.badSettingValue(
                k, v, "not a time-zone id", "Use an IANA zone id such as Asia/Shanghai.");
          }
        },
        null,
        false);
  }

  static Setting<YearMonth> yearMonth(String key, String description) {
    return new Setting<>(
        key,
        "a month YYYY-MM",
        description,
        (c, k) -> {
          String v = c.getString(k);
          try {
            return YearMonth.parse(v);
          } catch (DateTimeParseException e) {
            throw Errors.badSettingValue(k, v, "not a month", "Write it as YYYY-MM, e.g. 2024-01.");
          }
        },
        null,
        false);
  }

  /** An open object of string values, such as extra Spark settings passed through as-is. */
  static Setting<Map<String, String>> stringMap(String key, String description) {
    return new Setting<>(
        key,
        "an object of string values",
        description,
        (c, k) -> {
          ConfigObject object = c.getObject(k);
          Map<String, String> out = new LinkedHashMap<>();
          object.forEach((name, value) -> out.put(name, String.valueOf(value.unwrapped())));
          return out;
        },
        null,
        true);
  }

  /** The same setting, overridable by the named environment variable (for paths and secrets). */
  Setting<T> withEnv(String variable) {
    return new Setting<>(key, expected, description, reader, variable, open);
  }

  public String key() {
    return key;
  }

  public String expected() {
    return expected;
  }

  public String description() {
    return description;
  }

  public Optional<String> envVar() {
    return Optional.ofNullable(envVar);
  }

  /** Whether keys below this one are free (e.g. any {@code spark.*} name). */
  public boolean isOpen() {
    return open;
  }

  /** Reads and validates the value; {@code source} names where a bad value came from. */
  T read(Config config, String source) {
    try {
      return reader.read(config, key);
    } catch (ConfigException.Missing e) {
      throw Errors.usage(
          "Setting `" + key + "` is missing.",
          "Set it in a --config file or with --set " + key + "=<" + expected + ">.");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      Object value = config.hasPath(key) ? config.getValue(key).unwrapped() : null;
      throw Errors.wrongType(key, expected, value, source);
    }
  }

  static String toLocation(String value) {
    if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return value;
    }
    if (value.startsWith("file:")) {
      return Path.of(URI.create(value)).toAbsolutePath().normalize().toString();
    }
    return Path.of(value).toAbsolutePath().normalize().toString();
  }

  @Override
  public String toString() {
    return key;
  }
}
