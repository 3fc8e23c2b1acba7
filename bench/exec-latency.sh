#!/usr/bin/env bash
# What does `kubectl exec` cost through `podvisor serve` (the runtime's streaming exec, in the container's
# mount namespace)? Publishes podvisor, serves on a free port, runs a sleeper pod, then times RUNS
# `kubectl exec sleeper -- true` (wall clock, kubectl included) and one 200 MB stdout copy.
# Usage: bench/exec-latency.sh [RUNS]   (default 20). Prints min / median / p95 / max and MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
out="$(mktemp -d /var/tmp/podvisor-bench-XXXXXX)"
serve_pid=
cleanup() { [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; rm -rf "$out"; }
trap cleanup EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
mkdir -p "$out/home"
export HOME="$out/home"
"$out/bin/podvisor" serve --data-dir "$out/data" --port 0 >"$out/serve.out" 2>"$out/serve.err" &
serve_pid=$!
for _ in $(seq 300); do grep -q '^export KUBECONFIG=' "$out/serve.out" && break; sleep 0.1; done
export KUBECONFIG="$(sed -n 's/^export KUBECONFIG=//p' "$out/serve.out")"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: sleeper}\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - {name: app, image: busybox, command: [sleep, "3600"]}\n' >"$out/pod.yaml"
kubectl apply -f "$out/pod.yaml" >/dev/null
kubectl wait --for=condition=Ready pod/sleeper --timeout=60s >/dev/null
kubectl exec sleeper -- true # warm kubectl's discovery cache
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), uid $(id -u)"
for i in $(seq "$runs"); do
  start=$(date +%s%N); kubectl exec sleeper -- true; end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
done | sort -n | awk '{ v[NR] = $1 / 1000 } END {
  med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "kubectl exec -- true (wall)  n=%d  min %.1f ms  median %.1f ms  p95 %.1f ms  max %.1f ms\n", NR, v[1], med, v[int(NR * 0.95 + 0.5)], v[NR] }'
start=$(date +%s%N)
bytes=$(kubectl exec sleeper -- head -c 200000000 /dev/zero | wc -c)
end=$(date +%s%N)
awk -v b="$bytes" -v ns="$((end - start))" 'BEGIN { printf "stdout copy: %d bytes in %.2f s = %.0f MB/s\n", b, ns / 1e9, b / 1e6 / (ns / 1e9) }'
kubectl delete pod sleeper --now >/dev/null
