package org.tokenstats.jobs.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;
import org.tokenstats.jobs.command.CommandLine;
import org.tokenstats.jobs.command.OptionSpec;
import org.tokenstats.jobs.command.ToolCommand;
import org.tokenstats.jobs.command.ToolContext;

/**
 * {@code bin/tokenstats kernel --connection-file F}: the notebook kernel process Jupyter starts
 * (through the kernel spec {@code notebook} writes). Serves cells until Jupyter shuts it down.
 */
public final class KernelCommand implements ToolCommand {
  static final String CONNECTION_FILE = "connection-file";

  @Override
  public String name() {
    return "kernel";
  }

  @Override
  public String summary() {
    return "The Jupyter kernel process (started by Jupyter; see `notebook`)";
  }

  @Override
  public String description() {
    return "Serves one notebook: Java and Spark SQL cells on a session where every tokenstats\n"
        + "table resolves by name, read-only unless tokenstats.notebook.read-only=false.\n"
        + "Jupyter starts it with the kernel spec `bin/tokenstats notebook` writes.";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(CONNECTION_FILE, "FILE", "the connection file Jupyter passes"));
  }

  @Override
  public void check(CommandLine line, Settings settings) {
    Path file = line.path(CONNECTION_FILE).orElseThrow();
    if (!Files.isRegularFile(file)) {
      throw Errors.badOption(name(), "--" + CONNECTION_FILE, "no such file: " + file);
    }
  }

  @Override
  public void run(CommandLine line, ToolContext context) throws Exception {
    Path file = line.path(CONNECTION_FILE).orElseThrow();
    KernelConnectionProperties properties =
        KernelConnectionProperties.parse(Files.readString(file));
    NotebookKernel kernel =
        new NotebookKernel(context.settings(), System.getProperty("java.class.path"));
    JupyterConnection connection = new JupyterConnection(properties);
    kernel.becomeHandlerForConnection(connection);
    kernel.onStartup();
    connection.connect();
    connection.waitUntilClose();
  }
}
