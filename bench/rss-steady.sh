#!/usr/bin/env bash
# bench/rss-steady.sh PODVISOR POD.yaml [VAR=VALUE...]
# Runs `PODVISOR run POD.yaml` (with the given environment, e.g. DOTNET_gcConcurrent=0), waits until its live view
# has shown ContainerRunning once per `kind: Pod` in the file (at most 60 s), lets it settle 3 s, prints its RSS,
# threads and /proc/PID/smaps_rollup split (MiB), then SIGTERMs it and waits for it (pods deleted gracefully).
set -euo pipefail
bin=$1; yaml=$2; shift 2
log=$(mktemp); state=$(mktemp -d)
env "$@" "$bin" run "$yaml" --state-dir "$state" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$log" "$state"' EXIT
want=$(grep -c '^kind: Pod' "$yaml")
running=0
for _ in $(seq 600); do
  running=$(grep -c ContainerRunning "$log" || true)
  [ "$running" -ge "$want" ] && break
  sleep 0.1
done
sleep 3
kib() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "$2"; }
echo "running=$running/$want rss=$(kib VmRSS /proc/$pid/status) threads=$(awk '/^Threads/{print $2}' /proc/$pid/status)" \
  "anonymous=$(kib Anonymous /proc/$pid/smaps_rollup) shared_clean=$(kib Shared_Clean /proc/$pid/smaps_rollup)" \
  "private_clean=$(kib Private_Clean /proc/$pid/smaps_rollup) private_dirty=$(kib Private_Dirty /proc/$pid/smaps_rollup) (MiB) $*"
