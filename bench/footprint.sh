#!/bin/sh
# Footprint and start-up of the product as shipped: launch -> GET /health answering 200 UP, then, after the worker
# has settled, the resident memory (VmRSS) of the supervisor and of its worker, with a config of idle shell jobs.
# Runs the supervised `run` and `run --no-supervisor`, N times each, and prints every run and the medians.
#
#   bench/footprint.sh [--runs N] [--jobs N] [--settle SECONDS] [--jar FILE] [--java-opts "..."]
#                      [--worker-opts '"-Xmx64m", "-XX:+UseSerialGC"'] [--work DIR] [--modes "supervised plain"]
#                      [--launcher FILE] [--before-jar FILE] [--before-launcher FILE]
#
# --modes also takes worker-cds and worker-nocds: `run --no-supervisor` with the worker's JVM defaults, with and
# without the class-data archive the warm-up wrote, to measure what the archive gains; and restart: the supervised
# run's second launch of the same instance, whose store already holds the jobs (the first launch is not measured).
#
# Launches through bin/jobwarden (--launcher), as people do, so with its supervisor JVM options; --java-opts sets
# JOBWARDEN_JAVA_OPTS, --worker-opts the config's supervisor.jvm-options. The supervised runs share one worker
# class-data archive (data/cds), made by an unmeasured warm-up run first, as on a machine that started before;
# --worker-opts '"-Xshare:auto"' measures without it. Linux only (/proc). Builds nothing: build the jar first with
# mvn -B -DskipTests package -pl server -am. --before-jar (and --before-launcher, default --launcher) adds a
# "-before" run of every mode with another build, interleaved with the runs of this one, each build with its own
# warm-up and archive: a before/after comparison on a machine whose load changes from minute to minute.
# No set -e: a run that fails to come up must still be stopped, and is reported as NaN.
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5
worker_opts=
modes="supervised plain"
launcher=
before_jar=
before_launcher=
# JvmOptions.WORKER, for the worker-cds / worker-nocds modes that start the worker alone.
worker_defaults="-XX:+UseSerialGC -Xms8m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
jobs=1000
settle=10
jar="$root/server/target/jobwarden.jar"
work="$root/bench/target/footprint-work"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --java-opts) JOBWARDEN_JAVA_OPTS=$2; export JOBWARDEN_JAVA_OPTS; shift 2 ;;
    --worker-opts) worker_opts=$2; shift 2 ;;
    --modes) modes=$2; shift 2 ;;
    --launcher) launcher=$2; shift 2 ;;
    --before-jar) before_jar=$2; shift 2 ;;
    --before-launcher) before_launcher=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "footprint: unknown option $1 (try --help)" >&2; exit 1 ;;
  esac
done
[ -n "$launcher" ] || launcher="$root/bin/jobwarden"
[ -f "$jar" ] || { echo "footprint: no jar at $jar; build it with mvn -B -DskipTests package -pl server -am" >&2; exit 2; }
[ -z "$before_jar" ] || [ -f "$before_jar" ] || { echo "footprint: no jar at $before_jar" >&2; exit 2; }
[ -n "$before_launcher" ] || before_launcher=$launcher
# Each launch runs from its instance's directory: a path given relative to where this script was started would
# no longer lead to the launcher or the jar there.
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
launcher=$(absolute "$launcher"); before_launcher=$(absolute "$before_launcher"); jar=$(absolute "$jar")
[ -z "$before_jar" ] || before_jar=$(absolute "$before_jar")
work=$(absolute "$work")
mkdir -p "$work"
# Each build from a directory of its own: the launcher keeps the supervisor's class-data archive beside the jar and
# deletes the archives of other jars there, so two builds side by side would take each other's archive away.
if [ -n "$before_jar" ]; then
  mkdir -p "$work/jar-after" "$work/jar-before"
  cp "$jar" "$work/jar-after/jobwarden.jar"; jar=$work/jar-after/jobwarden.jar
  cp "$before_jar" "$work/jar-before/jobwarden.jar"; before_jar=$work/jar-before/jobwarden.jar
fi

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo NaN; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Prints the ms from start (epoch ms) until GET /health answers UP, or NaN when pid ends first or after 180 s. One
# process polling every 5 ms over plain sockets: a curl started every 5 ms took three quarters of one of this
# machine's two cores (1.5 s of CPU in 2 s, measured), which the JVMs being measured then waited for.
wait_up() { # port start_ms pid
  python3 - "$@" <<'PY'
import os, socket, sys, time
port, start, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
deadline = start / 1000 + 180
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        break
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(request)
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        if answer.startswith(b"HTTP/1.1 200") and b'"UP"' in answer:
            print(int(time.time() * 1000) - start)
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.005)
print("NaN")
PY
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "NaN"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

count_jobs() { # port: pages through GET /api/jobs (500 a page) and counts the distinct idle job ids
  after=; : > "$work/ids"
  while :; do
    page=$(curl -s --max-time 30 "http://127.0.0.1:$1/api/jobs?limit=500${after:+&after=$after}")
    echo "$page" | jq -r '.jobs[].id' >> "$work/ids"
    after=$(echo "$page" | jq -r '.nextAfter // empty')
    [ -n "$after" ] || break
  done
  grep -c '^idle-' "$work/ids" | tr -d ' '
}

write_config() { # dir port
  {
    echo "name: bench-footprint"
    echo "http: { bind: 127.0.0.1, port: $2 }"
    # A long heartbeat timeout: on a loaded machine a worker's start can outlast the default, and a restart
    # would be measured as a slow start.
    echo "supervisor:"
    echo "  heartbeat-timeout: 5m"
    [ -n "$worker_opts" ] && echo "  jvm-options: [$worker_opts]"
    echo "jobs:"
    i=1
    while [ $i -le "$jobs" ]; do
      printf '  - id: idle-%04d\n    schedule: "0 0 0 1 1 ?"\n    type: shell\n    command: ["true"]\n' $i
      i=$((i + 1))
    done
  } > "$1/jobwarden.yml"
}

# One launch: prints "<ms to UP> <supervisor MiB> <worker MiB>" (worker "-" without a supervisor).
one_run() { # mode dir
  # restart: the second launch of an instance, whose store already holds the jobs (its first launch unmeasured).
  case $1 in
    restart*) first=supervised${1#restart}; one_run "$first" "$2" > /dev/null; keep_data=yes; set -- "$first" "$2" ;;
    *) keep_data=no ;;
  esac
  mode=$1; dir=$2
  # A mode ending in -before runs the --before-jar build, with its own class-data archive.
  run_jar=$jar; run_launcher=$launcher; cds=$work/cds
  case $mode in *-before) mode=${mode%-before}; run_jar=$before_jar; run_launcher=$before_launcher; cds=$work/cds-before ;; esac
  if [ "$keep_data" = no ]; then
    rm -rf "$dir"; mkdir -p "$dir/data"
    [ -d "$cds" ] && cp -r "$cds" "$dir/data/cds"
  fi
  port=$(free_port)
  write_config "$dir" "$port"
  extra=--no-supervisor
  opts=${JOBWARDEN_JAVA_OPTS:-}
  case $mode in
    supervised) extra= ;;
    # The worker's start alone, with its JVM defaults, with and without the archive the warm-up wrote.
    worker-cds) opts="$worker_defaults -XX:SharedArchiveFile=$(ls "$cds"/*.jsa 2>/dev/null | head -n 1) -Xshare:auto" ;;
    worker-nocds) opts=$worker_defaults ;;
  esac
  start=$(now_ms)
  # shellcheck disable=SC2086
  (cd "$dir" && JOBWARDEN_JAR="$run_jar" JOBWARDEN_JAVA_OPTS="$opts" exec "$run_launcher" run $extra --config "$dir/jobwarden.yml" \
      --data "$dir" --port "$port" > "$dir/console.log" 2>&1) &
  pid=$!
  up=$(wait_up "$port" "$start" "$pid")
  sleep "$settle"
  listed=$(count_jobs "$port")
  [ "$listed" -eq "$jobs" ] || echo "footprint: the API lists $listed of $jobs jobs; see $dir/console.log" >&2
  sup=$(rss_mib $pid)
  worker=-
  if [ "$mode" = supervised ]; then
    child=$(pgrep -P $pid | head -n 1)
    worker=$( [ -n "$child" ] && rss_mib "$child" || echo NaN)
  fi
  kill -TERM $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  # The archive a worker wrote at its stop serves the next runs, as it would serve the next start of a service.
  [ -d "$dir/data/cds" ] && [ ! -d "$cds" ] && cp -r "$dir/data/cds" "$cds"
  echo "$up $sup $worker"
}

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $jobs idle jobs, $runs runs, settle ${settle}s, JOBWARDEN_JAVA_OPTS='${JOBWARDEN_JAVA_OPTS:-}', worker options [${worker_opts:-}]"
echo "# jar $jar, launcher $launcher${before_jar:+; --before-jar $before_jar, launcher $before_launcher}"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work/cds" "$work/cds-before"
case " $modes " in *" supervised "*|*" restart "*|*" worker-cds "*)
  echo "warm-up (not counted): $(one_run supervised "$work/warm-up")"
  [ -z "$before_jar" ] || echo "warm-up of --before-jar (not counted): $(one_run supervised-before "$work/warm-up")" ;;
esac
if [ -n "$before_jar" ]; then
  all=
  for mode in $modes; do all="$all $mode-before $mode"; done
  modes=$all
fi
for mode in $modes; do : > "$work/$mode.txt"; done
# Runs interleave the modes, so that a busy minute on the machine does not land on one mode only.
r=1
while [ $r -le "$runs" ]; do
  for mode in $modes; do
    line=$(one_run $mode "$work/$mode-$r")
    echo "$mode run $r: up_ms supervisor_MiB worker_MiB = $line"
    echo "$line" >> "$work/$mode.txt"
  done
  r=$((r + 1))
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | launch to /health UP (ms) | launched JVM RSS (MiB) | worker RSS (MiB) |"
echo "| --- | ---: | ---: | ---: |"
for mode in $modes; do
  up=$(cut -d' ' -f1 "$work/$mode.txt" | median)
  sup=$(cut -d' ' -f2 "$work/$mode.txt" | median)
  case $mode in
    supervised) worker=$(cut -d' ' -f3 "$work/$mode.txt" | median); label="run (supervisor + worker)" ;;
    supervised-before) worker=$(cut -d' ' -f3 "$work/$mode.txt" | median); label="run (supervisor + worker), --before-jar" ;;
    restart) worker=$(cut -d' ' -f3 "$work/$mode.txt" | median); label="run, the instance's second launch" ;;
    restart-before) worker=$(cut -d' ' -f3 "$work/$mode.txt" | median); label="run, the instance's second launch, --before-jar" ;;
    plain) worker=-; label="run --no-supervisor" ;;
    plain-before) worker=-; label="run --no-supervisor, --before-jar" ;;
    *) worker=-; label="run --no-supervisor, worker options, $mode" ;;
  esac
  echo "| $label | $up | $sup | $worker |"
done
