#!/usr/bin/env bash
# Submits nano-diffusion to a Spark standalone cluster:
#   submit/standalone.sh spark://HOST:7077 <train|sample|evaluate|run> --out DIR [app options...]
# --out must be a path every executor and the driver can reach (hdfs://, s3a://, or a shared mount).
# Environment: SPARK_HOME (a Spark 3.5 / Scala 2.12 install; else one is assembled from the build),
#   TOTAL_CORES (spark.cores.max), EXECUTOR_CORES (default 1), EXECUTOR_MEMORY (default 2g),
#   DEPLOY_MODE (client|cluster, default client), SPARK_SUBMIT_EXTRA (more spark-submit options).
# An authenticated cluster (master and workers started with spark.authenticate=true and the same secret):
#   SPARK_AUTH_SECRET_FILE  a file holding the shared secret (readable by you only), or
#   SPARK_AUTH_SECRET       the secret itself, in the environment.
# Either turns on spark.authenticate with RPC (AES) and shuffle/spill (I/O) encryption. The secret reaches
# spark-submit in a properties file readable by you only and deleted when it ends, never the command line, so
# it shows in no process list; Spark redacts it in logs and the event log. Never pass it as --conf.
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
if [ -n "${SPARK_AUTH_SECRET_FILE:-}" ]; then
  if [ ! -r "$SPARK_AUTH_SECRET_FILE" ]; then
    echo "error: SPARK_AUTH_SECRET_FILE=$SPARK_AUTH_SECRET_FILE: not a readable file" >&2
    exit 2
  fi
  SPARK_AUTH_SECRET="$(tr -d '\r\n' < "$SPARK_AUTH_SECRET_FILE")"
fi
if [ -n "${SPARK_AUTH_SECRET:-}" ]; then
  # Spark takes a standalone cluster's secret only from its configuration: a properties file readable by this
  # user only, removed when spark-submit ends (it replaces spark-defaults.conf, whose settings it copies first)
  props="$(mktemp "${TMPDIR:-/tmp}/nd-spark-auth.XXXXXX")"
  chmod 600 "$props"
  trap 'rm -f "$props"' EXIT
  defaults="${SPARK_CONF_DIR:-${SPARK_HOME:-$(nd_assemble_spark_home)}/conf}/spark-defaults.conf"
  [ -r "$defaults" ] && cat "$defaults" >> "$props"
  printf '\nspark.authenticate true\nspark.authenticate.secret %s\n' "$SPARK_AUTH_SECRET" >> "$props"
  printf 'spark.network.crypto.enabled true\nspark.io.encryption.enabled true\n' >> "$props"
  unset SPARK_AUTH_SECRET
  exec_args+=(--properties-file "$props")
fi
# shellcheck disable=SC2046,SC2086
nd_spark_submit "${exec_args[@]}" "${ND_COMMON_ARGS[@]}" ${SPARK_SUBMIT_EXTRA:-} "$ND_CLUSTER_JAR" "$@"
