# Shared by the submit scripts (sourced, not run). Finds or assembles spark-submit and the app jar.
#
# With SPARK_HOME set (a Spark 3.5 / Scala 2.12 installation), its bin/spark-submit is used. Without one
# (a laptop, CI), a Spark home is assembled from the Maven dependencies under target/spark-home:
# jars/ links every Spark jar of the build, and spark-submit runs as
# `java -cp jars/* org.apache.spark.deploy.SparkSubmit`, which is what bin/spark-submit does.

ND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ND_CLUSTER_JAR="$ND_ROOT/target/nano-diffusion-cluster.jar"
ND_CLASSPATH_FILE="$ND_ROOT/target/local-classpath.txt"

# Spark's module options for Java 17 (the driver of client-mode submissions needs them too).
ND_JAVA17_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"

nd_build_if_needed() {
  if [ ! -f "$ND_ROOT/pom.xml" ]; then # an installed copy (the docker image): the jar ships prebuilt
    [ -f "$ND_CLUSTER_JAR" ] || { echo "error: $ND_CLUSTER_JAR is missing" >&2; exit 2; }
    return 0
  fi
  if [ ! -f "$ND_CLUSTER_JAR" ] || [ ! -f "$ND_CLASSPATH_FILE" ] || \
     [ -n "$(find "$ND_ROOT/src/main" "$ND_ROOT/pom.xml" "$ND_ROOT/conf" -newer "$ND_CLUSTER_JAR" -type f -print -quit)" ]; then
    echo "building the application (first run downloads dependencies)..." >&2
    (cd "$ND_ROOT" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
  fi
}

# A Spark home made of the Maven-resolved Spark jars: what standalone workers need to launch executors.
nd_assemble_spark_home() {
  local home="$ND_ROOT/target/spark-home"
  if [ ! -f "$home/RELEASE" ] || [ "$ND_CLASSPATH_FILE" -nt "$home/RELEASE" ]; then
    rm -rf "$home" && mkdir -p "$home/jars" "$home/conf"
    { tr ":" "\n" < "$ND_CLASSPATH_FILE"; echo; } | while read -r jar; do
      [ -n "$jar" ] && ln -sf "$jar" "$home/jars/$(basename "$jar")"
    done
    cp "$ND_ROOT/conf/log4j2.properties" "$ND_ROOT/conf/spark-defaults.conf" "$home/conf/"
    echo "Spark assembled from Maven dependencies of nano-diffusion" > "$home/RELEASE"
  fi
  echo "$home"
}

# Runs spark-submit with the given arguments: the installed one, or the assembled one.
nd_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    "$SPARK_HOME/bin/spark-submit" "$@"
  else
    local home
    home="$(nd_assemble_spark_home)"
    SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_SCALA_VERSION=2.12 \
      java $ND_JAVA17_OPTS -Xmx"${ND_DRIVER_MEMORY:-4g}" -Dlog4j2.configurationFile="$home/conf/log4j2.properties" \
      -cp "$(nd_spark_classpath "$home")" org.apache.spark.deploy.SparkSubmit "$@"
  fi
}

# The classpath bin/spark-submit gives SparkSubmit (Spark's launcher): the configuration folder, Spark's jars, then the
# Hadoop cluster's configuration, where YARN's client finds the ResourceManager (yarn-site.xml) and HDFS (core-site.xml).
nd_spark_classpath() {
  local home="$1" cp
  cp="${SPARK_CONF_DIR:-$home/conf}:$home/jars/*"
  [ -n "${HADOOP_CONF_DIR:-}" ] && cp="$cp:$HADOOP_CONF_DIR"
  [ -n "${YARN_CONF_DIR:-}" ] && cp="$cp:$YARN_CONF_DIR"
  echo "$cp"
}

# The Spark home spark-submit runs from: SPARK_HOME when it holds a Spark installation, else the assembled one.
nd_spark_home() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    echo "$SPARK_HOME"
  else
    nd_assemble_spark_home
  fi
}

# spark-submit options every deployment shares: the app's entry point, Java 17 options for driver and executors,
# one native math thread per task slot (executors run one task per core).
ND_COMMON_ARGS=(--class nanodiffusion.cli.Main
  --conf "spark.driver.extraJavaOptions=$ND_JAVA17_OPTS -Djava.awt.headless=true"
  --conf "spark.executor.extraJavaOptions=$ND_JAVA17_OPTS"
  --conf "spark.executorEnv.OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}")
