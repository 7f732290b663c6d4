#!/usr/bin/env bash
# Submits nano-diffusion to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster's configuration):
#   submit/yarn.sh <train|sample|evaluate|run> --out hdfs:///runs/r1 [app options...]
# Environment: SPARK_HOME, NUM_EXECUTORS (default 2), EXECUTOR_CORES (default 1), EXECUTOR_MEMORY (default 2g),
#   DEPLOY_MODE (client|cluster, default cluster), QUEUE (YARN queue), SPARK_SUBMIT_EXTRA.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]; then
  echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration" >&2
  exit 2
fi
nd_build_if_needed
args=(--master yarn --deploy-mode "${DEPLOY_MODE:-cluster}" --num-executors "${NUM_EXECUTORS:-2}"
  --executor-cores "${EXECUTOR_CORES:-1}" --executor-memory "${EXECUTOR_MEMORY:-2g}"
  --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}")
[ -n "${QUEUE:-}" ] && args+=(--queue "$QUEUE")
# shellcheck disable=SC2046,SC2086
nd_spark_submit "${args[@]}" "${ND_COMMON_ARGS[@]}" ${SPARK_SUBMIT_EXTRA:-} "$ND_CLUSTER_JAR" "$@"
