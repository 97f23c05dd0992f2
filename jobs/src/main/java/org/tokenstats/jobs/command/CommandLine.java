package org.tokenstats.jobs.command;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenstats.common.errors.Errors;

/**
 * The parsed options of one command: typed accessors that turn a malformed value into a usage error
 * naming the option (exit status 2), before any work starts.
 */
public final class CommandLine {
  private final String command;
  private final Map<String, String> values;
  private final List<String> positional;

  private CommandLine(String command, Map<String, String> values, List<String> positional) {
    this.command = command;
    this.values = values;
    this.positional = positional;
  }

  /** Parses {@code args} against the command's options; unknown options are errors. */
  public static CommandLine parse(String command, List<OptionSpec> specs, List<String> args) {
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    specs.forEach(s -> byName.put(s.name(), s));
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq > 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      OptionSpec spec = byName.get(name);
      if (spec == null) {
        throw Errors.badOption(command, arg, "no such option");
      }
      if (spec.isFlag()) {
        if (inline != null) {
          throw Errors.badOption(command, arg, "it is a flag and takes no value");
        }
        values.put(name, "true");
      } else if (inline != null) {
        values.put(name, inline);
      } else if (i + 1 < args.size()) {
        values.put(name, args.get(++i));
      } else {
        throw Errors.badOption(command, arg, "it needs a value " + spec.valueName());
      }
    }
    for (OptionSpec spec : specs) {
      if (spec.required() && !values.containsKey(spec.name())) {
        throw Errors.missingOption(command, "--" + spec.name());
      }
    }
    return new CommandLine(command, values, positional);
  }

  public String command() {
    return command;
  }

  public List<String> positional() {
    return positional;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  public Optional<String> string(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Optional<LocalDate> date(String name) {
    return parsed(name, LocalDate::parse, "a date YYYY-MM-DD");
  }

  public Optional<YearMonth> month(String name) {
    return parsed(name, YearMonth::parse, "a month YYYY-MM");
  }

  /** The option's value read by {@code parse}; a value it cannot read is a usage error. */
  private <T> Optional<T> parsed(
      String name, java.util.function.Function<String, T> parse, String expected) {
    return string(name)
        .map(
            v -> {
              try {
                return parse.apply(v);
              } catch (DateTimeParseException e) {
                throw Errors.badOption(command, "--" + name, "`" + v + "` is not " + expected);
              }
            });
  }

  public Optional<Long> longValue(String name, long min, long max) {
    return number(name, v -> Long.parseLong(v.replace("_", "")), "a whole number", min, max);
  }

  public Optional<Double> doubleValue(String name, double min, double max) {
    return number(name, Double::parseDouble, "a number", min, max);
  }

  private <N extends Number & Comparable<N>> Optional<N> number(
      String name, java.util.function.Function<String, N> parser, String what, N min, N max) {
    return string(name)
        .map(
            v -> {
              N n;
              try {
                n = parser.apply(v);
              } catch (NumberFormatException e) {
                throw Errors.badOption(command, "--" + name, "`" + v + "` is not " + what);
              }
              if (!(n.compareTo(min) >= 0 && n.compareTo(max) <= 0)) {
                throw Errors.badOption(
                    command, "--" + name, "`" + v + "` must lie in [" + min + ", " + max + "]");
              }
              return n;
            });
  }

  public Optional<Path> path(String name) {
    return string(name).map(Path::of);
  }

  /** Checks {@code from <= to} for a pair of date options. */
  public void requireOrdered(String fromName, LocalDate from, String toName, LocalDate to) {
    if (from.isAfter(to)) {
      throw Errors.badOption(
          command, "--" + fromName, "it is after --" + toName + " (" + from + " > " + to + ")");
    }
  }
}
