#!/usr/bin/env bash
# podvisor serve through its API: kubectl create -> Running latency, 1000 creates, 50 concurrent watchers.
# Usage: bench/api/serve-bench.sh [PODS_KUBECTL] [PODS_API] [WATCHERS]   (defaults 100 1000 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi; rm -rf "$out"; }
trap cleanup EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
"$out/bin/podvisor" serve --data-dir "$out/data" --port 0 >"$out/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do [ -f "$out/data/kubeconfig" ] && grep -q KUBECONFIG "$out/serve.log" && break; sleep 0.1; done
export HOME="$out/home"; mkdir -p "$HOME"
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), $(kubectl version --client 2>/dev/null | head -1)"
python3 bench/api/serve_bench.py "$out/data" "${1:-100}" "${2:-1000}" "${3:-50}"
