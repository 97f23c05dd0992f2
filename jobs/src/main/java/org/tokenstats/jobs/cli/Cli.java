package org.tokenstats.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tokenstats.common.config.Setting;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.common.errors.TokenstatsException;
import org.tokenstats.common.readonly.ReadOnlyGuard;
import org.tokenstats.common.run.BuildInfo;
import org.tokenstats.common.run.JobRun;
import org.tokenstats.common.run.RunLog;
import org.tokenstats.common.run.StageProgress;
import org.tokenstats.common.spark.SparkSessions;
import org.tokenstats.common.table.OpsTables;
import org.tokenstats.common.table.Warehouse;
import org.tokenstats.jobs.command.Command;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.RunContext;
import org.tokenstats.jobs.command.SessionCommand;
import org.tokenstats.jobs.command.ToolCommand;
import org.tokenstats.jobs.command.ToolContext;

/**
 * {@code bin/tokenstats}: parses global options ({@code --config}, {@code --set}, {@code --help})
 * and one command, validates settings and options before Spark starts, runs the command inside a
 * recorded run, and maps the outcome to the exit status the spec fixes: 0 done, 1 failed, 2 bad
 * command line or configuration.
 */
public final class Cli {
  private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;
  private final Map<String, String> environment;

  public Cli(
      List<Command> commands,
      PrintStream out,
      PrintStream err,
      Clock clock,
      Map<String, String> env) {
    commands.forEach(c -> this.commands.put(c.name(), c));
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.environment = env;
  }

  /** Runs one command line; returns the process exit status. */
  public int run(String... argv) {
    List<String> rest = new ArrayList<>();
    Settings.Sources sources = new Settings.Sources().environment(environment);
    boolean help = false;
    String helpTopic = null;
    try {
      for (int i = 0; i < argv.length; i++) {
        String arg = argv[i];
        switch (arg) {
          case "--config" -> sources.configFile(Path.of(valueOf(argv, ++i, "--config", "FILE")));
          case "--set" -> sources.set(valueOf(argv, ++i, "--set", "KEY=VALUE"));
          case "--help", "-h" -> help = true;
          case "--version" -> rest.add(0, VersionCommand.NAME);
          default -> {
            if (arg.startsWith("--config=")) {
              sources.configFile(Path.of(arg.substring("--config=".length())));
            } else if (arg.startsWith("--set=")) {
              sources.set(arg.substring("--set=".length()));
            } else {
              rest.add(arg);
            }
          }
        }
      }
      if (rest.isEmpty() || rest.get(0).equals("help")) {
        if (rest.size() > 1) {
          helpTopic = rest.get(1);
        }
        if (!help && rest.isEmpty()) {
          err.print(globalHelp());
          return USAGE;
        }
        return printHelp(helpTopic);
      }
      String name = rest.get(0);
      if (help && name.equals("settings")) {
        return printHelp("settings");
      }
      Command command = commands.get(name);
      if (command == null) {
        throw Errors.unknownCommand(name, commands.keySet());
      }
      if (help) {
        out.print(commandHelp(command));
        return OK;
      }
      List<String> commandArgs = rest.subList(1, rest.size());
      CommandLine line = CommandLine.parse(name, command.options(), commandArgs);
      Settings settings = Settings.load(sources);
      command.check(line, settings);
      return command instanceof ToolCommand tool
          ? executeTool(tool, line, commandArgs, settings)
          : execute((SessionCommand) command, line, commandArgs, settings);
    } catch (TokenstatsException e) {
      err.println("tokenstats: " + e.getMessage());
      return e.exitStatus();
    }
  }

  /**
   * Runs a job or a query in a Spark session on the warehouse. A job's run is recorded in {@code
   * ops.job_runs} and summarised on standard error (standard output is the command's answer, so
   * {@code sql --format csv ... > out.csv} is a clean file); a query writes nothing.
   */
  private int execute(
      SessionCommand command, CommandLine line, List<String> commandArgs, Settings settings) {
    boolean recorded = command.kind() == SessionCommand.Kind.JOB;
    JobRun run = JobRun.start(command.name(), commandArgs, clock);
    SparkSession spark;
    try {
      spark = SparkSessions.start(settings, "tokenstats " + command.name());
    } catch (RuntimeException e) {
      LOG.error("Spark did not start", e);
      err.println("tokenstats: Spark did not start: " + e.getMessage());
      return FAILED;
    }
    StageProgress progress = new StageProgress(settings.get(SettingKeys.PROGRESS_INTERVAL));
    spark.sparkContext().addSparkListener(progress);
    run.attach(spark);
    Warehouse warehouse = Warehouse.open(spark, settings.warehouse());
    int status;
    try {
      RunContext context = new RunContext(settings, spark, warehouse, run, clock, out);
      if (recorded) {
        command.run(line, context);
      } else {
        readOnly(command, line, context);
      }
      run.succeeded();
      status = OK;
    } catch (TokenstatsException e) {
      LOG.error("run {} failed: {}", run.runId(), e.getMessage(), e);
      run.failed(e.getMessage());
      err.println("tokenstats: " + e.getMessage());
      status = e.kind() == TokenstatsException.Kind.USAGE ? USAGE : FAILED;
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.error("run {} failed", run.runId(), e);
      run.failed(e.getClass().getSimpleName() + ": " + Errors.explain(e));
      err.println("tokenstats: " + command.name() + " failed: " + Errors.explain(e));
      status = FAILED;
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
    if (recorded) {
      status = record(run, warehouse, settings, status);
    }
    run.detach();
    out.flush();
    if (recorded) {
      err.print(run.summary());
      err.flush();
    }
    return status;
  }

  /** Writes the run's row to {@code ops.job_runs}; a run that cannot be recorded has failed. */
  private int record(JobRun run, Warehouse warehouse, Settings settings, int status) {
    try {
      long version =
          RunLog.record(warehouse, run, settings.describe(), BuildInfo.current().describe());
      LOG.info("run {} recorded in {} version {}", run.runId(), OpsTables.JobRuns.DEF, version);
      return status;
    } catch (RuntimeException e) {
      LOG.error("run {} could not be recorded in {}", run.runId(), OpsTables.JobRuns.DEF, e);
      err.println(
          "tokenstats: the run could not be recorded in ops.job_runs: " + Errors.explain(e));
      return status == OK ? FAILED : status;
    }
  }

  /**
   * Runs a query with the storage guard on (session flag and warehouse root): whatever it does,
   * nothing under the warehouse changes, and a user who cannot write there gets the answer.
   */
  private static void readOnly(SessionCommand command, CommandLine line, RunContext context)
      throws Exception {
    SparkSession spark = context.spark();
    String before = spark.conf().get(ReadOnlyGuard.SESSION_FLAG, "false");
    spark.conf().set(ReadOnlyGuard.SESSION_FLAG, "true");
    try {
      ReadOnlyGuard.during(
          context.settings().warehouse(),
          () -> {
            command.run(line, context);
            return null;
          });
    } finally {
      spark.conf().set(ReadOnlyGuard.SESSION_FLAG, before);
    }
  }

  /** A command that is not a job: no Spark session here, no run record. */
  private int executeTool(
      ToolCommand command, CommandLine line, List<String> commandArgs, Settings settings) {
    JobRun run = JobRun.start(command.name(), commandArgs, clock);
    try {
      command.run(line, new ToolContext(settings, run, clock, out));
      return OK;
    } catch (TokenstatsException e) {
      LOG.error("{} failed: {}", command.name(), e.getMessage(), e);
      err.println("tokenstats: " + e.getMessage());
      return e.kind() == TokenstatsException.Kind.USAGE ? USAGE : FAILED;
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.error("{} failed", command.name(), e);
      err.println("tokenstats: " + command.name() + " failed: " + e.getMessage());
      return FAILED;
    } finally {
      out.flush();
    }
  }

  private static String valueOf(String[] argv, int i, String option, String valueName) {
    if (i >= argv.length) {
      throw Errors.usage(
          option + " needs a value " + valueName + ".", "Write " + option + " " + valueName + ".");
    }
    return argv[i];
  }

  private int printHelp(String topic) {
    if (topic == null) {
      out.print(globalHelp());
      return OK;
    }
    if (topic.equals("settings")) {
      out.print(settingsHelp());
      return OK;
    }
    Command command = commands.get(topic);
    if (command == null) {
      err.println("tokenstats: " + Errors.unknownCommand(topic, commands.keySet()).getMessage());
      return USAGE;
    }
    out.print(commandHelp(command));
    return OK;
  }

  String globalHelp() {
    StringBuilder b = new StringBuilder();
    b.append("Usage: bin/tokenstats [--config FILE] [--set KEY=VALUE]... <command> [options]\n\n");
    b.append(
        "tokenstats measures AI token demand: it ingests providers' usage logs, power prices\n");
    b.append(
        "and the registry into Delta tables, curates daily measures and publishes releases.\n\n");
    b.append("Commands:\n");
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8) + 2;
    commands
        .values()
        .forEach(
            c ->
                b.append(
                    String.format(Locale.ROOT, "  %-" + width + "s%s%n", c.name(), c.summary())));
    b.append("\nGlobal options (anywhere on the line):\n");
    b.append("  --config FILE      HOCON file of settings (repeatable; later wins)\n");
    b.append("  --set KEY=VALUE    one setting, e.g. --set tokenstats.paths.warehouse=/data/wh\n");
    b.append("  --help             this text; `<command> --help` for a command,\n");
    b.append("                     `--help settings` for every setting and its default\n");
    b.append("  --version          the version and commit of this build\n");
    b.append("\nExit status: 0 done (quarantined records are reported, not failures),\n");
    b.append("1 failed, 2 bad command line or configuration.\n");
    return b.toString();
  }

  static String commandHelp(Command command) {
    StringBuilder b = new StringBuilder();
    b.append("Usage: bin/tokenstats ").append(command.name());
    for (OptionSpec o : command.options()) {
      b.append(' ').append(o.required() ? o.usage() : "[" + o.usage() + "]");
    }
    b.append("\n\n").append(command.description()).append("\n");
    if (!command.options().isEmpty()) {
      b.append("\nOptions:\n");
      int width = command.options().stream().mapToInt(o -> o.usage().length()).max().orElse(10) + 2;
      for (OptionSpec o : command.options()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s%s%s%n",
                o.usage(),
                o.help(),
                o.required() ? " (required)" : ""));
      }
    }
    b.append("\nGlobal options --config FILE and --set KEY=VALUE apply too.\n");
    return b.toString();
  }

  static String settingsHelp() {
    Settings defaults = Settings.defaultsWith(Map.of());
    Map<String, String> values = defaults.describe();
    StringBuilder b =
        new StringBuilder("Settings (reference.conf; override with --config or --set):\n\n");
    for (Setting<?> s : SettingKeys.ALL) {
      b.append("  ").append(s.key()).append(" = ").append(values.get(s.key())).append('\n');
      b.append("      ").append(s.description()).append(" Type: ").append(s.expected()).append('.');
      s.envVar().ifPresent(v -> b.append(" Env: ").append(v).append('.'));
      b.append('\n');
    }
    return b.toString();
  }
}
