#!/bin/sh
# The benchmark, in one command: builds what it measures (this checkout's engine, store and server), then runs every
# scenario and writes bench/RESULTS.md. Options are BenchMain's: bench/run.sh --help lists them. Takes about an hour
# with the full sizes; bench/run.sh --smoke tries the whole harness in a minute.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -B -DskipTests package -pl bench -am
if [ ! -f bench/target/bench.classpath ]; then
  echo "bench: the bench module did not build" >&2
  exit 2
fi
# Scenario 5 runs the product jar; when the server does not build, that scenario says so and the rest still run.
if ! mvn -q -B -DskipTests package -pl server -am > bench/target/server-build.log 2>&1; then
  echo "bench: the server did not build (see bench/target/server-build.log); scenario 5 will use whatever jar is there" >&2
fi
java_cmd=java
[ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] && java_cmd="$JAVA_HOME/bin/java"
# BENCH_JAVA_OPTS reaches the harness JVM, e.g. -Dbench.jfr=DIR to record every node with Flight Recorder.
exec "$java_cmd" $BENCH_JAVA_OPTS -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.jobwarden.bench.BenchMain "$@"
