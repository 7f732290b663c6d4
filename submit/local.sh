#!/usr/bin/env bash
# Runs nano-diffusion in Spark local mode on this machine:
#   submit/local.sh <train|sample|evaluate|run> --out DIR [--conf FILE] [--set key=value ...] [--overwrite]
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
# shellcheck disable=SC2086
exec java "${java17_opens[@]}" -Djava.awt.headless=true ${JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  -Dspark.master="${SPARK_MASTER:-local[*]}" -Dnanodiffusion.command=submit/local.sh \
  -cp "$jar:$(cat "$classpath_file")" nanodiffusion.cli.Main "$@"
