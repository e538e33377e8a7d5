#!/usr/bin/env bash
# Runs the official MCP conformance suite against an authenticated mcp-front: a loopback proxy adds
# the bearer token, which the suite itself cannot send.
#   MCP_TOKEN=... infra/conformance/run.sh http://127.0.0.1:8080 [--scenario NAME]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TOOLS="${MCP_TOOLS:-$HERE/../../../shared/tools/mcp}"
TARGET="${1:?usage: MCP_TOKEN=... run.sh http://127.0.0.1:PORT [conformance args]}"; shift
: "${MCP_TOKEN:?set MCP_TOKEN}"
DIR="$("$TOOLS/setup.sh")"
PORT="${PROXY_PORT:-18999}"
"$DIR/node_modules/node/bin/node" "$HERE/auth-proxy.mjs" "$PORT" "$TARGET" &
PROXY=$!
trap 'kill $PROXY 2>/dev/null' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
"$TOOLS/conformance.sh" "http://127.0.0.1:$PORT/mcp" "$@"
