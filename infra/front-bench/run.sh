#!/usr/bin/env bash
# Builds mcp-front and this harness, then measures cached orders_get through mcp-front's full MCP
# Streamable HTTP path (mcp-front as its own JVM, -Xmx256m). See README.md.
#   infra/front-bench/run.sh                         8 sessions, 2 runs, raw wire client
#   infra/front-bench/run.sh --clients 4,8,16        several session counts
#   infra/front-bench/run.sh --client sdk            the MCP Java SDK's client instead
#   infra/front-bench/run.sh --help                  every option
# FRONT_BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export JAVA_HOME="${FRONT_BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -z "${FRONT_BENCH_NO_BUILD:-}" ]; then
  if grep -q '<module>infra/front-bench</module>' pom.xml; then
    ./mvnw -q -B -DskipTests package -pl infra/front-bench -am >&2
  else
    # Not (yet) a module of the root build: build its dependencies there, then it on its own.
    ./mvnw -q -B -DskipTests install -pl infra/embedded-infra,infra/orderdesk-sandbox,mcp-front -am >&2
    ./mvnw -q -B -DskipTests -f infra/front-bench/pom.xml package >&2
  fi
fi
exec "$JAVA_HOME/bin/java" -jar infra/front-bench/target/front-bench.jar "$@"
