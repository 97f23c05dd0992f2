"""Airflow DAG: tokenstats nightly on a Spark cluster, one run at a time.

Needs apache-airflow-providers-apache-spark and a Spark connection `spark_tokenstats`
pointing at the cluster (spark://..., yarn or k8s://...). The application jar is the one
`./mvnw package` builds (jobs/target/tokenstats-jobs-<version>-app.jar); Spark and Delta come
from the cluster or from `packages`. The JVM flags are those of jobs/target/launcher/jvm.flags.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/tokenstats/tokenstats-jobs-0.1.0-SNAPSHOT-app.jar"
FLAGS = open("/opt/tokenstats/jvm.flags").read().strip()
SITE = [
    "--set", "tokenstats.paths.landing=s3a://stats-landing/",
    "--set", "tokenstats.paths.warehouse=s3a://stats-warehouse/warehouse",
    "--set", "tokenstats.paths.releases=s3a://stats-warehouse/releases",
]
CONF = {
    "spark.driver.extraJavaOptions": FLAGS,
    "spark.executor.extraJavaOptions": FLAGS,
    # Delta on S3: one writer at a time per table (see docs/operations.md, "Object storage").
    "spark.delta.logStore.s3a.impl": "io.delta.storage.S3SingleDriverLogStore",
}

with DAG(
    dag_id="tokenstats_nightly",
    start_date=datetime(2026, 1, 1),
    schedule="30 18 * * *",  # 02:30 Asia/Shanghai
    catchup=False,
    max_active_runs=1,  # never two nightly runs at once
    default_args={"retries": 2, "retry_delay": timedelta(minutes=20)},
) as dag:
    nightly = SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_tokenstats",
        application=JAR,
        java_class="org.tokenstats.jobs.cli.Main",
        packages="io.delta:delta-spark_2.13:4.4.0,org.apache.hadoop:hadoop-aws:3.4.1",
        conf=CONF,
        # {{ ds }} is the logical date: the reporting day the run is for.
        application_args=SITE + ["nightly", "--date", "{{ ds }}"],
    )
