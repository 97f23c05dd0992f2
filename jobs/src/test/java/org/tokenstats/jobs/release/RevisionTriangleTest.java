package org.tokenstats.jobs.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * revisions.csv lists every figure whose value or confidentiality differs between any two of its
 * publications, each publication a row from the first to this release, with one flag a value.
 */
class RevisionTriangleTest {

  static FigureKey summary(String period, String level, String code, String measure) {
    return new FigureKey(ReleaseTable.MONTHLY_SUMMARY, period, level, code, measure);
  }

  @Test
  void everyRevisedFigureWithEachOfItsPublicationsAndQWhereSuppressed() {
    Map<FigureKey, List<ReleaseBuilder.Prior>> history =
        Map.of(
            // Revised in v2 and back to its first value now: still a revised figure.
            summary("2026-01", "national", "CN", "total_tokens"),
            List.of(
                new ReleaseBuilder.Prior("tokens-2026-02-v1", "3100", "F", "A"),
                new ReleaseBuilder.Prior("tokens-2026-03-v1", "3000", "F", "A")),
            // Never revised (suppressed then and now: two providers dominate it): not listed.
            summary("2026-02", "national", "CN", "total_tokens"),
            List.of(new ReleaseBuilder.Prior("tokens-2026-03-v1", "", "C", "P")),
            // Published in v1, confidential now (JJJ has two providers).
            new FigureKey(ReleaseTable.HUB_MONTHLY, "2026-03", "hub", "JJJ", "total_tokens"),
            List.of(new ReleaseBuilder.Prior("tokens-2026-03-v1", "180", "F", "P")));
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(
            ReleaseBuilderTest.data(),
            ReleaseBuilderTest.CONFIG,
            true,
            LocalDate.of(2026, 4, 20),
            history);

    assertThat(c.revisions()).hasSize(2);
    String csv =
        new String(
            RevisionTriangle.csv(c.revisions(), "tokens-2026-03-v2"), StandardCharsets.UTF_8);
    assertThat(csv)
        .isEqualTo(
            "table,period,geo_level,geo_code,measure,unit,vintage,release_id,value,obs_status\r\n"
                + "monthly_summary,2026-01,national,CN,total_tokens,tokens,1,tokens-2026-02-v1,"
                + "3100,A\r\n"
                + "monthly_summary,2026-01,national,CN,total_tokens,tokens,2,tokens-2026-03-v1,"
                + "3000,A\r\n"
                + "monthly_summary,2026-01,national,CN,total_tokens,tokens,3,tokens-2026-03-v2,"
                + "3100,A\r\n"
                + "hub_monthly,2026-03,hub,JJJ,total_tokens,tokens,1,tokens-2026-03-v1,180,P\r\n"
                + "hub_monthly,2026-03,hub,JJJ,total_tokens,tokens,2,tokens-2026-03-v2,,Q\r\n");
  }

  @Test
  void aFirstPublicationHasNoRevisions() {
    ReleaseBuilder.Content c =
        ReleaseBuilder.build(
            ReleaseBuilderTest.data(),
            ReleaseBuilderTest.CONFIG,
            true,
            LocalDate.of(2026, 4, 5),
            Map.of());
    assertThat(c.revisions()).isEmpty();
    assertThat(new String(RevisionTriangle.csv(c.revisions(), "x"), StandardCharsets.UTF_8))
        .isEqualTo(
            "table,period,geo_level,geo_code,measure,unit,vintage,release_id,value,obs_status\r\n");
  }

  @Test
  void oneFlagAValue() {
    assertThat(RevisionTriangle.flag("P", "F")).isEqualTo("P");
    assertThat(RevisionTriangle.flag("E", "C")).isEqualTo("Q");
    assertThat(RevisionTriangle.flag("A", "D")).isEqualTo("Q");
    assertThat(RevisionTriangle.flag("O", "F")).isEqualTo("O");
  }
}
