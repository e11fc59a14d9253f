"""Tests of causal_density_tasks (the DAG's logic) and of the DAG file, with plain python3.

The two tests marked "cluster" run the spark-submit command line the Spark provider's hook would build against a
real Spark standalone cluster; StandaloneClusterIT (mvn verify) starts it and sets CAUSAL_DENSITY_TEST_*. Without
those variables they are skipped, the others run anywhere: python3 -m unittest discover -s airflow/tests -t airflow
"""

import json
import os
import py_compile
import subprocess
import tempfile
import unittest

import causal_density_tasks as tasks

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPARK_DEFAULTS = os.path.join(REPOSITORY, "conf", "spark-defaults.conf")
INPUTS = {"--distances": "hdfs:///data/d.npy", "--token-indices": "hdfs:///data/t.pt",
          "--metric": "hdfs:///data/m.pt", "--model": "hdfs:///models/qwen"}
CLUSTER = os.environ.get("CAUSAL_DENSITY_TEST_MASTER")
RUN_TIMEOUT_SECONDS = 300


class OperatorArguments(unittest.TestCase):
    def test_arguments_for_a_date_write_their_own_out_with_overwrite(self):
        kwargs = tasks.render(tasks.operator_kwargs("/opt/cd.jar", INPUTS, "hdfs:///results/cd/", SPARK_DEFAULTS,
                                                    resume=False), "2026-12-07")
        self.assertEqual(kwargs["application"], "/opt/cd.jar")
        self.assertEqual(kwargs["java_class"], "org.causaldensity.cli.Main")
        self.assertEqual(kwargs["deploy_mode"], "client")
        self.assertEqual(kwargs["application_args"], [
            "run", "--distances", "hdfs:///data/d.npy", "--token-indices", "hdfs:///data/t.pt",
            "--metric", "hdfs:///data/m.pt", "--model", "hdfs:///models/qwen",
            "--out", "hdfs:///results/cd/2026-12-07", "--overwrite"])

    def test_resume_is_passed_only_behind_its_switch(self):
        self.assertFalse(tasks.JOB_SUPPORTS_RESUME, "the job has no --resume yet")
        self.assertNotIn("--resume", tasks.application_args(INPUTS, "/r"))
        self.assertEqual(tasks.application_args(INPUTS, "/r", resume=True)[-1], "--resume")

    def test_conf_is_the_spark_defaults_file(self):
        conf = tasks.read_spark_defaults(SPARK_DEFAULTS)
        with open(os.path.join(REPOSITORY, "conf", "jvm-module-options"), encoding="utf-8") as f:
            module_options = " ".join(f.read().split())
        self.assertEqual(conf["spark.executor.extraJavaOptions"], module_options)
        self.assertEqual(conf["spark.driver.extraJavaOptions"], module_options)
        self.assertEqual(conf["spark.task.maxFailures"], "4")
        with open(SPARK_DEFAULTS, encoding="utf-8") as f:
            settings = [l for l in f if l.strip() and not l.lstrip().startswith("#")]
        self.assertEqual(len(conf), len(settings))

    def test_command_line_is_the_hooks(self):
        kwargs = {"application": "/opt/cd.jar", "java_class": "org.causaldensity.cli.Main", "deploy_mode": "client",
                  "name": "causal-density", "conf": {"a.b": "1", "c": "x y"}, "executor_memory": "2g",
                  "total_executor_cores": 8, "application_args": ["run", "--out", "/r/2026-12-07"]}
        self.assertEqual(tasks.spark_submit_command(kwargs, "spark://m:7077"), [
            "spark-submit", "--master", "spark://m:7077", "--conf", "a.b=1", "--conf", "c=x y",
            "--total-executor-cores", "8", "--executor-memory", "2g", "--name", "causal-density",
            "--class", "org.causaldensity.cli.Main", "--deploy-mode", "client", "/opt/cd.jar",
            "run", "--out", "/r/2026-12-07"])

    def test_render_replaces_every_ds(self):
        self.assertEqual(tasks.render({"x": ["{{ds}}/{{ ds }}", 3]}, "2026-01-02"), {"x": ["2026-01-02/2026-01-02", 3]})


class Retries(unittest.TestCase):
    def test_exit_codes_that_a_retry_cannot_fix_fail_at_once(self):
        self.assertEqual({c for c in range(-64, 256) if not tasks.should_retry(c)}, {2, 3, 4, 6})
        for code in (1, 5, -9, -15, 137, 143, 50, 101):
            self.assertTrue(tasks.should_retry(code), code)

    def test_exit_code_from_the_process_or_the_hooks_message(self):
        self.assertEqual(tasks.exit_code(4, "Error code is: 1."), 4)
        self.assertEqual(tasks.exit_code(None, "Cannot execute: spark-submit --master x. Error code is: 6."), 6)
        self.assertEqual(tasks.exit_code(None, "Cannot execute: ... Error code is: -9."), -9)
        self.assertIsNone(tasks.exit_code(None, "something else"))
        self.assertTrue(tasks.should_retry(None))
        self.assertIn("exited 3 (invalid input file)", tasks.failure_message(3))


class Answer(unittest.TestCase):
    def test_answer_needs_success(self):
        with tempfile.TemporaryDirectory() as out:
            summary = {"answer": {"verdict": "denser", "estimate": 2.5, "ci95": [1.7, 3.1], "tokens": 9}}
            with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
                json.dump(summary, f)
            with self.assertRaisesRegex(ValueError, "no _SUCCESS"):
                tasks.read_answer(out)
            open(os.path.join(out, "_SUCCESS"), "w").close()
            self.assertEqual(tasks.read_answer("file:" + out + "/"),
                             {"verdict": "denser", "estimate": 2.5, "interval": [1.7, 3.1], "out": "file:" + out})

    def test_missing_out_fails(self):
        with self.assertRaisesRegex(ValueError, "no _SUCCESS"):
            tasks.read_answer("/nonexistent/causal-density/2026-12-07")


class DagFile(unittest.TestCase):
    def test_dag_file_byte_compiles(self):
        for name in ("causal_density_dag.py", "causal_density_tasks.py"):
            with tempfile.TemporaryDirectory() as tmp:
                py_compile.compile(os.path.join(REPOSITORY, "airflow", name), cfile=os.path.join(tmp, "c.pyc"),
                                   doraise=True)


@unittest.skipUnless(CLUSTER, "needs CAUSAL_DENSITY_TEST_MASTER (StandaloneClusterIT sets it)")
class OnTheCluster(unittest.TestCase):
    """The hook's command line for a date, run with submit/spark-submit (Spark's own launcher) on the cluster."""

    def command(self, inputs, ds):
        kwargs = tasks.operator_kwargs(os.environ["CAUSAL_DENSITY_TEST_APP_JAR"], inputs,
                                       os.environ["CAUSAL_DENSITY_TEST_ROOT"], SPARK_DEFAULTS)
        # The cluster of the test: 127.0.0.1, small executors, two cores in all (what a Spark connection's extras
        # and the operator's resource arguments carry in production).
        kwargs["conf"].update({"spark.driver.host": "127.0.0.1", "spark.ui.enabled": "false"})
        kwargs.update({"total_executor_cores": 2, "executor_memory": "768m", "driver_memory": "768m"})
        return tasks.spark_submit_command(tasks.render(kwargs, ds), CLUSTER)

    def submit(self, command, log):
        env = dict(os.environ)
        env["PATH"] = os.path.join(REPOSITORY, "submit") + os.pathsep + env["PATH"]
        with open(log, "wb") as out:
            return subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                  timeout=RUN_TIMEOUT_SECONDS, check=False).returncode

    @staticmethod
    def inputs():
        pairs = [line.split("=", 1) for line in os.environ["CAUSAL_DENSITY_TEST_INPUTS"].splitlines()]
        return {option: path for option, path in pairs}

    def test_dag_runs_on_the_cluster_for_a_date(self):
        ds = "2026-12-07"
        log = os.path.join(os.environ["CAUSAL_DENSITY_TEST_ROOT"] + "-" + ds + ".log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        code = self.submit(self.command(self.inputs(), ds), log)
        with open(log, encoding="utf-8", errors="replace") as f:
            printed = f.read()
        self.assertEqual(code, 0, printed[-4000:])
        answer = tasks.read_answer(os.path.join(os.environ["CAUSAL_DENSITY_TEST_ROOT"], ds))
        with open(os.environ["CAUSAL_DENSITY_TEST_REFERENCE"], encoding="utf-8") as f:
            expected = json.load(f)["answer"]
        self.assertEqual((answer["verdict"], answer["estimate"], answer["interval"]),
                         (expected["verdict"], expected["estimate"], expected["ci95"]))

    def test_bad_input_fails_at_once_with_its_exit_code(self):
        ds = "2026-12-08"
        inputs = self.inputs()
        # The small end-to-end fixture's ids: 260 entries for a matrix of another size, inconsistent inputs (4).
        inputs["--token-indices"] = os.path.join(REPOSITORY, "src/test/resources/fixtures/e2e/inputs/token_indices.pt")
        log = os.path.join(os.environ["CAUSAL_DENSITY_TEST_ROOT"] + "-" + ds + ".log")
        code = self.submit(self.command(inputs, ds), log)
        with open(log, encoding="utf-8", errors="replace") as f:
            printed = f.read()
        self.assertEqual(code, 4, printed[-4000:])
        self.assertFalse(tasks.should_retry(code))
        self.assertIn("causal-density: error: ", printed)
        self.assertFalse(os.path.exists(os.path.join(os.environ["CAUSAL_DENSITY_TEST_ROOT"], ds)))


if __name__ == "__main__":
    unittest.main()
