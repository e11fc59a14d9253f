# Shared by submit/*.sh: locations, the Spark module flags, and building the jar when it is missing.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_JAR="$(ls "$ROOT"/target/causal-density-*-spark.jar 2>/dev/null | head -n 1 || true)"
LOCAL_SPARK_HOME="$ROOT/target/spark-home"
MODULE_OPTS="$(cat "$ROOT/conf/jvm-module-options")"
export SPARK_SCALA_VERSION=2.13

build_if_missing() {
  if [ -z "$APP_JAR" ] || [ ! -d "$LOCAL_SPARK_HOME/jars" ]; then
    echo "causal-density: building the jar (mvn package -DskipTests) ..." >&2
    (cd "$ROOT" && mvn -B -q package -DskipTests) || { echo "causal-density: build failed" >&2; exit 1; }
    APP_JAR="$(ls "$ROOT"/target/causal-density-*-spark.jar | head -n 1)"
  fi
}
