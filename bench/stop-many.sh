#!/usr/bin/env bash
# Stopping many pods at once: N one-container pods (`probe wait`: exits 0 on SIGTERM) in one `podvisor run`, all
# Running, then SIGTERM to podvisor (graceful delete of every pod, as Ctrl-C). Prints the time to all Running, the
# time from SIGTERM to podvisor's exit (every pod removed, the summary printed, every process reaped), the KillSent
# lines of the live view (a container that exits on SIGTERM within its grace period must get none) and the exit codes.
# Usage: bench/stop-many.sh PODVISOR_DIR N [GRACE] [BUSY]
#   PODVISOR_DIR  a `dotnet publish src/Podvisor.Cli -c Release -o DIR` output (so two builds compare side by side)
#   GRACE         terminationGracePeriodSeconds (default 5; the kubelet raises less than 2 s to 2 s)
#   BUSY          `yes > /dev/null` processes kept running during the stop only (default 0): a loaded machine
# Needs root (the process runtime's PID namespaces) and gcc; scratch in $PODVISOR_BENCH_DIR (default /var/tmp/podvisor-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"; n="$2"; grace="${3:-5}"; busy="${4:-0}"
scratch="${PODVISOR_BENCH_DIR:-/var/tmp/podvisor-bench}/stop-many"
# Outside /tmp: a container's /tmp is its own.
mkdir -p "$scratch"
[ "$scratch/probe" -nt bench/native/probe.c ] || gcc -O2 -static -o "$scratch/probe" bench/native/probe.c
run="$scratch/run-$n-$$"
mkdir -p "$run"
for i in $(seq 0 $((n - 1))); do
  [ "$i" -gt 0 ] && echo '---'
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: wait-%d\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: %d\n  containers:\n  - name: c\n    image: bench\n    command: ["%s", "wait"]\n' "$i" "$grace" "$scratch/probe"
done >"$run/pods.yaml"

pid=""; loaders=""
cleanup() {
  [ -n "$loaders" ] && kill $loaders 2>/dev/null || true
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT

t0=$(date +%s%N)
"$bin/podvisor" run "$run/pods.yaml" --state-dir "$run/state" >"$run/out.txt" 2>&1 &
pid=$!
running=0
for _ in $(seq 1 1200); do
  running=$(grep -c '→ Running' "$run/out.txt" || true)
  [ "$running" -ge "$n" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
t1=$(date +%s%N)
[ "$running" -ge "$n" ] || { echo "only $running of $n pods Running; see $run/out.txt" >&2; trap - EXIT; exit 1; }
sleep 2
for _ in $(seq 1 "$busy"); do (exec yes >/dev/null) & loaders="$loaders $!"; done
ts=$(date +%s%N)
kill -TERM "$pid"
for _ in $(seq 1 3000); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
te=$(date +%s%N)
[ -n "$loaders" ] && kill $loaders && loaders=""
alive=""
kill -0 "$pid" 2>/dev/null && alive=" (still running after 300 s: killed)"
rc=0; wait "$pid" || rc=$?
pid=""
printf 'n=%d grace=%ds busy=%d: all Running %.2f s; SIGTERM -> podvisor exit %.2f s%s (exit code %d); KillSent %d; container exit code 0: %d, 137: %d\n' \
  "$n" "$grace" "$busy" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "($te - $ts) / 1000000000" | bc -l)" "$alive" "$rc" \
  "$(grep -c ' KillSent ' "$run/out.txt" || true)" "$(grep -c 'ContainerExited exit code 0' "$run/out.txt" || true)" \
  "$(grep -c 'ContainerExited exit code 137' "$run/out.txt" || true)"
