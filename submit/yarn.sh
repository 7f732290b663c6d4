#!/usr/bin/env bash
# Submits nano-diffusion to YARN:
#   HADOOP_CONF_DIR=/etc/hadoop/conf submit/yarn.sh <train|sample|evaluate|run> --out hdfs:///runs/r1 [app options...]
# HADOOP_CONF_DIR (or YARN_CONF_DIR) is the cluster's configuration folder (core-site.xml, hdfs-site.xml,
# yarn-site.xml). --out must be a path the driver and every executor can reach (hdfs://, s3a://).
# Environment (docs/cluster-yarn.md has more):
#   SPARK_HOME          a Spark 3.5 / Scala 2.12 installation built with YARN support (Apache's downloads are); unset,
#                       one is assembled from the build's Maven dependencies (spark-yarn included)
#   DEPLOY_MODE         cluster (default: the driver runs in YARN's application master) or client (the driver runs here)
#   NUM_EXECUTORS (2), EXECUTOR_CORES (1), EXECUTOR_MEMORY (2g); DRIVER_MEMORY (2g) is the cluster-mode driver's heap
#   QUEUE               the YARN queue (spark.yarn.queue; else the cluster's default queue)
#   APP_TAGS            more YARN application tags, comma-separated (the application always carries nano-diffusion, the
#                       command, and a tag of this submission); the name is "nano-diffusion <command>"
#   MAX_APP_ATTEMPTS    spark.yarn.maxAppAttempts (default 1: a driver lost mid-training is resumed by you, --resume)
#   SPARK_YARN_ARCHIVE  spark.yarn.archive: Spark's jars as one archive already on the cluster (hdfs:///apps/spark.zip);
#                       without it every submission uploads the Spark home's jars/ to its staging folder
#   JARS                more jars for driver and executors (--jars, comma-separated)
#   SPARK_SUBMIT_EXTRA  any other spark-submit options
# In cluster mode a failed command ends with the line and exit status it gives locally, read from the
# ResourceManager's diagnostics of the application.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]; then
  echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration" >&2
  exit 2
fi
mode="${DEPLOY_MODE:-cluster}"
if [ "$mode" != cluster ] && [ "$mode" != client ]; then
  echo "error: DEPLOY_MODE=$mode: must be cluster or client" >&2
  exit 2
fi
nd_build_if_needed
command=""
[[ "${1:-}" =~ ^[a-z-]+$ ]] && command="$1"
# YARN keeps tags in lower case; this submission's own tag finds its application again after a failure
submission="nd-submit-$(date +%Y%m%d%H%M%S)-$$-$RANDOM"
tags="nano-diffusion${command:+,$command}${APP_TAGS:+,$APP_TAGS},$submission"
args=(--master yarn --deploy-mode "$mode" --name "nano-diffusion${command:+ $command}"
  --num-executors "${NUM_EXECUTORS:-2}" --executor-cores "${EXECUTOR_CORES:-1}"
  --executor-memory "${EXECUTOR_MEMORY:-2g}" --driver-memory "${DRIVER_MEMORY:-2g}"
  --conf spark.yarn.tags="$tags"
  --conf spark.yarn.maxAppAttempts="${MAX_APP_ATTEMPTS:-1}"
  --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  # training is one barrier job on a fixed set of executors, which Spark refuses under dynamic allocation (often on
  # in a YARN cluster's spark-defaults.conf)
  --conf spark.dynamicAllocation.enabled=false
  # client mode's application master (ExecutorLauncher) is a Spark JVM on Java 17 too
  --conf "spark.yarn.am.extraJavaOptions=$ND_JAVA17_OPTS")
[ -n "${QUEUE:-}" ] && args+=(--queue "$QUEUE")
[ -n "${SPARK_YARN_ARCHIVE:-}" ] && args+=(--conf spark.yarn.archive="$SPARK_YARN_ARCHIVE")
[ -n "${JARS:-}" ] && args+=(--jars "$JARS")
status=0
# shellcheck disable=SC2046,SC2086
nd_spark_submit "${args[@]}" "${ND_COMMON_ARGS[@]}" ${SPARK_SUBMIT_EXTRA:-} "$ND_CLUSTER_JAR" "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$mode" = cluster ]; then
  # the driver ran in the cluster: its one-line error and exit status are in the ResourceManager's diagnostics
  exec java -cp "$(nd_spark_classpath "$(nd_spark_home)"):$ND_CLUSTER_JAR" nanodiffusion.cli.YarnOutcome "$submission"
fi
exit "$status"
