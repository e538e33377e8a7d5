#!/usr/bin/env bash
# Builds mcp-front and this harness, then measures replay and verify of the audit log (1,000,000
# events by default) through mcp-front's operator API, next to a plain SQL scan. See README.md.
#   infra/audit-bench/run.sh                     1,000,000 events
#   infra/audit-bench/run.sh --events 200000     fewer
#   infra/audit-bench/run.sh --help              every option
# AUDIT_BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${AUDIT_BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -z "${AUDIT_BENCH_NO_BUILD:-}" ]; then
  # Not a module of the root build: build its dependencies there, then it on its own.
  ./mvnw -q -B -DskipTests install -pl infra/embedded-infra,shared-model,infra/orderdesk-sandbox,mcp-front -am >&2
  ./mvnw -q -B -DskipTests -f infra/audit-bench/pom.xml package >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx1g -jar infra/audit-bench/target/audit-bench.jar "$@"
