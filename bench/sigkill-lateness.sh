#!/usr/bin/env bash
# How late after the grace period is a container that ignores SIGTERM dead?
# Runs examples/grace/ignores-sigterm.yaml (grace 2 s) N times through the published podvisor and reads
# the timeline it prints: lateness = (ContainerExited) - (StopSignalSent + 2 s), and the same for KillSent.
# Usage: bench/sigkill-lateness.sh [RUNS]   (default 20). Prints min / median / p95 / max in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
for i in $(seq "$runs"); do
  "$out/bin/podvisor" run examples/grace/ignores-sigterm.yaml --stop-after 1s --state-dir "$out/state-$i" 2>"$out/run-$i.log" >/dev/null || true
  awk '
    / StopSignalSent / { stop = substr($1, 2) + 0 }
    / KillSent /       { kill = substr($1, 2) + 0 }
    / ContainerExited / { dead = substr($1, 2) + 0 }
    END { printf "%.0f %.0f\n", (kill - stop - 2) * 1000, (dead - stop - 2) * 1000 }' "$out/run-$i.log"
done >"$out/samples"
summarize() {
  sort -n | awk -v name="$1" '{ v[NR] = $1 } END {
    p95 = v[int((NR * 95 + 99) / 100)]; med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%-34s n=%d  min %d ms  median %.1f ms  p95 %d ms  max %d ms\n", name, NR, v[1], med, p95, v[NR] }'
}
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r)"
cut -d' ' -f1 "$out/samples" | summarize "SIGKILL sent after grace period"
cut -d' ' -f2 "$out/samples" | summarize "process dead after grace period"
