#!/usr/bin/env bash
# Runs nano-diffusion in Spark local mode on this machine:
#   submit/local.sh <train|sample|evaluate|run> --out DIR [--conf FILE ...] [--set key=value ...] [--overwrite]
# Builds the application with Maven on first use (or when sources changed). Relative paths (--out, --conf)
# are taken from the current directory; without --conf, ./conf/nanodiffusion.conf is read if present, else the
# defaults built into the jar (the repository's conf/nanodiffusion.conf). Settings:
#   SPARK_MASTER     Spark master URL (default local[*]: one worker per core)
#   OMP_NUM_THREADS  native math threads per worker (default 1: the workers already fill the cores)
#   JAVA_OPTS        extra JVM options, e.g. -Xmx8g
#   OPENBLAS_CORETYPE  OpenBLAS kernels (unset: chosen from this CPU's instructions; set: used as it is)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/target/nano-diffusion.jar"
classpath_file="$here/target/local-classpath.txt"

needs_build() {
  [ ! -f "$jar" ] || [ ! -f "$classpath_file" ] && return 0
  # conf/ is read at run time (./conf/nanodiffusion.conf, --conf FILE), so editing it needs no rebuild
  [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -type f -print -quit)" ]
}
if needs_build; then
  echo "building the application (first run downloads dependencies)..." >&2
  (cd "$here" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
fi

# Spark's module options for Java 17.
java17_opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)

export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# Local mode needs no network beyond this machine.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# A native crash (out of native memory, most often) writes the JVM's report into the temporary folder, never into
# the current one; it is then moved into the run's folder when --out is a local path that exists.
out_dir=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --out=*) out_dir="${args[i]#--out=}" ;;
    --out) out_dir="${args[i + 1]:-}" ;;
  esac
done
out_dir="${out_dir#file://}"
tmp_dir="${TMPDIR:-/tmp}"

# shellcheck disable=SC2086
java "${java17_opens[@]}" -Djava.awt.headless=true -XX:ErrorFile="$tmp_dir/hs_err_pid%p.log" ${JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  -Dspark.master="${SPARK_MASTER:-local[*]}" -Dnanodiffusion.command=submit/local.sh \
  -cp "$jar:$(cat "$classpath_file")" nanodiffusion.cli.Main "$@" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
status=0
wait "$pid" || status=$?
while kill -0 "$pid" 2>/dev/null; do # a trapped signal ended the first wait: wait for the JVM to finish stopping
  status=0
  wait "$pid" || status=$?
done
if [ "$status" -ne 0 ]; then
  for report in "$tmp_dir/hs_err_pid$pid.log" "$PWD/hs_err_pid$pid.log"; do
    if [ -f "$report" ]; then
      if [[ -n "$out_dir" && "$out_dir" != *://* && -d "$out_dir" ]] && mv "$report" "$out_dir/"; then
        report="$out_dir/hs_err_pid$pid.log"
      fi
      what="$(grep -m1 -E 'insufficient memory|SIGSEGV|SIGBUS|SIGILL|SIGFPE' "$report" | sed 's/^# *//')"
      echo "error: the JVM stopped in native code (${what:-see the report}); its report is $report. Most often this is" \
        "memory: give the machine more, raise ulimit -v, or lower model.width, train.batchSize or sample.batchSize" >&2
      exit 3
    fi
  done
  if [ "$status" -eq 52 ]; then # Spark's exit code when a thread of its own ran out of Java heap
    echo "error: out of Java memory in a Spark thread; give the JVM more heap (JAVA_OPTS=-Xmx8g) or lower" \
      "train.batchSize, sample.batchSize or model.width" >&2
    exit 3
  fi
fi
exit "$status"
