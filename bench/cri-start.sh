#!/usr/bin/env bash
# The CRI runtime's start-up figures, one line per run: podvisor + its own containerd, image already present.
#   ready      podvisor start -> the pod's Scheduled event (containerd started and answering CRI, pause image there)
#   running    Scheduled -> phase Running (RunPodSandbox, ImageStatus, CreateContainer, StartContainer)
#   first pull the first run pulls registry.k8s.io/busybox:1.27.2 from a loopback registry (its Pulled event)
# Usage: bench/cri-start.sh [RUNS] (as root; needs containerd, runc, docker-registry, busybox-static and a
# published podvisor in $PODVISOR_EXE or artifacts/podvisor/podvisor)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
exe="${PODVISOR_EXE:-$PWD/artifacts/podvisor/podvisor}"
[ -x "$exe" ] || { echo "no podvisor at $exe: dotnet publish src/Podvisor.Cli -c Release -o artifacts/podvisor" >&2; exit 1; }
work="$(mktemp -d /tmp/pvbench.XXXXXX)"
registry_pid=""
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/storage}}\nhttp: {addr: 127.0.0.1:%s}\n' "$work" "$port" >"$work/registry.yml"
docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.05; done
examples/images/build.sh --only busybox --registry "127.0.0.1:$port" >/dev/null

cat >"$work/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: bench}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: registry.k8s.io/busybox:1.27.2
    command: ["sh", "-c", "sleep 1"]
YAML
offset() { sed -n "s/^ *+\([0-9.]*\)s .*$1.*/\1/p" "$2" | head -n 1; }
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$exe" run "$work/pod.yaml" --runtime containerd --state-dir "$work/state" --registry-mirror "registry.k8s.io=http://127.0.0.1:$port" >"$work/out" 2>&1 || true
  total=$(echo "$(date +%s.%N) - $start" | bc)
  scheduled=$(offset 'Scheduled' "$work/out"); running=$(offset 'Pending → Running' "$work/out")
  pulled=$(grep -o ' in [0-9.]*m\?s ([0-9.]*m\?s including waiting)' "$work/out" | sed 's/^ in \([^ ]*\).*/\1/' | head -n 1 || true)
  printf 'run %d: ready %ss, running +%ss, whole run %.2fs%s\n' "$i" "$scheduled" "$(echo "$running - $scheduled" | bc)" "$total" "${pulled:+, pull $pulled}"
done
