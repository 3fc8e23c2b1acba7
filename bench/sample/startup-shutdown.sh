#!/usr/bin/env bash
# How long does the RandomGenerator sample (the image k8spatterns/random-generator:1.0) take from process
# start to serving, and from SIGTERM to exit?
# Runs the published sample directly (no podvisor in between) RUNS times per drain delay, on 127.0.0.1 and a
# free port: start = the moment before exec, serving = the first HTTP 200 from GET / (polled every 5 ms),
# SIGTERM -> exit = from `kill -TERM` to `wait` returning. DRAIN_DELAY_SECONDS=0 shows the app's own stop;
# the library's default drain of 5 s is there on purpose (endpoints must stop routing first).
# Usage: bench/sample/startup-shutdown.sh [RUNS]   (default 10). Prints min / median / p95 / max in ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
app="$out/bin/images/random-generator/RandomGenerator.dll"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

measure() { # drain-seconds run-number -> "start_to_serving_ms sigterm_to_exit_ms exit_code"
  local drain="$1" i="$2" port
  port="$(free_port)"
  ( echo "$(now_ms)" >"$out/t0-$drain-$i"
    export SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$port" DRAIN_DELAY_SECONDS="$drain" READY_FILE="$out/ready-$drain-$i"
    exec dotnet "$app" ) >"$out/app-$drain-$i.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.005; done
  local serving; serving="$(now_ms)"
  local term; term="$(now_ms)"
  kill -TERM "$pid"
  local code=0; wait "$pid" || code=$?
  local exited; exited="$(now_ms)"
  echo "$(( serving - $(cat "$out/t0-$drain-$i") )) $(( exited - term )) $code"
}

summarize() {
  sort -n | awk -v name="$1" '{ v[NR] = $1 } END {
    p95 = v[int((NR * 95 + 99) / 100)]; med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-40s n=%d  min %d ms  median %.1f ms  p95 %d ms  max %d ms\n", name, NR, v[1], med, p95, v[NR] }'
}

echo "sample $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), $(dotnet --version)"
for drain in 0 5; do
  for i in $(seq "$runs"); do measure "$drain" "$i"; done >"$out/samples-$drain"
  if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$out/samples-$drain"; then
    echo "a run exited non-zero:"; cat "$out/samples-$drain"; exit 1
  fi
  [ "$drain" = 0 ] && cut -d' ' -f1 "$out/samples-$drain" | summarize "process start -> serving"
  cut -d' ' -f2 "$out/samples-$drain" | summarize "SIGTERM -> exit (DRAIN_DELAY_SECONDS=$drain)"
done
