#!/usr/bin/env bash
# The whole system on this machine, no Docker: embedded PostgreSQL, a real Kafka broker (KRaft),
# the OrderDesk sandbox with a demo store, mcp-front and one mutation-worker. Ctrl-C stops it all.
#   infra/run-local.sh [--port 8080] [--orders 40]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
./mvnw -q -B -DskipTests package >&2
exec java -jar infra/local-stack/target/local-stack.jar "$@"
