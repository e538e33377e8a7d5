#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft, broker + controller in one process) from Maven Central jars,
# no Docker, no Kafka download. Listens on 127.0.0.1 only.
#
#   infra/kafka/kafka.sh start  [--port 9092] [--controller-port PORT+1] [--dir DIR] [--reset] [--timeout 90]
#   infra/kafka/kafka.sh stop   [--dir DIR] [--timeout 30]
#   infra/kafka/kafka.sh status [--dir DIR]
#   infra/kafka/kafka.sh tool NAME [ARGS...]     # a Kafka command-line tool from the same jars
#
# start   copies the jars once (./mvnw dependency:copy-dependencies of infra/kafka/pom.xml) into a cache
#         folder, formats DIR/data the first time (kept between runs; --reset wipes it), starts the broker
#         in the background, waits until its log says "Kafka Server started", writes DIR/kafka.pid and
#         prints the bootstrap address. Exits non-zero, with the end of the log, if the broker does not
#         come up within --timeout seconds. Starting a broker that is already running is not an error.
# stop    sends SIGTERM (a clean, controlled shutdown), waits up to --timeout seconds, then SIGKILL.
#         Only ever signals the process named in DIR/kafka.pid, and only if it is this broker.
# status  prints "running ..." and exits 0, or prints "stopped" and exits 3.
# tool    NAME is topics, consumer-groups, console-producer, console-consumer, get-offsets,
#         broker-api-versions, or a fully qualified class name, e.g.
#           infra/kafka/kafka.sh tool topics --bootstrap-server 127.0.0.1:9092 --describe
#
# DIR defaults to .local/kafka in the repository. Logs: DIR/logs/kafka.log (the previous run's in
# kafka.log.1). Environment: JAVA_HOME (a JDK 17 or newer; Temurin 25 is preferred when present),
# KAFKA_JARS_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/orderdesk-mcp), KAFKA_HEAP_OPTS
# (default -Xms256m -Xmx512m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

die() { echo "kafka.sh: $*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

pick_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    die "no java: set JAVA_HOME to a JDK 17 or newer"
  fi
}

# The jars, copied once per version of pom.xml into a cache folder shared by every checkout.
ensure_jars() {
  local hash cache
  hash="$(cat "$HERE/pom.xml" | sha256sum | cut -c1-12)"
  cache="${KAFKA_JARS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderdesk-mcp}"
  LIB="$cache/kafka-jars-$hash"
  if [ -f "$LIB/.complete" ]; then
    return
  fi
  echo "kafka.sh: copying the Kafka jars from Maven Central into $LIB (once)" >&2
  mkdir -p "$cache"
  local tmp
  tmp="$(mktemp -d "$cache/.kafka-jars.XXXXXX")"
  if ! "$REPO/mvnw" -q -B -f "$HERE/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >&2; then
    rm -rf "$tmp"
    die "could not copy the Kafka jars (is Maven Central reachable?)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13 jar missing after copy"; }
  touch "$tmp/.complete"
  # Another start may have finished the same copy meanwhile: keep whichever came first.
  mv -T "$tmp" "$LIB" 2>/dev/null || rm -rf "$tmp"
  [ -f "$LIB/.complete" ] || die "could not put the Kafka jars into $LIB"
}

# The pid in DIR/kafka.pid if that process is alive and is this broker (not a recycled pid).
broker_pid() {
  local pidfile="$DIR/kafka.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "kafka.Kafka $DIR/server.properties" || return 1
  fi
  echo "$pid"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

write_config() {
  cat >"$DIR/server.properties" <<EOF
# Written by infra/kafka/kafka.sh at every start; edit the script, not this file.
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
log.dirs=$DIR/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
EOF
}

start() {
  if pid="$(broker_pid)"; then
    echo "Kafka already running: bootstrap 127.0.0.1:$(cat "$DIR/kafka.port" 2>/dev/null || echo "?") (pid $pid)"
    return 0
  fi
  rm -f "$DIR/kafka.pid" "$DIR/kafka.port"
  port_in_use "$PORT" && die "port $PORT is in use on 127.0.0.1 (another broker? try --port)"
  port_in_use "$CONTROLLER_PORT" && die "controller port $CONTROLLER_PORT is in use on 127.0.0.1 (try --controller-port)"
  pick_java
  ensure_jars
  mkdir -p "$DIR/logs"
  if [ "$RESET" = true ]; then
    rm -rf "$DIR/data"
  fi
  write_config
  local cp="$LIB/*"
  if [ ! -f "$DIR/data/meta.properties" ]; then
    local cluster
    cluster="$("$JAVA" -cp "$cp" -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" \
      kafka.tools.StorageTool random-uuid)"
    # No --standalone: the voters are given by controller.quorum.voters.
    "$JAVA" -cp "$cp" -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" \
      kafka.tools.StorageTool format -t "$cluster" -c "$DIR/server.properties" >"$DIR/logs/format.log" 2>&1 \
      || { cat "$DIR/logs/format.log" >&2; die "formatting $DIR/data failed"; }
  fi
  local log="$DIR/logs/kafka.log"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  # shellcheck disable=SC2086
  setsid nohup "$JAVA" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -Dkafka.logs.dir="$DIR/logs" -cp "$cp" kafka.Kafka "$DIR/server.properties" \
    >"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$DIR/kafka.pid"
  echo "$PORT" >"$DIR/kafka.port"
  local deadline=$((SECONDS + TIMEOUT))
  until grep -q "Kafka Server started" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log" >&2 || true
      rm -f "$DIR/kafka.pid" "$DIR/kafka.port"
      die "the broker exited during start (log: $log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$log" >&2 || true
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$DIR/kafka.pid" "$DIR/kafka.port"
      die "the broker did not start within ${TIMEOUT}s (log: $log)"
    fi
    sleep 0.2
  done
  echo "Kafka started: bootstrap 127.0.0.1:$PORT (pid $pid, data $DIR/data, log $log)"
}

stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$DIR/kafka.pid" "$DIR/kafka.port"
    echo "Kafka not running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "kafka.sh: the broker did not stop within ${TIMEOUT}s; killing pid $pid" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$DIR/kafka.pid" "$DIR/kafka.port"
  echo "Kafka stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(broker_pid)"; then
    echo "running: bootstrap 127.0.0.1:$(cat "$DIR/kafka.port" 2>/dev/null || echo "?") (pid $pid, data $DIR/data)"
  else
    echo "stopped"
    exit 3
  fi
}

tool() {
  [ $# -ge 1 ] || die "tool needs a NAME (topics, consumer-groups, console-producer, console-consumer, ...)"
  local name="$1" class
  shift
  case "$name" in
    topics) class=org.apache.kafka.tools.TopicCommand ;;
    consumer-groups) class=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    console-producer) class=org.apache.kafka.tools.ConsoleProducer ;;
    console-consumer) class=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    get-offsets) class=org.apache.kafka.tools.GetOffsetShell ;;
    broker-api-versions) class=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
    *.*) class="$name" ;;
    *) die "unknown tool $name" ;;
  esac
  pick_java
  ensure_jars
  exec "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" -cp "$LIB/*" "$class" "$@"
}

[ $# -ge 1 ] || usage
COMMAND="$1"
shift
if [ "$COMMAND" = tool ]; then
  tool "$@"
fi

PORT=9092
CONTROLLER_PORT=
DIR="$REPO/.local/kafka"
RESET=false
TIMEOUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --controller-port) CONTROLLER_PORT="${2:?--controller-port needs a value}"; shift 2 ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --reset) RESET=true; shift ;;
    --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
CONTROLLER_PORT="${CONTROLLER_PORT:-$((PORT + 1))}"
[[ "$CONTROLLER_PORT" =~ ^[0-9]+$ ]] || die "--controller-port must be a number"
if [ "$COMMAND" = start ]; then
  mkdir -p "$DIR"
fi
if [ -d "$DIR" ]; then
  DIR="$(cd "$DIR" && pwd)"
fi

case "$COMMAND" in
  start) TIMEOUT="${TIMEOUT:-90}"; start ;;
  stop) TIMEOUT="${TIMEOUT:-30}"; stop ;;
  status) status ;;
  -h|--help|help) usage ;;
  *) die "unknown command $COMMAND (start, stop, status, tool)" ;;
esac
