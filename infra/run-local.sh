#!/usr/bin/env bash
# The whole system on this machine, no Docker: embedded PostgreSQL, a real Kafka broker (KRaft),
# the OrderDesk sandbox with demo stores, mcp-front and mutation-workers. Ctrl-C stops it all.
# Everything is kept in one data folder (default .local-data/), so the next run resumes it.
#   infra/run-local.sh [--port 8080] [--orders 40] [--workers 1] [--stores 1] [--data DIR] [--reset]
#   infra/run-local.sh add-worker [--data DIR]     # one more worker for the running stack, until Ctrl-C
#   infra/run-local.sh stdio [--data DIR]          # MCP over stdin/stdout for the running stack (stdio clients)
set -euo pipefail
export LOCAL_STACK_CALLER_DIR="$PWD" # --data is relative to where you are, not to the repository
cd "$(dirname "$0")/.."
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
if [ "${1:-}" = add-worker ] || [ "${1:-}" = stdio ]; then
  # No build: the running stack's processes use these jars.
  [ -f infra/local-stack/target/local-stack.jar ] || { echo "run infra/run-local.sh first" >&2; exit 1; }
  exec java --sun-misc-unsafe-memory-access=allow -jar infra/local-stack/target/local-stack.jar "$@"
fi
# A stack already running on the data folder uses the jars: do not rebuild them under it.
data=.local-data
prev=
for arg in "$@"; do
  [ "$prev" = --data ] && data="$(cd "$LOCAL_STACK_CALLER_DIR" && realpath -m "$arg")"
  prev="$arg"
done
if [ -f "$data/stack.env" ]; then
  pid="$(sed -n 's/^LOCAL_STACK_PID=//p' "$data/stack.env")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "A local stack is already running on $data (pid $pid); stop it first, or use another --data." >&2
    exit 1
  fi
fi
./mvnw -q -B -DskipTests package >&2
exec java --sun-misc-unsafe-memory-access=allow -jar infra/local-stack/target/local-stack.jar "$@"
