#!/usr/bin/env bash
# Submits a causal-density command to a Spark cluster:
#   SPARK_MASTER=spark://host:7077 submit/submit.sh run --distances hdfs:///d/X.npy ... --out hdfs:///out/run1
# Environment:
#   SPARK_MASTER       cluster master URL (required): spark://..., yarn, k8s://...
#   DEPLOY_MODE        client (default) or cluster
#   SPARK_HOME         a Spark 4.2 (Scala 2.13) installation; default: the jars Maven copied to target/spark-home
#   EXECUTOR_MEMORY, EXECUTOR_CORES, NUM_EXECUTORS, DRIVER_MEMORY   override conf/spark-defaults.conf
#   SUBMIT_ARGS        more spark-submit options, split on spaces, e.g. "--total-executor-cores 8 --conf k=v"
# Exit codes reach the caller only in client deploy mode: in standalone cluster mode spark-submit exits 0 even when
# the driver failed (README, "On a cluster"); check OUT/_SUCCESS there.
# Input and output paths go through the Hadoop FileSystem API: file://, hdfs:// and s3a:// all work, but every
# executor must be able to reach them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${SPARK_MASTER:?set SPARK_MASTER to the cluster master URL, e.g. spark://host:7077}"
build_if_missing
SPARK_HOME="${SPARK_HOME:-$LOCAL_SPARK_HOME}"
extra=()
[ -n "${EXECUTOR_MEMORY:-}" ] && extra+=(--executor-memory "$EXECUTOR_MEMORY")
[ -n "${EXECUTOR_CORES:-}" ] && extra+=(--executor-cores "$EXECUTOR_CORES")
[ -n "${NUM_EXECUTORS:-}" ] && extra+=(--num-executors "$NUM_EXECUTORS")
[ -n "${DRIVER_MEMORY:-}" ] && extra+=(--driver-memory "$DRIVER_MEMORY")
[ -n "${SUBMIT_ARGS:-}" ] && extra+=($SUBMIT_ARGS)
driver_opts="$MODULE_OPTS -Dcausaldensity.defaults=causal-density.properties -Dlog4j2.configurationFile=log4j2.properties"
files="$ROOT/conf/causal-density.properties,$ROOT/conf/log4j2.properties"
# YARN puts --files in a cluster-mode driver's working folder; a standalone (or Kubernetes) cluster-mode driver does
# not get them, so it reads these two files at this path, which must then exist on the worker that runs it.
if [ "${DEPLOY_MODE:-client}" = client ] || [[ "$SPARK_MASTER" != yarn* ]]; then
  driver_opts="$MODULE_OPTS -Dcausaldensity.defaults=$ROOT/conf/causal-density.properties -Dlog4j2.configurationFile=file:$ROOT/conf/log4j2.properties"
fi
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  launcher=("$SPARK_HOME/bin/spark-submit")
else
  # Without bin/spark-submit, this JVM is the client-mode driver: it takes the driver's options and heap itself.
  launcher=(java $MODULE_OPTS)
  [ "${DEPLOY_MODE:-client}" = client ] && launcher+=(-Xmx"${DRIVER_MEMORY:-1g}" $driver_opts)
  launcher+=(-cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
fi
exec "${launcher[@]}" \
  --master "$SPARK_MASTER" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "$ROOT/conf/spark-defaults.conf" \
  --conf "spark.driver.extraJavaOptions=$driver_opts" \
  --files "$files" \
  "${extra[@]}" \
  --class org.causaldensity.cli.Main \
  "$APP_JAR" "$@"
