package org.tokenstats.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.testing.SparkExtension;
import org.tokenstats.jobs.pipeline.PackagedApp;
import org.tokenstats.jobs.testing.SampleNightly;

/**
 * Real Jupyter (Debian's nbconvert) running the committed notebooks headless with the real kernel
 * (the packaged application), through {@code bin/tokenstats notebook --execute}, against the sample
 * warehouse with a published release: every cell must run, tables and charts must come out, and
 * nothing in the warehouse may change. Then the read-only probe (every way to write is refused) and
 * a notebook with a failing cell (the command must fail and name the cell).
 */
@ExtendWith(SparkExtension.class)
class NotebooksIT {
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  /** Where the executed notebooks are written. */
  @TempDir static Path dir;

  @BeforeAll
  static void sampleWarehouseWithARelease() {
    assertThat(Path.of("/usr/bin/jupyter"))
        .as("Debian's Jupyter (bin/setup installs it)")
        .isExecutable();
    assertThat(SampleNightly.releases().resolve("tokens-2026-03-v1/manifest.json")).exists();
  }

  /** Runs {@code bin/tokenstats notebook --execute} as its own JVM; returns status and output. */
  private static Map.Entry<Integer, String> notebook(Path output, String... notebooks)
      throws Exception {
    List<String> args = new ArrayList<>();
    for (String set :
        List.of(
            "tokenstats.home=" + REPOSITORY,
            "tokenstats.paths.warehouse=" + SampleNightly.warehouse(),
            "tokenstats.paths.releases=" + SampleNightly.releases(),
            "tokenstats.paths.landing=" + SampleNightly.landing(),
            "tokenstats.spark.master=local[2]")) {
      args.add("--set");
      args.add(set);
    }
    args.addAll(List.of("notebook", "--execute", "--output", output.toString()));
    args.addAll(List.of(notebooks));
    Path log = output.resolveSibling(output.getFileName() + ".log");
    Process p =
        new ProcessBuilder(PackagedApp.tokenstats("-Xmx1g", args.toArray(String[]::new)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("notebook --execute finished").isTrue();
    return Map.entry(p.exitValue(), Files.readString(log));
  }

  /** Every file of the warehouse with its size and modification time. */
  private static Map<String, String> listing() throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path root = SampleNightly.warehouse();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f));
      }
    }
    return out;
  }

  private static JsonNode read(Path notebook) throws IOException {
    return new ObjectMapper().readTree(notebook.toFile());
  }

  private static String text(JsonNode node) {
    if (node.isArray()) {
      StringBuilder b = new StringBuilder();
      node.forEach(n -> b.append(n.asText()));
      return b.toString();
    }
    return node.asText();
  }

  @Test
  void everyCommittedNotebookRunsHeadlessWithTablesAndCharts() throws Exception {
    Map<String, String> before = listing();
    Path output = dir.resolve("runs");
    Map.Entry<Integer, String> run = notebook(output);
    assertThat(run.getKey()).as(run.getValue()).isZero();

    List<Path> committed = NotebookFilesTest.notebooks();
    for (Path source : committed) {
      String name = source.getFileName().toString();
      assertThat(run.getValue()).contains("notebook  ok");
      assertThat(run.getValue()).containsPattern("notebook  ok .*" + name.replace(".", "\\."));
      JsonNode executed = read(output.resolve(name));
      int charts = 0;
      for (JsonNode cell : executed.path("cells")) {
        if (!cell.path("cell_type").asText().equals("code")) {
          continue;
        }
        String source0 = text(cell.path("source"));
        assertThat(cell.path("execution_count").isInt()).as(name + ": ran " + source0).isTrue();
        boolean image = false;
        boolean table = false;
        for (JsonNode o : cell.path("outputs")) {
          assertThat(o.path("output_type").asText())
              .as(name + ": " + source0 + " -> " + o)
              .isNotEqualTo("error");
          image |= o.path("data").has("image/png");
          table |= o.path("data").has("text/html");
        }
        if (source0.contains("Chart.")) {
          assertThat(image).as(name + ": a chart from " + source0).isTrue();
          charts++;
        }
        if (source0.startsWith("SELECT") || source0.startsWith("DESCRIBE")) {
          assertThat(table).as(name + ": a table from " + source0).isTrue();
        }
      }
      if (!name.startsWith("00-")) {
        assertThat(charts).as(name + " tells its story with charts").isGreaterThanOrEqualTo(2);
      }
    }
    // The trajectory notebook marked the figures of the release on its chart.
    String trajectory = read(output.resolve("01-national-trajectory.ipynb")).toString();
    assertThat(trajectory).contains("published: tokens-2026-03-v1").contains("obs_status");
    assertThat(listing()).as("notebooks changed the warehouse").isEqualTo(before);
  }

  @Test
  void writesAreRefusedAndAFailingCellFailsTheRun() throws Exception {
    Map<String, String> before = listing();
    Path resources = Path.of("src/test/resources/notebooks").toAbsolutePath();
    Path output = dir.resolve("probe");
    Map.Entry<Integer, String> run =
        notebook(
            output,
            resources.resolve("read-only-probe.ipynb").toString(),
            resources.resolve("failing-cell.ipynb").toString());
    String log = run.getValue();
    assertThat(run.getKey()).as(log).isEqualTo(1);
    assertThat(log)
        .containsPattern("notebook  ok .*read-only-probe\\.ipynb")
        .containsPattern("notebook  FAILED .*failing-cell\\.ipynb")
        .contains("cell 3: ")
        .contains("no_such_table")
        .contains("A cell failed in failing-cell.ipynb");
    int refused = 0;
    for (JsonNode cell : read(output.resolve("read-only-probe.ipynb")).path("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        assertThat(o.path("output_type").asText()).as(o.toString()).isNotEqualTo("error");
        String printed = text(o.path("text"));
        if (printed.startsWith("refused ")) {
          assertThat(printed).contains(": tokenstats notebook is read-only: refused to ");
          refused++;
        }
      }
    }
    assertThat(refused).as("writes refused by the guards").isEqualTo(14);
    assertThat(listing()).as("the probe changed the warehouse").isEqualTo(before);
    // The failing notebook's executed copy shows the error where it happened, and went on.
    JsonNode failing = read(output.resolve("failing-cell.ipynb")).path("cells");
    assertThat(failing.get(2).path("outputs").get(0).path("output_type").asText())
        .isEqualTo("error");
    assertThat(text(failing.get(3).path("outputs").get(0).path("data").path("text/plain")))
        .isEqualTo("2");
  }
}
