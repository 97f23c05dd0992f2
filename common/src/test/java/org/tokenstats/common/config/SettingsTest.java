package org.tokenstats.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenstats.common.errors.TokenstatsException;

class SettingsTest {

  private static Settings.Sources clean() {
    return new Settings.Sources().environment(Map.of()).systemProperties(new Properties());
  }

  @Test
  void defaultsAreTheSpecsPublicDefaults() {
    Settings s = Settings.load(clean());
    assertThat(s.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(s.get(SettingKeys.GROWTH_BASELINE)).isEqualTo(YearMonth.of(2024, 1));
    assertThat(s.warehouse()).isEqualTo(Path.of("warehouse").toAbsolutePath().toString());
    assertThat(s.releases()).isEqualTo(Path.of("releases").toAbsolutePath().toString());
    assertThat(s.landing()).isEqualTo(Path.of("data-samples").toAbsolutePath().toString());
  }

  @Test
  void landingDefaultFollowsTheInstallationRootTheLauncherSets() {
    Properties props = new Properties();
    props.setProperty("tokenstats.home", "/opt/tokenstats");
    Settings s = Settings.load(clean().systemProperties(props));
    assertThat(s.landing()).isEqualTo("/opt/tokenstats/data-samples");
  }

  @Test
  void laterLayersWinInTheDocumentedOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.conf");
    Files.writeString(
        file,
        "tokenstats.paths.warehouse = /from/file\n"
            + "tokenstats.paths.releases = /from/file/releases\n"
            + "tokenstats.growth.baseline = \"2024-06\"\n");
    Settings s =
        Settings.load(
            clean()
                .configFile(file)
                .set("tokenstats.paths.releases=/from/set")
                .environment(Map.of("TOKENSTATS_WAREHOUSE", "/from/env")));
    assertThat(s.warehouse()).as("env beats file").isEqualTo("/from/env");
    assertThat(s.releases()).as("--set beats file").isEqualTo("/from/set");
    assertThat(s.get(SettingKeys.GROWTH_BASELINE)).isEqualTo(YearMonth.of(2024, 6));
  }

  @Test
  void renderedSettingsLoadBackToTheSameValuesWithTheOverrides(@TempDir Path dir) throws Exception {
    Settings original =
        Settings.load(
            clean()
                .set("tokenstats.release.disclosure.dominance-k", "0.9")
                .set("tokenstats.prices.market-order", "tariff,day_ahead")
                .set("tokenstats.spark.conf.\"spark.driver.memory\"", "2g"));
    Path file = dir.resolve("kernel.conf");
    Files.writeString(file, original.render(Map.of("tokenstats.paths.warehouse", "/abs/w")));
    Settings loaded = Settings.load(clean().configFile(file));
    Map<String, String> expected = new java.util.LinkedHashMap<>(original.describe());
    expected.put("tokenstats.paths.warehouse", "/abs/w");
    assertThat(loaded.describe()).isEqualTo(expected);
  }

  @Test
  void storageUrisAreKeptAsTheyAreNotReadAsComments() {
    Settings s = Settings.load(clean().set("tokenstats.paths.warehouse", "s3a://stats/warehouse"));
    assertThat(s.warehouse()).isEqualTo("s3a://stats/warehouse");
  }

  @Test
  void unknownKeyIsAUsageErrorThatSuggestsTheNearestKey() {
    assertThatThrownBy(() -> Settings.load(clean().set("tokenstats.paths.warehose", "/x")))
        .isInstanceOf(TokenstatsException.class)
        .hasMessageContaining("tokenstats.paths.warehose")
        .hasMessageContaining("--set")
        .hasMessageContaining("Did you mean `tokenstats.paths.warehouse`")
        .satisfies(e -> assertThat(((TokenstatsException) e).exitStatus()).isEqualTo(2));
  }

  @Test
  void unknownKeyInAConfigFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "tokenstats.reporting.timezone = UTC\n");
    assertThatThrownBy(() -> Settings.load(clean().configFile(file)))
        .hasMessageContaining("tokenstats.reporting.timezone")
        .hasMessageContaining(file.toString());
  }

  @Test
  void wrongTypeNamesTheKeyTheValueAndTheExpectedType() {
    assertThatThrownBy(
            () -> Settings.load(clean().set("tokenstats.spark.shuffle-partitions", "many")))
        .hasMessageContaining("tokenstats.spark.shuffle-partitions")
        .hasMessageContaining("many")
        .hasMessageContaining("a positive integer");
    assertThatThrownBy(() -> Settings.load(clean().set("tokenstats.growth.baseline", "2024-13")))
        .hasMessageContaining("YYYY-MM");
    assertThatThrownBy(
            () -> Settings.load(clean().set("tokenstats.reporting.time-zone", "Mars/Olympus")))
        .hasMessageContaining("time-zone");
  }

  @Test
  void anEmptyPathIsAConfigurationErrorNotTheWorkingDirectory() {
    for (String key :
        List.of(
            "tokenstats.paths.warehouse",
            "tokenstats.paths.landing",
            "tokenstats.paths.releases")) {
      for (String empty : List.of("", "  ")) {
        assertThatThrownBy(() -> Settings.load(clean().set(key + "=" + empty)))
            .as(key)
            .isInstanceOf(TokenstatsException.class)
            .hasMessageContaining("Setting `" + key + "` has a bad value")
            .hasMessageContaining("it is empty")
            .satisfies(e -> assertThat(((TokenstatsException) e).exitStatus()).isEqualTo(2));
      }
    }
  }

  @Test
  void ingestBoundsAreSizes() {
    Settings s =
        Settings.load(
            clean()
                .set("tokenstats.ingest.max-line-bytes=64 KiB")
                .set("tokenstats.ingest.max-file-bytes=2G"));
    assertThat(s.get(SettingKeys.INGEST_MAX_LINE_BYTES)).isEqualTo(65_536L);
    assertThat(s.get(SettingKeys.INGEST_MAX_FILE_BYTES)).isEqualTo(2L << 30);
    assertThat(Settings.defaultsWith(Map.of()).get(SettingKeys.INGEST_MAX_LINE_BYTES))
        .isEqualTo(1L << 20);
    assertThatThrownBy(() -> Settings.load(clean().set("tokenstats.ingest.max-line-bytes=lots")))
        .hasMessageContaining("tokenstats.ingest.max-line-bytes");
    assertThatThrownBy(() -> Settings.load(clean().set("tokenstats.ingest.max-file-bytes=0")))
        .hasMessageContaining("it must be positive");
  }

  @Test
  void sparkPassThroughAcceptsAnySparkKey() {
    Settings s =
        Settings.load(clean().set("tokenstats.spark.conf={ \"spark.driver.memory\" = \"4g\" }"));
    assertThat(s.get(SettingKeys.SPARK_CONF)).containsEntry("spark.driver.memory", "4g");
  }

  @Test
  void malformedAssignmentAndMissingFileAreUsageErrors() {
    assertThatThrownBy(() -> Settings.load(clean().set("no-equals-sign")))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> Settings.load(clean().configFile(Path.of("/no/such.conf"))))
        .hasMessageContaining("/no/such.conf");
  }

  @Test
  void missingLandingFolderIsReportedWithTheKey(@TempDir Path dir) {
    Settings s =
        Settings.load(clean().set("tokenstats.paths.landing", dir.resolve("nope").toString()));
    assertThatThrownBy(s::requireLandingExists)
        .hasMessageContaining("tokenstats.paths.landing")
        .hasMessageContaining("does not exist");
  }
}
