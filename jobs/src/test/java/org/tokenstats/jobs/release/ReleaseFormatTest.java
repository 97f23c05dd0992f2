package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release keeps the layout it was published in: a manifest without {@code release_format} (format
 * 1) is written by the writers of that time, byte for byte, whatever was added since. The SHA-256
 * of each file below was recorded from the writers at commit c7a88c9, for the three methodologies
 * format 1 was published under, on a revised release (so the "revises" texts and the revision marks
 * are covered too).
 */
class ReleaseFormatTest {

  /** A format-1 manifest of a revision of March under {@code config}. */
  static Manifest format1(ReleaseConfig config, ReleaseBuilder.Content content) {
    return manifest(config, content, null);
  }

  /** A manifest of a revision of March under {@code config}; a null format is format 1. */
  static Manifest manifest(ReleaseConfig config, ReleaseBuilder.Content content, Integer format) {
    return new Manifest(
        "tokens-2026-03-v2",
        ReleaseJob.title(ReleaseBuilderTest.P, Manifest.REVISED),
        "2026-03",
        2,
        "2026-04-20T01:02:03Z",
        "2026-04-20",
        Manifest.REVISED,
        "tokens-2026-03-v1",
        "late data or corrections",
        List.of("tokens-2026-03-v1"),
        Map.of("gold.token_daily", 7L),
        config.toMap(),
        "0.1.0 (commit 0123456789ab)",
        format,
        new Manifest.Suppressions(content.primaryCells(), content.secondaryCells()),
        content.changes(),
        List.of());
  }

  /** The last publication, v1: January's national tokens were 3000 then, 3100 now. */
  static Map<FigureKey, List<ReleaseBuilder.Prior>> v1() {
    return Map.of(
        new FigureKey(ReleaseTable.MONTHLY_SUMMARY, "2026-01", "national", "CN", "total_tokens"),
        List.of(new ReleaseBuilder.Prior("tokens-2026-03-v1", "3000", "F", "P")));
  }

  /** File name to SHA-256 of the release written from {@code data} under {@code config}. */
  static Map<String, String> written(ReleaseConfig config, ReleaseData data, Path dir)
      throws IOException {
    ReleaseBuilder.Content content =
        ReleaseBuilder.build(data, config, true, LocalDate.of(2026, 4, 20), v1());
    ReleaseFolder.write(dir, format1(config, content), content);
    Map<String, String> out = new TreeMap<>();
    for (String name : ReleaseFolder.fileNames(dir)) {
      out.put(name, ReleaseFolder.sha256(Files.readAllBytes(dir.resolve(name))));
    }
    return out;
  }

  private static final Map<String, String> CONFIG_FILES =
      Map.ofEntries(
          Map.entry(
              "README.txt", "2337aec9aa09eb62c303391a7466f7b73ef1f6c47dbaae935bdd4b111f75151b"),
          Map.entry(
              "bulletin.html", "fb14e8c30bd431bb7a6ea379650a71ba8349e4ff5ba737d358bfeca5f6932082"),
          Map.entry(
              "chart_growth_trajectory.png",
              "5d902cbc1bea41e725bac3e5f3c6a45872d7469524f889e460317ba8a9f009b1"),
          Map.entry(
              "chart_national_daily_tokens.png",
              "6a6f89ddfe82ab92f664b93763a051f44a5168a2e066c9d2871494da063584f3"),
          Map.entry(
              "hub_monthly.csv",
              "3697e661aeeaa1ab964b00a29d802d997c1f6eaeffb5db74d71c6420a3c849c9"),
          Map.entry(
              "hub_monthly.csv-metadata.json",
              "538279e98de8c5e5300dc8a4a5f6a567255381bc204f09ab973d8e8884c5eb6c"),
          Map.entry(
              "manifest.json", "05e542d05e840c38699459bef388bcb8a9d7e66e9d87a901d22a69116b45b65a"),
          Map.entry(
              "monthly_summary.csv",
              "d466793c8e2de2f22e13a2199acd6a7d168fea7a6c7583f9c180af24cd655617"),
          Map.entry(
              "monthly_summary.csv-metadata.json",
              "dfe2622ac88ed45c770f9f32d633733953ae57bf9af2b0bfd51822fafe76633c"),
          Map.entry(
              "national_daily.csv",
              "5794f5522f5410b6309f45b9bf95192402fdf935e2c3f494c0fe8d210a687354"),
          Map.entry(
              "national_daily.csv-metadata.json",
              "51b4d7f0da907b7244b15cd729c4b906bc976e03c0855d4f4ca12722d7dece15"),
          Map.entry(
              "region_monthly.csv",
              "56af82cbaa19e905b7766c3608a5c39a37a4c319078ac9ddad25c32a47a2e498"),
          Map.entry(
              "region_monthly.csv-metadata.json",
              "70601443a89f3b4d56320b6d9b8c585e89ab3f1a2a35c97475634c48442ff5e9"));

  private static final Map<String, String> NON_RESPONSE_FILES =
      Map.ofEntries(
          Map.entry(
              "README.txt", "152a73cdeb4978bdc8330aa4bdd66267c79022d2e05d5408db1fb1d9157cb458"),
          Map.entry(
              "bulletin.html", "45b020cfa12b7e2ae2324edd2f0556d973658e4fbd46202a99fb21e670be77c2"),
          Map.entry(
              "chart_growth_trajectory.png",
              "82df92ea061ffb7e3afd6c9d6c8c3a30ca6a7393ac9ee9192bbf5ad88dcd413b"),
          Map.entry(
              "chart_national_daily_tokens.png",
              "82f47e52914cc3e4ca2ec9e28986c58ab3144bb5b1b865fabe5d3fb336610400"),
          Map.entry(
              "hub_monthly.csv",
              "022b1b430ee6d227c92a5a72bc4d8e18c91f854c997ca7f54860eca35ef25cc3"),
          Map.entry(
              "hub_monthly.csv-metadata.json",
              "86b41e2cfc51ddaf3b15ad7d8a48cd5bff5c6e0062e6a65c4735189e7cea58eb"),
          Map.entry(
              "manifest.json", "78b9ffddd0684c3633a8619291d5a398b21082d37d2a54de65e8e4131d22efbe"),
          Map.entry(
              "monthly_summary.csv",
              "813cd4bf2cef49a3af988820e0badfb856cb4cea8307be964c16bd2f9deb5e65"),
          Map.entry(
              "monthly_summary.csv-metadata.json",
              "90e4c599eab05aed5f2e2b9a4458a444b42a6dfb161322834b1113bde980a303"),
          Map.entry(
              "national_daily.csv",
              "92972f540dbb4aa16cc882217b2bc7c69911fc0f5f4a6236ac79d0915cdad476"),
          Map.entry(
              "national_daily.csv-metadata.json",
              "83dde925ea24da2eb4bc80947163d1801a9c8aad817b7915ec8d111fb281315a"),
          Map.entry(
              "region_monthly.csv",
              "a0c0f5a0da63171f04997db65481fbf1ef722859ed2a838d6630d569fe3e619d"),
          Map.entry(
              "region_monthly.csv-metadata.json",
              "a13291ae8e88b5a6ad3016845f4c426520338c87f21e3b3193a9edeebf4d40d8"));

  private static final Map<String, String> VALUE_FILES =
      Map.ofEntries(
          Map.entry(
              "README.txt", "7497a2e29b52fbd58904e440e38ea2b7f580f236efbfdd12f31ccb6fa4744169"),
          Map.entry(
              "bulletin.html", "1ee77ca02595fb31904ae25d49c1df6a5f1d314b28875eec385f692764081073"),
          Map.entry(
              "chart_growth_trajectory.png",
              "5d902cbc1bea41e725bac3e5f3c6a45872d7469524f889e460317ba8a9f009b1"),
          Map.entry(
              "chart_national_daily_tokens.png",
              "6a6f89ddfe82ab92f664b93763a051f44a5168a2e066c9d2871494da063584f3"),
          Map.entry(
              "hub_monthly.csv",
              "f3b2ec921c09737c0e1e72f4f2aa029f5c1201f05e04607a95e0ba957905bfa6"),
          Map.entry(
              "hub_monthly.csv-metadata.json",
              "d958fd41cd7c3863da37af043fc5828caf1a304c46caf2013fc235b0e39b65a3"),
          Map.entry(
              "manifest.json", "57bdb7e7c1be967687717a39688e7e0bf929c90939973b9249478c797d9148e3"),
          Map.entry(
              "monthly_summary.csv",
              "cbc648ff6e995929e412137e0cf57bab2bb9134c83e7c7d04485fb57de4681ca"),
          Map.entry(
              "monthly_summary.csv-metadata.json",
              "8119309d08846835ffbac34146ffecc2de3ab8f6f52a762bf0d64995eee468ce"),
          Map.entry(
              "national_daily.csv",
              "5ff25743c0c75db2e45cd06482f997175ccc0e946c6af75df2c740a6c54bfc7d"),
          Map.entry(
              "national_daily.csv-metadata.json",
              "83dde925ea24da2eb4bc80947163d1801a9c8aad817b7915ec8d111fb281315a"),
          Map.entry(
              "region_monthly.csv",
              "222233fe2033b4636bc422730425417786714da59c35870be80c0667632ae917"),
          Map.entry(
              "region_monthly.csv-metadata.json",
              "85071cbd98c56394602f4756af914bbc283fd54eae8efe44ccb566796b0cdcaa"));

  @Test
  void formatOneReleasesAreWrittenAsTheyWerePublished(@TempDir Path dir) throws IOException {
    assertThat(written(ReleaseBuilderTest.CONFIG, ReleaseBuilderTest.data(), dir.resolve("a")))
        .as("before non-response estimation")
        .isEqualTo(CONFIG_FILES);
    assertThat(
            written(
                ReleaseBuilderTest.NON_RESPONSE,
                ReleaseBuilderTest.withNonResponse(29),
                dir.resolve("b")))
        .as("non-response estimation")
        .isEqualTo(NON_RESPONSE_FILES);
    assertThat(
            written(ReleaseBuilderTest.VALUE, ReleaseBuilderTest.withValue(500), dir.resolve("c")))
        .as("with the value multiple")
        .isEqualTo(VALUE_FILES);
  }
}
