package org.tokenstats.common.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tokenstats.common.testing.SparkExtension;

/** Which statements `bin/tokenstats sql` runs: parsed, never executed here. */
@ExtendWith(SparkExtension.class)
class ReadOnlyStatementTest {

  @Test
  void queriesAndDescriptionsPass(SparkSession spark) {
    for (String s :
        List.of(
            "SELECT * FROM gold.token_daily WHERE report_date = DATE'2026-03-14'",
            "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
            "SELECT count(*) FROM ops.job_runs VERSION AS OF 0",
            "SELECT * FROM gold.token_daily WHERE provider_id IN (SELECT provider_id FROM"
                + " bronze.providers)",
            "DESCRIBE HISTORY gold.token_daily",
            "DESCRIBE DETAIL gold.token_daily",
            "DESCRIBE gold.energy_daily",
            "SHOW TABLES IN gold",
            "EXPLAIN SELECT 1",
            "SELECT 1 AS one, 'a,b' AS two")) {
      assertThat(ReadOnlyStatement.refusal(spark, s)).as(s).isNull();
    }
  }

  @Test
  void everyWayToWriteIsRefused(SparkSession spark) {
    for (String s :
        List.of(
            "DELETE FROM gold.token_daily WHERE region_code = 'CN-BJ'",
            "UPDATE gold.token_daily SET total_tokens = 0",
            "INSERT INTO gold.token_daily SELECT * FROM gold.token_daily",
            "INSERT OVERWRITE gold.token_daily SELECT * FROM gold.token_daily",
            "INSERT OVERWRITE DIRECTORY '/tmp/x' USING parquet SELECT 1",
            "MERGE INTO gold.token_daily t USING gold.token_daily s ON t.model_id = s.model_id"
                + " WHEN MATCHED THEN DELETE",
            "CREATE TABLE gold.copy AS SELECT * FROM gold.token_daily",
            "DROP TABLE gold.token_daily",
            "ALTER TABLE gold.token_daily SET TBLPROPERTIES ('a' = 'b')",
            "TRUNCATE TABLE gold.token_daily",
            "OPTIMIZE gold.token_daily",
            "VACUUM gold.token_daily RETAIN 0 HOURS",
            "RESTORE TABLE gold.token_daily TO VERSION AS OF 0",
            "CACHE TABLE gold.token_daily",
            "SET spark.sql.ansi.enabled = false",
            "ADD JAR /tmp/evil.jar",
            "CREATE TEMPORARY FUNCTION f AS 'x.Y'",
            "SELECT reflect('java.lang.System', 'exit', 0)",
            "SELECT * FROM gold.token_daily WHERE model_id IN (SELECT java_method('a.B', 'c'))")) {
      assertThat(ReadOnlyStatement.refusal(spark, s)).as(s).isNotNull();
    }
  }
}
