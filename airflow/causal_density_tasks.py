"""What the causal-density Airflow DAG runs, without importing Airflow.

The DAG (causal_density_dag.py) is thin: it hands ``operator_kwargs`` to the Spark provider's
``SparkSubmitOperator``, decides from ``should_retry`` whether a failed submission may be retried, and ends with
``read_answer``. Keeping this here lets the logic be tested with plain python3 (Airflow cannot be installed on the
project's machines): ``spark_submit_command`` rebuilds the command line the provider's ``SparkSubmitHook`` runs for
those arguments, and the tests run it against a real Spark standalone cluster.
"""

import json
import os
import re
import subprocess

JAVA_CLASS = "org.causaldensity.cli.Main"

# The job has no --resume yet (issue 11, section 3): the DAG passes it only when this switch is on. Turn it on
# (or set CAUSAL_DENSITY_RESUME=1 where the DAG is parsed) once `causal-density run --resume` exists; until then
# a run that was killed starts again from the beginning, and --overwrite keeps the rerun idempotent.
JOB_SUPPORTS_RESUME = os.environ.get("CAUSAL_DENSITY_RESUME", "0") == "1"

# Exit codes of `causal-density` (README, "Exit codes") that no retry can fix: a bad command line (2), an invalid
# (3) or inconsistent (4) input, an occupied OUT without --overwrite (6). Everything else may pass on a second try:
# 1 (internal error, Spark failures: lost executors beyond spark.task.maxFailures, a dead master), 5 (I/O: a
# DataNode or object store that was briefly unreachable), a signal (negative in Python, 128 + N from a shell) and
# codes Spark's own launcher uses for its failures.
FAIL_AT_ONCE = {2: "usage", 3: "invalid input file", 4: "inconsistent inputs", 6: "output exists"}

# The spark-submit template field Airflow renders with the run's logical date.
OUT_TEMPLATE = "{root}/{{{{ ds }}}}"


def read_spark_defaults(path):
    """conf/spark-defaults.conf as a dict: ``key value`` lines, ``#`` comments and blank lines skipped."""
    conf = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            conf[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return conf


def application_args(inputs, root, resume=None):
    """The arguments of ``causal-density run``: the inputs (option -> path), OUT = <root>/{{ ds }} (rendered by
    Airflow), --overwrite so that a rerun of a date replaces its result with an identical one, and --resume when
    the job supports it (JOB_SUPPORTS_RESUME)."""
    args = ["run"]
    for option, path in inputs.items():
        args += [option, path]
    args += ["--out", OUT_TEMPLATE.format(root=root.rstrip("/")), "--overwrite"]
    if JOB_SUPPORTS_RESUME if resume is None else resume:
        args.append("--resume")
    return args


def operator_kwargs(application, inputs, root, spark_defaults, name="causal-density", resume=None):
    """The keyword arguments of SparkSubmitOperator for one analysis: the jar, the main class, the settings of
    conf/spark-defaults.conf, client deploy mode (so that the driver's exit code reaches Airflow; in standalone
    cluster mode spark-submit exits 0 even when the driver failed) and the templated arguments."""
    return {
        "application": application,
        "java_class": JAVA_CLASS,
        "conf": read_spark_defaults(spark_defaults),
        "deploy_mode": "client",
        "name": name,
        "application_args": application_args(inputs, root, resume),
    }


def render(value, ds):
    """What Airflow's Jinja rendering of a templated field gives for the logical date ``ds`` (YYYY-MM-DD); only
    ``{{ ds }}`` is used by these arguments."""
    if isinstance(value, str):
        return re.sub(r"\{\{\s*ds\s*\}\}", ds, value)
    if isinstance(value, list):
        return [render(v, ds) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds) for k, v in value.items()}
    return value


def spark_submit_command(kwargs, master, spark_binary="spark-submit"):
    """The command line SparkSubmitHook builds from these operator arguments for a Spark connection whose master is
    ``master``: binary, --master, one --conf per setting, --name, --class, --deploy-mode, the application, its
    arguments (the hook's order for the arguments used here)."""
    command = [spark_binary, "--master", master]
    for key, value in kwargs.get("conf", {}).items():
        command += ["--conf", "{}={}".format(key, value)]
    for option, key in (("--num-executors", "num_executors"),
                        ("--total-executor-cores", "total_executor_cores"),
                        ("--executor-cores", "executor_cores"),
                        ("--executor-memory", "executor_memory"),
                        ("--driver-memory", "driver_memory")):
        if kwargs.get(key):
            command += [option, str(kwargs[key])]
    if kwargs.get("name"):
        command += ["--name", kwargs["name"]]
    if kwargs.get("java_class"):
        command += ["--class", kwargs["java_class"]]
    if kwargs.get("deploy_mode"):
        command += ["--deploy-mode", kwargs["deploy_mode"]]
    command.append(kwargs["application"])
    command += kwargs.get("application_args") or []
    return command


def exit_code(returncode=None, message=""):
    """The job's exit code: the submit process's return code when known, else parsed from the hook's error
    ("Cannot execute: ... Error code is: 4."). None when neither tells."""
    if returncode is not None:
        return returncode
    found = re.search(r"Error code is: (-?\d+)", message or "")
    return int(found.group(1)) if found else None


def should_retry(code):
    """Whether a submission that ended with ``code`` may pass on a retry (see FAIL_AT_ONCE)."""
    return code not in FAIL_AT_ONCE


def failure_message(code):
    """The one line the DAG fails with when a retry cannot help."""
    return "causal-density exited {} ({}): fix the input or the options; not retried".format(
        code, FAIL_AT_ONCE.get(code, "unknown"))


def _read(path):
    """A small file of the result: from the local file system, or through `hdfs dfs -cat` for any other Hadoop
    scheme (hdfs://, s3a://; the Hadoop client must be on the Airflow worker's PATH). None when it is absent."""
    local = path[len("file:"):] if path.startswith("file:") else path
    if "://" not in local:
        if not os.path.exists(local):
            return None
        with open(local, "rb") as f:
            return f.read()
    done = subprocess.run(["hdfs", "dfs", "-cat", path], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def read_answer(out):
    """The answer of a complete result at ``out``: {verdict, estimate, interval, out}. Raises ValueError when
    ``out`` has no _SUCCESS (an incomplete or missing result must fail the task) or its summary has no answer."""
    out = out.rstrip("/")
    if _read(out + "/_SUCCESS") is None:
        raise ValueError("{}: no _SUCCESS, the result is missing or incomplete".format(out))
    summary = _read(out + "/summary.json")
    if summary is None:
        raise ValueError("{}: _SUCCESS but no summary.json".format(out))
    answer = json.loads(summary.decode("utf-8")).get("answer")
    if not answer or "verdict" not in answer:
        raise ValueError("{}/summary.json: no answer block".format(out))
    return {"verdict": answer["verdict"], "estimate": answer["estimate"], "interval": answer["ci95"],
            "out": out}
