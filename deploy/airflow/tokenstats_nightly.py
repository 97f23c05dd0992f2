"""Airflow DAG: tokenstats nightly on a Spark cluster, one run at a time.

Needs apache-airflow-providers-apache-spark and a Spark connection `spark_tokenstats`
pointing at the cluster (spark://..., yarn or k8s://...) whose Spark is 4.2.0 for Scala 2.13.
The application jar is the one `./mvnw package` builds (jobs/target/tokenstats-jobs-<version>-app.jar);
Delta and the S3A connector come from `packages`. hadoop-aws must be exactly the Hadoop version of
that Spark (Spark 4.2.0 ships Hadoop 3.5.0; `bin/tokenstats version` prints the build's), and it
brings the AWS SDK v2 bundle it was built with. The versions below are checked against the
build's own by DeployExamplesTest.

Nothing is read at parse time: the scheduler parses this file every few seconds.
"""

import pendulum
from datetime import timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/tokenstats/tokenstats-jobs-0.1.0-SNAPSHOT-app.jar"
SITE = [
    "--set", "tokenstats.paths.landing=s3a://stats-landing/",
    "--set", "tokenstats.paths.warehouse=s3a://stats-warehouse/warehouse",
    "--set", "tokenstats.paths.releases=/srv/tokenstats/releases",
]
# spark-submit adds the --add-opens flags Java 17 needs to the driver and the executors itself;
# this one is ours: the JIT compiles the large generated encoders of ingest (docs/BENCHMARKS.md).
JIT = "-XX:-DontCompileHugeMethods"
CONF = {
    "spark.driver.extraJavaOptions": JIT,
    "spark.executor.extraJavaOptions": JIT,
    # Delta on S3: one writer at a time per table (see docs/operations.md, "Object storage").
    "spark.delta.logStore.s3a.impl": "io.delta.storage.S3SingleDriverLogStore",
    # AWS SDK v2 (Hadoop 3.4 and later): credentials from the pod's or host's IAM role.
    "spark.hadoop.fs.s3a.aws.credentials.provider":
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
}

with DAG(
    dag_id="tokenstats_nightly",
    # The schedule is read in the start date's zone: 02:30 in the reporting zone, every day.
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,  # never two nightly runs at once
    default_args={"retries": 2, "retry_delay": timedelta(minutes=20)},
) as dag:
    nightly = SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_tokenstats",
        application=JAR,
        java_class="org.tokenstats.jobs.cli.Main",
        packages="io.delta:delta-spark_2.13:4.4.0,org.apache.hadoop:hadoop-aws:3.5.0",
        conf=CONF,
        # {{ ds }} is the start of the data interval: the reporting day the run is for.
        application_args=SITE + ["nightly", "--date", "{{ ds }}"],
    )
