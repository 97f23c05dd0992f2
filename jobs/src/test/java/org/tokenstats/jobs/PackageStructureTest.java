package org.tokenstats.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tokenstats.jobs.cli.Main;
import org.tokenstats.jobs.cli.WarmCurate;
import org.tokenstats.jobs.command.EntryPoints;

/**
 * The structure map: which tokenstats package uses which (imports, static imports and names written
 * out in full), from the main sources of both modules. Data flows one way: no cycle between
 * packages, and the launcher ({@code cli}) is used by no job.
 */
class PackageStructureTest {
  static final List<Path> SOURCES =
      List.of(Path.of("src/main/java"), Path.of("../common/src/main/java"));
  static final Pattern PACKAGE =
      Pattern.compile("^package (org\\.tokenstats[\\w.]*);", Pattern.MULTILINE);

  /** Comments and string literals, which name packages without using them. */
  static final Pattern NOT_CODE =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  /** A use of another package: {@code org.tokenstats.x.y.Type}, in an import or in the code. */
  static final Pattern USE = Pattern.compile("\\b(org\\.tokenstats(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path root : SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String text = Files.readString(f);
          Matcher pkg = PACKAGE.matcher(text);
          assertThat(pkg.find()).as("package line in %s", f).isTrue();
          Set<String> used = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
          Matcher m = USE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
          while (m.find()) {
            if (!m.group(1).equals(pkg.group(1))) {
              used.add(m.group(1));
            }
          }
        }
      }
    }
    return graph;
  }

  @Test
  void noPackageCycleAndNoJobUsesTheLauncher() throws IOException {
    Map<String, Set<String>> graph = uses();
    assertThat(graph).containsKeys("org.tokenstats.jobs.cli", "org.tokenstats.jobs.command");
    assertThat(cycles(graph)).as("package cycles in %s", graph).isEmpty();
    graph.forEach(
        (pkg, used) -> {
          if (!pkg.equals("org.tokenstats.jobs.cli")) {
            assertThat(used)
                .as("%s uses the launcher", pkg)
                .doesNotContain("org.tokenstats.jobs.cli");
          }
        });
    // The job packages use the command interfaces, and the launcher uses the jobs.
    assertThat(graph.get("org.tokenstats.jobs.ingest")).contains("org.tokenstats.jobs.command");
    assertThat(graph.get("org.tokenstats.jobs.cli")).contains("org.tokenstats.jobs.ingest");
  }

  @Test
  void theEntryPointsJobsNameAreTheLaunchersClasses() {
    assertThat(EntryPoints.MAIN).isEqualTo(Main.class.getName());
    assertThat(EntryPoints.WARM_CURATE).isEqualTo(WarmCurate.class.getName());
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
  }

  /** Strongly connected components of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<List<String>> out,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component.stream().sorted().toList());
      }
    }
  }
}
