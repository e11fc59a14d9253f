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

# Options of the local launcher's JVM: conf/local-jvm-options without its comments (none with
# CAUSAL_DENSITY_JVM_OPTIONS=off, which the benchmark uses to measure what they bring).
local_jvm_options() {
  [ "${CAUSAL_DENSITY_JVM_OPTIONS:-on}" = off ] && return 0
  grep -v '^[[:space:]]*#' "$ROOT/conf/local-jvm-options" | tr -s '[:space:]' ' '
}

# Class-data sharing for the local launcher (JDK 17 dynamic AppCDS). The first run dumps the classes it loaded
# (Spark, Scala, Hadoop, Arrow: ~10k) into an archive at exit; later runs map them instead of loading and
# verifying them again (about 4 s less wall time at N = 32,000 on 2 cores; docs/BENCHMARK.md). The archive is
# named after the JVM and the jars it covers (names and sizes), so a new JDK or new jars make a new one. It is moved into place only
# after a successful run, with its size beside it: the JVM crashes (SIGBUS) on a truncated archive rather than
# ignoring it, so one whose size differs is deleted and dumped again. CAUSAL_DENSITY_CDS=off disables it;
# CAUSAL_DENSITY_CDS_DIR moves it (default target/spark-home/cds). Sets CDS_OPTS, and CDS_PENDING to
# the file the JVM writes, which the caller moves into place when the run succeeds.
CDS_OPTS="" CDS_PENDING="" CDS_ARCHIVE=""
prepare_cds() {
  [ "${CAUSAL_DENSITY_CDS:-on}" = off ] && return 0
  local key dir
  # Keyed on what the archive depends on, the JDK and each jar's name and size: not on times or link counts, which
  # change between launches and made a second archive appear beside the first.
  key="$( { java -version 2>&1; find -L "$LOCAL_SPARK_HOME/jars" -maxdepth 1 -name '*.jar' -printf '%f %s\n' \
    | LC_ALL=C sort; } | sha1sum | cut -c1-16)"
  dir="${CAUSAL_DENSITY_CDS_DIR:-$LOCAL_SPARK_HOME/cds}"
  CDS_ARCHIVE="$dir/classes-$key.jsa"
  if [ -e "$CDS_ARCHIVE" ] && [ "$(stat -c %s "$CDS_ARCHIVE")" != "$(cat "$CDS_ARCHIVE.size" 2>/dev/null)" ]; then
    rm -f "$CDS_ARCHIVE" "$CDS_ARCHIVE.size"
  fi
  if [ -s "$CDS_ARCHIVE" ]; then
    CDS_OPTS="-XX:SharedArchiveFile=$CDS_ARCHIVE -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then
    CDS_PENDING="$dir/classes-$key.$$.tmp"
    CDS_OPTS="-XX:ArchiveClassesAtExit=$CDS_PENDING -Xlog:cds=off -Xlog:cds+dynamic=off"
    echo "causal-density: first run with this JDK and these jars: archiving Spark's classes for faster start-up" \
      "(once, adds ~15 s; CAUSAL_DENSITY_CDS=off skips it)" >&2
  fi
}

# After the run that dumped the archive: keep it only if the run succeeded and the file is complete.
finish_cds() {
  local rc="$1"
  if [ -n "$CDS_PENDING" ]; then
    if [ "$rc" -eq 0 ] && [ -s "$CDS_PENDING" ]; then
      stat -c %s "$CDS_PENDING" > "$CDS_ARCHIVE.size.$$" && mv -f "$CDS_ARCHIVE.size.$$" "$CDS_ARCHIVE.size" \
        && mv -f "$CDS_PENDING" "$CDS_ARCHIVE"
    else
      rm -f "$CDS_PENDING"
    fi
  fi
}
