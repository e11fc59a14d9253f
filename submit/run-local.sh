#!/usr/bin/env bash
# Runs any causal-density command in Spark local mode on all cores, the way spark-submit runs it:
#   submit/run-local.sh demo --out out/demo
#   submit/run-local.sh run --distances X.npy --token-indices T.pt --metric M.pt --model MODEL_DIR --out OUT
# Builds the jar first when it is missing. DRIVER_MEMORY (default 2g) caps the JVM heap. JVM options come from
# conf/local-jvm-options; class-data sharing is set up on the first run (see prepare_cds in common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build_if_missing
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
prepare_cds
command=(java -Xmx"${DRIVER_MEMORY:-2g}" $MODULE_OPTS $(local_jvm_options) $CDS_OPTS \
  -Dlog4j2.configurationFile="file:$ROOT/conf/log4j2.properties" \
  -Dcausaldensity.defaults="$ROOT/conf/causal-density.properties" \
  -cp "$LOCAL_SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "local[*]" \
  --properties-file "$ROOT/conf/spark-defaults.conf" \
  --conf spark.ui.enabled=false \
  --class org.causaldensity.cli.Main \
  "$APP_JAR" "$@")
if [ -z "$CDS_PENDING" ]; then
  exec "${command[@]}"
fi
rc=0
"${command[@]}" || rc=$?
finish_cds "$rc"
exit "$rc"
