#!/usr/bin/env bash
# Submits nano-diffusion to a Spark standalone cluster:
#   submit/standalone.sh spark://HOST:7077 <train|sample|evaluate|run> --out DIR [app options...]
# --out must be a path every executor and the driver can reach (hdfs://, s3a://, or a shared mount).
# Environment: SPARK_HOME (a Spark 3.5 / Scala 2.12 install; else one is assembled from the build),
#   TOTAL_CORES (spark.cores.max), EXECUTOR_CORES (default 1), EXECUTOR_MEMORY (default 2g),
#   DEPLOY_MODE (client|cluster, default client), SPARK_SUBMIT_EXTRA (more spark-submit options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ $# -lt 2 ] || [[ "$1" != spark://* ]]; then
  echo "usage: $0 spark://HOST:PORT <train|sample|evaluate|run> --out DIR [options]" >&2
  exit 2
fi
master="$1"; shift
nd_build_if_needed
exec_args=(--master "$master" --deploy-mode "${DEPLOY_MODE:-client}"
  --executor-cores "${EXECUTOR_CORES:-1}" --executor-memory "${EXECUTOR_MEMORY:-2g}")
[ -n "${TOTAL_CORES:-}" ] && exec_args+=(--total-executor-cores "$TOTAL_CORES")
# shellcheck disable=SC2046,SC2086
nd_spark_submit "${exec_args[@]}" "${ND_COMMON_ARGS[@]}" ${SPARK_SUBMIT_EXTRA:-} "$ND_CLUSTER_JAR" "$@"
