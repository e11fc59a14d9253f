"""causal-density on a schedule: one analysis per logical date, written to <root>/<ds>.

Needs apache-airflow-providers-apache-spark and a Spark connection (``spark_default``: host spark://master:7077
or yarn) on workers that have spark-submit on their PATH. Settings come from Airflow Variables (defaults in
brackets): causal_density_jar [the repository's target/causal-density-*-spark.jar], causal_density_spark_defaults
[the repository's conf/spark-defaults.conf], causal_density_root (where each date's OUT goes, e.g.
hdfs:///results/causal-density), causal_density_inputs (JSON: {"--distances": "hdfs:///...", "--token-indices":
..., "--metric": ..., "--model": ...}). The logic lives in causal_density_tasks.py (no Airflow imports; tested with
python3 in the project's test suite).
"""

import glob
import json
import os
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import causal_density_tasks as tasks

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JARS = sorted(glob.glob(os.path.join(REPOSITORY, "target", "causal-density-*-spark.jar")))


class CausalDensitySubmit(SparkSubmitOperator):
    """SparkSubmitOperator that fails at once, without retries, when the job's exit code says a retry cannot help
    (a bad input or option: exit 2, 3, 4, 6); other failures are retried with back-off."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            process = getattr(getattr(self, "_hook", None), "_submit_sp", None)
            code = tasks.exit_code(getattr(process, "returncode", None), str(error))
            if not tasks.should_retry(code):
                raise AirflowFailException(tasks.failure_message(code)) from error
            raise


def push_answer(ti, out):
    """Checks _SUCCESS and pushes the answer to XCom (return_value, and one key per field)."""
    answer = tasks.read_answer(out)
    for key in ("verdict", "estimate", "interval"):
        ti.xcom_push(key=key, value=answer[key])
    return answer


ROOT = Variable.get("causal_density_root", default_var="/tmp/causal-density")

with DAG(
    dag_id="causal_density",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={
        "retries": 3,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(hours=1),
    },
    tags=["causal-density", "spark"],
) as dag:
    analyse = CausalDensitySubmit(
        task_id="analyse",
        conn_id="spark_default",
        **tasks.operator_kwargs(
            application=Variable.get("causal_density_jar", default_var=JARS[-1] if JARS else ""),
            inputs=json.loads(Variable.get("causal_density_inputs", default_var="{}")),
            root=ROOT,
            spark_defaults=Variable.get("causal_density_spark_defaults",
                                        default_var=os.path.join(REPOSITORY, "conf", "spark-defaults.conf")),
        ),
    )

    answer = PythonOperator(
        task_id="answer",
        python_callable=push_answer,
        op_kwargs={"out": ROOT.rstrip("/") + "/{{ ds }}"},
        retries=0,
    )

    analyse >> answer
