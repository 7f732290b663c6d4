#!/usr/bin/env bash
# Submits nano-diffusion to Kubernetes with the image built from docker/Dockerfile:
#   submit/k8s.sh k8s://https://API_SERVER:443 <train|sample|evaluate|run> --out s3a://bucket/runs/r1 [options...]
# Environment: IMAGE (required, e.g. registry.example/nano-diffusion:0.1.0), NAMESPACE (default default),
#   SERVICE_ACCOUNT (default spark), NUM_EXECUTORS (default 2), EXECUTOR_CORES (default 1),
#   EXECUTOR_MEMORY (default 2g), SPARK_SUBMIT_EXTRA (e.g. S3 credentials provider settings).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ $# -lt 2 ] || [[ "$1" != k8s://* ]] || [ -z "${IMAGE:-}" ]; then
  echo "usage: IMAGE=... $0 k8s://https://HOST:PORT <train|sample|evaluate|run> --out DIR [options]" >&2
  exit 2
fi
# The Spark home assembled from the build has no spark-kubernetes: without an installation that has it, spark-submit
# would fail later with a less clear message
if [ -z "${SPARK_HOME:-}" ] || ! compgen -G "$SPARK_HOME/jars/spark-kubernetes_2.12-*.jar" > /dev/null; then
  echo "error: set SPARK_HOME to a Spark 3.5 / Scala 2.12 installation with Kubernetes support" \
    "(jars/spark-kubernetes_2.12-*.jar); the Spark home assembled from the build has none" >&2
  exit 2
fi
master="$1"; shift
args=(--master "$master" --deploy-mode cluster --name nano-diffusion
  --conf spark.kubernetes.container.image="$IMAGE"
  --conf spark.kubernetes.namespace="${NAMESPACE:-default}"
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}"
  --conf spark.executor.instances="${NUM_EXECUTORS:-2}"
  --executor-cores "${EXECUTOR_CORES:-1}" --executor-memory "${EXECUTOR_MEMORY:-2g}"
  --conf spark.kubernetes.driverEnv.OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}")
# The jar is inside the image (docker/Dockerfile puts it at /opt/nano-diffusion/target/nano-diffusion-cluster.jar).
# shellcheck disable=SC2046,SC2086
nd_spark_submit "${args[@]}" "${ND_COMMON_ARGS[@]}" ${SPARK_SUBMIT_EXTRA:-} \
  local:///opt/nano-diffusion/target/nano-diffusion-cluster.jar "$@"
