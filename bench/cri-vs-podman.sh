#!/usr/bin/env bash
# podvisor --runtime containerd against podman, side by side in one run, both pulling from one loopback registry
# (issue 11, "Performance"):
#   create   create -> Running of a one-container pod (hostNetwork, image present): podvisor's CLI start -> the
#            "phase Pending -> Running" line, and its Scheduled -> Running, against `podman kube play` of the same
#            manifest (wall time; it returns once the container started)
#   pull     busybox (~1 MB) and k8spatterns/random-generator:1.0 (~50 MB), image absent: podvisor's `Pulled`
#            event duration (a fresh state dir, so a fresh containerd store, per run) against `podman pull` wall
#            time (`podman rmi` before each)
#   sigkill  PID 1 ignoring SIGTERM, grace 2 s: its death seen through a pidfd of its host PID, minus
#            (StopSignalSent + 2 s)
# Usage: bench/cri-vs-podman.sh [RUNS] [SIGKILL_RUNS] [create,pull,sigkill]   (root; defaults 10, 20, all three)
# Installs podman (and conmon, catatonit, the CNI plugins) with apt when missing; needs containerd, runc,
# docker-registry, busybox-static, dotnet. Uses $PODVISOR_EXE or publishes src/Podvisor.Cli to artifacts/podvisor.
# Writes bench/results/<date>-cri-vs-podman.md. Scratch: $PODVISOR_BENCH_DIR (default /var/tmp/podvisor-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"; sigkill_runs="${2:-20}"; what="${3:-create,pull,sigkill}"
[ "$(id -u)" = 0 ] || { echo "cri-vs-podman.sh: run as root (containerd, podman's rootful store)" >&2; exit 1; }

need=(podman runc conmon catatonit containernetworking-plugins)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
for c in containerd docker-registry python3; do
  command -v "$c" >/dev/null || { echo "cri-vs-podman.sh: $c is missing (apt-get install containerd docker-registry python3)" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "cri-vs-podman.sh: /bin/busybox is missing: apt-get install busybox-static" >&2; exit 1; }

exe="${PODVISOR_EXE:-$PWD/artifacts/podvisor/podvisor}"
if [ ! -x "$exe" ]; then
  dotnet publish src/Podvisor.Cli -c Release -o artifacts/podvisor -v quiet -nologo >&2
fi

base="${PODVISOR_BENCH_DIR:-/var/tmp/podvisor-bench}"
work="$base/cri-vs-podman-$$"
mkdir -p "$work"
P="$base/podman-cri"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  if [ -f "$P/containers.conf" ]; then
    CONTAINERS_CONF="$P/containers.conf" CONTAINERS_STORAGE_CONF="$P/storage.conf" \
      podman pod rm -a -f -t 0 >/dev/null 2>&1 || true
  fi
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/registry}}\nhttp: {addr: 127.0.0.1:%s}\n' "$work" "$port" >"$work/registry.yml"
docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.05; done
echo ">> pushing the images to 127.0.0.1:$port" >&2
case "$what" in *pull*) only=() ;; *) only=(--only busybox) ;; esac
examples/images/build.sh "${only[@]}" --registry "127.0.0.1:$port" >&2

# podman: the isolated store bench/run uses (its own directory here), and the registry as docker.io's insecure mirror.
case "$what" in *create*|*pull*) ;; *) P="$work/no-podman" ;; esac
bench/lib/podman-setup.sh "$P" /bin/busybox >&2
cat >"$P/registries.conf" <<CONF
unqualified-search-registries = ["docker.io"]
[[registry]]
location = "docker.io"
[[registry.mirror]]
location = "127.0.0.1:$port"
insecure = true
CONF
export CONTAINERS_CONF="$P/containers.conf" CONTAINERS_STORAGE_CONF="$P/storage.conf" CONTAINERS_REGISTRIES_CONF="$P/registries.conf"
podman pod rm -a -f -t 0 >/dev/null 2>&1 || true

report="$work/report.md"
python3 bench/lib/cri_vs_podman.py "$exe" "$work" "$port" "$runs" "$sigkill_runs" "$what" >"$report"

load="$(cut -d' ' -f1-3 /proc/loadavg)"
out="bench/results/$(date -u +%Y-%m-%d)-cri-vs-podman.md"
{
  echo "# podvisor --runtime containerd vs podman, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "podvisor $(git rev-parse --short HEAD); $(containerd --version | cut -d' ' -f3); $(podman --version); runc $(runc --version | sed -n '1s/runc version //p');"
  echo "$(nproc) cores, $(uname -r), load average at the end $load (the machine is shared with builds)."
  echo "Command: \`bench/cri-vs-podman.sh $runs $sigkill_runs $what\`."
  echo
  cat "$report"
} >"$out"
cat "$out"
echo "wrote $out" >&2
