#!/usr/bin/env bash
# What does the private /tmp cost per container start?
# Runs a pod of 30 init containers (`true`) and one app through the published podvisor, with
# PODVISOR_ISOLATION=none, =auto (a mount namespace as root) and =user (the unprivileged fallback), RUNS times each, and reads the timeline:
# per container = (PodTerminated - first Created event) / 31, in ms.
# Usage: bench/isolation-start-cost.sh [RUNS]   (default 5). Prints min / median / max per mode.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
out="$(mktemp -d /var/tmp/podvisor-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
{
  printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: starts}\nspec:\n  restartPolicy: Never\n  initContainers:\n'
  for i in $(seq 30); do printf '  - {name: init-%d, image: busybox, command: ["true"]}\n' "$i"; done
  printf '  containers:\n  - {name: app, image: busybox, command: ["true"]}\n'
} >"$out/pod.yaml"
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), uid $(id -u)"
for mode in none auto user; do
  for i in $(seq "$runs"); do
    PODVISOR_ISOLATION=$mode "$out/bin/podvisor" run "$out/pod.yaml" --state-dir "$out/state-$mode-$i" 2>"$out/run.log" >/dev/null
    awk '
      / event Normal Created/ && !first { first = substr($1, 2) + 0 }
      / PodTerminated /                 { end = substr($1, 2) + 0 }
      END { printf "%.2f\n", (end - first) * 1000 / 31 }' "$out/run.log"
  done | sort -n | awk -v mode="$mode" '{ v[NR] = $1 } END {
    med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "isolation=%-5s per container start+exit  n=%d  min %.2f ms  median %.2f ms  max %.2f ms\n", mode, NR, v[1], med, v[NR] }'
done
