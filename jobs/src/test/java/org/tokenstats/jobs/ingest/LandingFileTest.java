package org.tokenstats.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingFileTest {

  @Test
  void scanFindsEveryFileAtAnyDepthInPathOrderAndLeavesHiddenOnesAlone(@TempDir Path landing)
      throws Exception {
    write(landing.resolve("usage/zenith/2026-03-14/part-000.jsonl"), "12345");
    write(landing.resolve("usage/aurora/part-001.jsonl.gz"), "1");
    write(landing.resolve("usage/aurora/deep/er/part-002.csv"), "12");
    write(landing.resolve("usage/aurora/_uploading.jsonl"), "x");
    write(landing.resolve("usage/aurora/.part-003.jsonl"), "x");
    write(landing.resolve("usage/_staging/part-004.jsonl"), "x");
    write(landing.resolve("usage/.partial/part-005.jsonl"), "x");
    write(landing.resolve("prices/CN-BJ/2026-03-14.csv"), "x");

    List<LandingFile> files =
        LandingFile.scan(landing.toString(), FeedKind.USAGE, new Configuration());

    assertThat(files)
        .extracting(LandingFile::path)
        .containsExactly(
            landing.resolve("usage/aurora/deep/er/part-002.csv").toString(),
            landing.resolve("usage/aurora/part-001.jsonl.gz").toString(),
            landing.resolve("usage/zenith/2026-03-14/part-000.jsonl").toString());
    assertThat(files).extracting(LandingFile::size).containsExactly(2L, 1L, 5L);
    assertThat(files).allSatisfy(f -> assertThat(f.feed()).isEqualTo(FeedKind.USAGE));
    assertThat(
            LandingFile.scan(
                landing.resolve("nothing").toString(), FeedKind.USAGE, new Configuration()))
        .isEmpty();
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
