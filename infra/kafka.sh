#!/usr/bin/env bash
# Apache Kafka, single-node KRaft, run from the official jars on Maven Central.
COMPONENT=kafka
source "$(dirname "$0")/lib.sh"

HOME_DIR=$LOCAL_DIR/kafka
LIB_DIR=$HOME_DIR/lib-$KAFKA_VERSION
CONFIG=$HOME_DIR/server.properties
LOG4J=$HOME_DIR/log4j.properties
KAFKA_DATA=$DATA_DIR/kafka

install() {
  if [[ -f $LIB_DIR/.complete ]]; then log "Kafka $KAFKA_VERSION already installed"; return; fi
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central"
  rm -rf "$LIB_DIR" && mkdir -p "$LIB_DIR"
  maven_fetch "$INFRA_DIR/kafka/pom.xml" "$LIB_DIR"
  touch "$LIB_DIR/.complete"
}

write_config() {
  mkdir -p "$HOME_DIR" "$KAFKA_DATA"
  cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat >"$LOG4J" <<PROPS
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
PROPS
}

started() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_DIR/kafka.log"; }

start() {
  if is_running kafka; then log "already running on 127.0.0.1:$KAFKA_PORT"; return; fi
  port_open "$KAFKA_PORT" && fail "port $KAFKA_PORT is taken by another process; set KAFKA_PORT."
  install
  write_config
  local java_cp="$LIB_DIR/*"
  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    local cluster_id
    cluster_id=$(java -cp "$java_cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -Dlog4j.configuration="file:$LOG4J" -cp "$java_cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$CONFIG" >>"$LOG_DIR/kafka.log" 2>&1 \
      || fail_with_log kafka "formatting the KRaft storage failed"
  fi
  : >"$LOG_DIR/kafka.log"
  start_daemon kafka java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J" -cp "$java_cp" kafka.Kafka "$CONFIG"
  wait_until 90 "serving on 127.0.0.1:$KAFKA_PORT" started \
    || fail_with_log kafka "Kafka did not start within 90 s"
}

stop() { stop_daemon kafka; }

status() {
  if is_running kafka && started; then log "running on 127.0.0.1:$KAFKA_PORT"; else log "stopped"; return 1; fi
}

dispatch "$@"
