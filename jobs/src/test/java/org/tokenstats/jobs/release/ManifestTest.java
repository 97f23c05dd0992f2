package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** manifest.json through Jackson data binding: old manifests still read, the layout unchanged. */
class ManifestTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = ManifestTest.class.getResourceAsStream("/release/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aManifestWrittenBeforeTheVersionWasRecordedReadsAndWritesBackInTheSameLayout()
      throws IOException {
    String old = resource("manifest-written-before-tokenstats-version.json");
    Manifest m = Manifest.parse(old);

    assertThat(m.releaseId()).isEqualTo("tokens-2026-03-v2");
    assertThat(m.revises()).isEqualTo("tokens-2026-03-v1");
    assertThat(m.tableVersions()).containsEntry("gold.token_daily", 1L);
    assertThat(m.disclosure()).isEqualTo(new Manifest.Suppressions(4, 2));
    assertThat(m.changes()).hasSize(22);
    assertThat(m.changes().get(0).previousConfStatus()).isEqualTo("F");
    assertThat(m.files()).extracting(Manifest.FileEntry::rows).contains((Long) null);
    assertThat(m.tokenstatsVersion()).isNull();

    // The only difference the new writer makes: the (here unknown) version, after the settings.
    String expected =
        old.replace(
            "  },\n  \"disclosure\" : {",
            "  },\n  \"tokenstats_version\" : null,\n  \"disclosure\" : {");
    assertThat(m.toJson()).isEqualTo(expected);
  }

  @Test
  void theVersionRoundTrips() throws IOException {
    Manifest m = Manifest.parse(resource("manifest-written-before-tokenstats-version.json"));
    Manifest built =
        new Manifest(
            m.releaseId(),
            m.title(),
            m.referencePeriod(),
            m.version(),
            m.publishedAt(),
            m.asOf(),
            m.status(),
            m.revises(),
            m.revisionReason(),
            m.comparedWith(),
            m.tableVersions(),
            m.configuration(),
            "0.1.0 (commit 0123456789ab)",
            m.disclosure(),
            m.changes(),
            m.files());
    assertThat(built.toJson()).contains("\"tokenstats_version\" : \"0.1.0 (commit 0123456789ab)\"");
    assertThat(Manifest.parse(built.toJson())).isEqualTo(built);
  }
}
