package org.tokenstats.jobs.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.EntryPoints;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.ToolCommand;
import org.tokenstats.jobs.command.ToolContext;
import org.tokenstats.jobs.release.ReleaseFolder;

/**
 * {@code bin/tokenstats notebook}: writes the tokenstats kernel spec (this JVM's java, flags and
 * classpath, and these settings with absolute paths) into a private Jupyter path and starts
 * Debian's Jupyter Notebook on {@code notebooks/}; or, with {@code --execute}, runs notebooks
 * headless in one kernel ({@code run_notebooks.py}, on Jupyter's nbclient) and fails if any cell
 * fails.
 */
public final class NotebookCommand implements ToolCommand {
  static final String KERNEL_NAME = "tokenstats";
  private static final String EXECUTE = "execute";
  private static final String OUTPUT = "output";
  private static final String TIMEOUT = "timeout";

  @Override
  public String name() {
    return "notebook";
  }

  @Override
  public String summary() {
    return "Start Jupyter on notebooks/ with the tokenstats kernel, or run notebooks headless";
  }

  @Override
  public String description() {
    return "Starts Debian's Jupyter Notebook on the repository's notebooks/ folder (at\n"
        + "http://127.0.0.1:<tokenstats.notebook.port>/), with the tokenstats kernel: Java and\n"
        + "Spark SQL cells on the configured warehouse, read-only. With --execute, runs the given\n"
        + "notebooks (default: every notebooks/*.ipynb) headless, writes the executed copies to\n"
        + "--output, and exits 1 if a cell of any of them fails:\n"
        + "  bin/tokenstats notebook\n"
        + "  bin/tokenstats notebook --execute --output /tmp/runs notebooks/01-starter.ipynb";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.flag(EXECUTE, "run the notebooks headless instead of starting the server"),
        OptionSpec.optional(
            OUTPUT, "DIR", "where --execute writes executed notebooks (default ./notebook-runs)"),
        OptionSpec.optional(TIMEOUT, "SECONDS", "longest a cell may run (default 900)"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    line.longValue(TIMEOUT, 1, 86_400);
    if (!line.flag(EXECUTE) && (!line.positional().isEmpty() || line.has(OUTPUT))) {
      throw Errors.badOption(
          name(), "NOTEBOOK/--output", "notebooks and --output go with --execute");
    }
    for (String nb : line.positional()) {
      if (!nb.endsWith(".ipynb") || !Files.isRegularFile(Path.of(nb))) {
        throw Errors.badOption(name(), nb, "not a notebook file (.ipynb)");
      }
    }
    Path jupyter = Path.of(settings.get(SettingKeys.NOTEBOOK_JUPYTER));
    if (!Files.isExecutable(jupyter)) {
      throw Errors.usage(
          "Jupyter is not installed at " + jupyter + ".",
          "Run bin/setup (installs Debian's jupyter-notebook and jupyter-nbconvert), or set"
              + " tokenstats.notebook.jupyter to your jupyter executable.");
    }
  }

  @Override
  public void run(CommandLine line, ToolContext context) throws Exception {
    Settings settings = context.settings();
    Path home = Path.of(settings.get(SettingKeys.HOME)).toAbsolutePath().normalize();
    Path jupyterPath = Files.createTempDirectory("tokenstats-jupyter-");
    try {
      writeKernelSpec(jupyterPath, settings);
      if (line.flag(EXECUTE)) {
        execute(line, context, home, jupyterPath);
      } else {
        serve(settings, home, jupyterPath);
      }
    } finally {
      ReleaseFolder.deleteTree(jupyterPath);
    }
  }

  private void serve(Settings settings, Path home, Path jupyterPath) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                settings.get(SettingKeys.NOTEBOOK_JUPYTER),
                "notebook",
                "--no-browser",
                "--ip=127.0.0.1",
                "--port=" + settings.get(SettingKeys.NOTEBOOK_PORT),
                "--notebook-dir=" + home.resolve("notebooks"),
                "--MappingKernelManager.default_kernel_name=" + KERNEL_NAME));
    if ("root".equals(System.getProperty("user.name"))) {
      // Jupyter refuses root unless told; containers and CI machines often run as root.
      command.add("--allow-root");
    }
    Process server = start(command, jupyterPath);
    // Ctrl-C ends this JVM at once: take the server (and its kernels) with it, and the spec.
    Thread stop =
        new Thread(
            () -> {
              server.destroy();
              try {
                server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                ReleaseFolder.deleteTree(jupyterPath);
              } catch (java.io.UncheckedIOException | InterruptedException e) {
                // best effort while the JVM exits
              }
            });
    Runtime.getRuntime().addShutdownHook(stop);
    int status = server.waitFor();
    Runtime.getRuntime().removeShutdownHook(stop);
    if (status != 0) {
      throw Errors.failure(
          "Jupyter Notebook exited with status " + status + ".", "See its output above.", null);
    }
  }

  private void execute(CommandLine line, ToolContext context, Path home, Path jupyterPath)
      throws Exception {
    Settings settings = context.settings();
    Path output = line.path(OUTPUT).orElse(Path.of("notebook-runs")).toAbsolutePath().normalize();
    Files.createDirectories(output);
    long timeout = line.longValue(TIMEOUT, 1, 86_400).orElse(900L);
    List<Path> notebooks = new ArrayList<>();
    line.positional().forEach(nb -> notebooks.add(Path.of(nb).toAbsolutePath()));
    if (notebooks.isEmpty()) {
      try (Stream<Path> files = Files.list(home.resolve("notebooks"))) {
        files.filter(f -> f.toString().endsWith(".ipynb")).sorted().forEach(notebooks::add);
      }
    }
    // One kernel for every notebook (run_notebooks.py): a kernel is a JVM with a Spark session,
    // whose start-up cost each notebook would otherwise pay again.
    Path runner = jupyterPath.resolve("run_notebooks.py");
    try (var in = NotebookCommand.class.getResourceAsStream("run_notebooks.py")) {
      Files.copy(in, runner);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                python(Path.of(settings.get(SettingKeys.NOTEBOOK_JUPYTER))),
                runner.toString(),
                "--kernel",
                KERNEL_NAME,
                "--timeout",
                String.valueOf(timeout),
                "--startup-timeout",
                "300",
                "--output-dir",
                output.toString()));
    notebooks.forEach(nb -> command.add(nb.toString()));
    Process process = start(command, jupyterPath, ProcessBuilder.Redirect.PIPE);
    Map<String, String[]> reported = new LinkedHashMap<>();
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = lines.readLine(); l != null; l = lines.readLine()) {
        String[] f = l.split("\t", 4);
        if (f.length == 4) {
          reported.put(f[2], f);
        } else {
          context.out().println(l);
        }
      }
    }
    int status = process.waitFor();
    List<String> failed = new ArrayList<>();
    for (Path nb : notebooks) {
      // The runner's line for the notebook: status, seconds, notebook, executed copy.
      String[] report = reported.get(nb.toString());
      Path executed = output.resolve(nb.getFileName());
      List<String> errors = new ArrayList<>();
      if (report == null) {
        errors.add("not run: the notebook runner exited with status " + status);
      } else if (!report[0].equals("ok")) {
        errors.add(report[0]);
      }
      if (report != null) {
        if (Files.isRegularFile(executed)) {
          errors.addAll(cellErrors(executed));
        } else {
          errors.add("no executed copy at " + executed);
        }
      }
      context
          .out()
          .printf(
              "notebook  %-6s %6s s  %s -> %s%n",
              errors.isEmpty() ? "ok" : "FAILED",
              report == null ? "-" : report[1],
              nb.getFileName(),
              executed);
      errors.forEach(e -> context.out().println("          " + e));
      context.run().count(errors.isEmpty() ? "notebooks_ok" : "notebooks_failed", 1);
      if (!errors.isEmpty()) {
        failed.add(nb.getFileName().toString());
      }
    }
    if (!failed.isEmpty()) {
      throw Errors.failure(
          "A cell failed in " + String.join(", ", failed) + ".",
          "Read the cell's error above; the executed copies (with every output) are in " + output,
          null);
    }
  }

  /**
   * The Python that runs {@code jupyter} (its {@code #!} line: Debian's /usr/bin/python3), which
   * has the nbclient and jupyter_client modules the notebook runner imports.
   */
  static String python(Path jupyter) throws IOException {
    String first;
    try (var lines = Files.lines(jupyter, StandardCharsets.ISO_8859_1)) {
      first = lines.findFirst().orElse("");
    }
    if (first.startsWith("#!")) {
      String[] words = first.substring(2).strip().split("\\s+");
      // "#!/usr/bin/env python3" names the interpreter in its second word.
      return words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
    }
    return "python3";
  }

  /** "cell N: ename: evalue" for every error output of an executed notebook. */
  static List<String> cellErrors(Path executed) throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode cells = new ObjectMapper().readTree(executed.toFile()).path("cells");
    for (int i = 0; i < cells.size(); i++) {
      for (JsonNode o : cells.get(i).path("outputs")) {
        if (o.path("output_type").asText().equals("error")) {
          out.add(
              "cell "
                  + (i + 1)
                  + ": "
                  + o.path("ename").asText()
                  + ": "
                  + o.path("evalue").asText().lines().findFirst().orElse(""));
        }
      }
    }
    return out;
  }

  private static Process start(List<String> command, Path jupyterPath) throws IOException {
    return start(command, jupyterPath, ProcessBuilder.Redirect.INHERIT);
  }

  /** Starts a Jupyter process with our kernel spec on its path; {@code out} is its stdout. */
  private static Process start(List<String> command, Path jupyterPath, ProcessBuilder.Redirect out)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO().redirectOutput(out);
    String existing = System.getenv("JUPYTER_PATH");
    builder
        .environment()
        .put(
            "JUPYTER_PATH",
            existing == null || existing.isEmpty()
                ? jupyterPath.toString()
                : jupyterPath + java.io.File.pathSeparator + existing);
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /**
   * {@code <root>/kernels/tokenstats/kernel.json}: the kernel runs this JVM's java with its flags
   * and classpath, and reads these settings (absolute paths, since Jupyter starts kernels in the
   * notebook's folder) from a config file beside the spec.
   */
  static Path writeKernelSpec(Path root, Settings settings) throws IOException {
    Path dir = Files.createDirectories(root.resolve("kernels").resolve(KERNEL_NAME));
    Map<String, String> absolute = new LinkedHashMap<>();
    absolute.put(SettingKeys.WAREHOUSE.key(), absolutePath(settings.warehouse()));
    absolute.put(SettingKeys.RELEASES.key(), absolutePath(settings.releases()));
    absolute.put(SettingKeys.LANDING.key(), absolutePath(settings.landing()));
    absolute.put(SettingKeys.HOME.key(), absolutePath(settings.get(SettingKeys.HOME)));
    Path config = dir.resolve("tokenstats.conf");
    Files.writeString(config, settings.render(absolute), StandardCharsets.UTF_8);

    List<String> argv = new ArrayList<>();
    argv.add(ProcessHandle.current().info().command().orElse("java"));
    argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(EntryPoints.MAIN);
    argv.add("--config");
    argv.add(config.toString());
    argv.add("kernel");
    argv.add("--" + KernelCommand.CONNECTION_FILE);
    argv.add("{connection_file}");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("argv", argv);
    spec.put("display_name", "tokenstats (Java + Spark SQL)");
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    spec.put("env", Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(spec);
    Files.writeString(dir.resolve("kernel.json"), json, StandardCharsets.UTF_8);
    return dir;
  }

  private static String absolutePath(String path) {
    return path.contains("://") ? path : Path.of(path).toAbsolutePath().normalize().toString();
  }
}
