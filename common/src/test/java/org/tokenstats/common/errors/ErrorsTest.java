package org.tokenstats.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What an operator reads when the engine fails under a job. */
class ErrorsTest {

  @Test
  void aFullDiskIsNamedHoweverDeepSparkWrapsIt() {
    // The shape of a Spark write failure on a full disk: job, task, writer, the file system.
    Exception failure =
        new RuntimeException(
            "Job aborted due to stage failure: Task 0 in stage 57.0 failed 1 times\nmore text",
            new RuntimeException(
                "[TASK_WRITE_FAILED] Task failed while writing rows to file:/w/gold/token_daily.",
                new IOException("No space left on device")));
    assertThat(Errors.explain(failure))
        .startsWith("Job aborted due to stage failure: Task 0 in stage 57.0 failed 1 times --")
        .contains("no space left on device")
        .contains("free space on the disk of the warehouse")
        .doesNotContain("more text");
    assertThat(Errors.whileDoing("writing gold.token_daily", failure).getMessage())
        .contains("no space left on device");
  }

  @Test
  void otherwiseTheDeepestCauseIsNamed() {
    Exception failure =
        new RuntimeException(
            "[TASK_WRITE_FAILED] Task failed", new IOException("Permission denied"));
    assertThat(Errors.explain(failure))
        .isEqualTo("[TASK_WRITE_FAILED] Task failed (caused by IOException: Permission denied)");
    assertThat(Errors.explain(new IllegalStateException("plain"))).isEqualTo("plain");
    assertThat(Errors.explain(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
