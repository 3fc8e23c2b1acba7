#!/usr/bin/env bash
# Two builds of `podvisor serve` through bench/run's api scenario (7), alternately in one session (A B A B …), so
# that their figures share the machine's load and compare as ratios. Each round is the harness' quick api scenario
# (1000 pods created → all Running on a watch, 20 lists of them, 100 watchers × 100 creates); ≈3 min a round here.
# Usage: bench/api-compare.sh BASE_DIR NEW_DIR [ROUNDS]
#   BASE_DIR, NEW_DIR  `dotnet publish src/Podvisor.Cli -c Release -o DIR` outputs
#   ROUNDS             rounds per build (default 2)
# Needs root (the process runtime's PID namespaces) and gcc. Writes each round's Markdown and JSON under
# $PODVISOR_BENCH_DIR/api-compare-<pid>/ (default /var/tmp/podvisor-bench) and prints the api figures of every round.
set -euo pipefail
cd "$(dirname "$0")/.."
base="$(realpath "$1")"; new="$(realpath "$2")"; rounds="${3:-2}"
out="${PODVISOR_BENCH_DIR:-/var/tmp/podvisor-bench}/api-compare-$$"
mkdir -p "$out/native"
gcc -O2 -Wall -o "$out/native/limit" bench/native/limit.c
gcc -O2 -Wall -static -o "$out/native/probe" bench/native/probe.c
dotnet build bench/Podvisor.Bench -c Release -o "$out/harness" -v quiet -nologo >&2
for round in $(seq 1 "$rounds"); do
  for build in base new; do
    dir="$base"; [ "$build" = new ] && dir="$new"
    echo ">> round $round: $build ($dir)" >&2
    # The harness ends serve (SIGTERM, then its process tree) itself, whatever happens to the scenario.
    dotnet "$out/harness/Podvisor.Bench.dll" --quick --podvisor "$dir/podvisor" --native "$out/native" \
      --work "$out/$build-$round/work" --out "$out/$build-$round" --commit "$build" --command "bench/api-compare.sh ($build, round $round)" api \
      >"$out/$build-$round.log" 2>&1 || echo "round $round $build: harness failed, see $out/$build-$round.log" >&2
    grep -E '^  (podvisor|note)' "$out/$build-$round.log" | sed "s/^/$build $round /"
  done
done
echo "results: $out" >&2
