package org.tokenstats.jobs.command;

/**
 * One option a command accepts, for parsing and for {@code --help}.
 *
 * @param name the option without dashes, e.g. {@code from}
 * @param valueName what the value is, e.g. {@code DATE}; null for a flag
 * @param help one line on what it does, including its default
 * @param required whether the command cannot run without it
 */
public record OptionSpec(String name, String valueName, String help, boolean required) {

  public static OptionSpec required(String name, String valueName, String help) {
    return new OptionSpec(name, valueName, help, true);
  }

  public static OptionSpec optional(String name, String valueName, String help) {
    return new OptionSpec(name, valueName, help, false);
  }

  public static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, null, help, false);
  }

  public boolean isFlag() {
    return valueName == null;
  }

  public String usage() {
    return "--" + name + (isFlag() ? "" : " " + valueName);
  }
}
