package org.tokenstats.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks: nbformat 4 on the tokenstats kernel, and no outputs (outputs come from a
 * run against a warehouse, so a committed one would be stale). NotebooksIT runs them.
 */
class NotebookFilesTest {
  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();

  static List<Path> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void everyNotebookIsCleanAndOnTheTokenstatsKernel() throws IOException {
    List<Path> notebooks = notebooks();
    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(4);
    ObjectMapper json = new ObjectMapper();
    for (Path nb : notebooks) {
      JsonNode root = json.readTree(nb.toFile());
      assertThat(root.path("nbformat").asInt()).as(nb + " nbformat").isEqualTo(4);
      assertThat(root.path("metadata").path("kernelspec").path("name").asText())
          .as(nb + " kernel")
          .isEqualTo(NotebookCommand.KERNEL_NAME);
      int code = 0;
      int markdown = 0;
      for (JsonNode cell : root.path("cells")) {
        String type = cell.path("cell_type").asText();
        if (type.equals("code")) {
          code++;
          assertThat(cell.path("outputs").size()).as(nb + " has stale outputs").isZero();
          assertThat(cell.path("execution_count").isNull())
              .as(nb + " has an execution count")
              .isTrue();
        } else if (type.equals("markdown")) {
          markdown++;
        }
      }
      assertThat(code).as(nb + " code cells").isGreaterThanOrEqualTo(5);
      assertThat(markdown).as(nb + " tells its story in markdown").isGreaterThanOrEqualTo(4);
    }
  }
}
