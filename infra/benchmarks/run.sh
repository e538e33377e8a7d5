#!/usr/bin/env bash
# Builds the worker and the benchmark harness, then runs benchmarks:
#   infra/benchmarks/run.sh                 all five, one results table
#   infra/benchmarks/run.sh overhead        one of: overhead rate-budget hot-order scale-out memory
#   infra/benchmarks/run.sh --help          options
# BENCH_NO_BUILD=1 skips the build; BENCH_JAVA_HOME picks the JDK 25 (default: Temurin 25 here).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  if grep -q '<module>infra/benchmarks</module>' pom.xml; then
    ./mvnw -q -B package -DskipTests -pl infra/benchmarks -am
  else
    ./mvnw -q -B install -DskipTests -pl shared-model,infra/orderdesk-sandbox,infra/embedded-infra,mutation-worker
    ./mvnw -q -B -f infra/benchmarks/pom.xml package -DskipTests
  fi
fi
exec "$JAVA_HOME/bin/java" -jar infra/benchmarks/target/benchmarks.jar "${@:-all}"
