#!/usr/bin/env bash
# How long from a ConfigMap update (the API write) until a mounted file shows it, under `podvisor serve`?
# The kubelet needs its sync period plus its cache's TTL (60-90 s); podvisor rewrites the files when the store
# commits. Starts serve on a free port, mounts a ConfigMap into a pod, then RUNS times: PATCHes the ConfigMap with
# curl (no kubectl start-up in the figure) and polls the host file every 1 ms; prints min / median / max in ms.
# Usage: bench/config-update-latency.sh [RUNS] [PODVISOR]   (default 20; PODVISOR: a published podvisor, else published here)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
out="$(mktemp -d /var/tmp/podvisor-bench-XXXXXX)"
serve_pid=""
cleanup() { [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; rm -rf "$out"; }
trap cleanup EXIT
exe="${2:-}"
if [ -z "$exe" ]; then
  dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
  exe="$out/bin/podvisor"
fi
"$exe" serve --data-dir "$out/data" --port 0 >"$out/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 300); do grep -q '^export KUBECONFIG' "$out/serve.log" && break; sleep 0.1; done
export KUBECONFIG="$out/data/kubeconfig"
kubectl create configmap bench --from-literal=value=0 >/dev/null
kubectl apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: bench}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: app, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: cfg, mountPath: /etc/cfg}]}
  volumes:
  - {name: cfg, configMap: {name: bench}}
YAML
kubectl wait --for=condition=Ready pod/bench --timeout=60s >/dev/null
file="$(ls -d "$out"/data/state/kubelet/pods/*/volumes/kubernetes.io~configmap/cfg)/value"
server="$(kubectl config view --raw -o jsonpath='{.clusters[0].cluster.server}')"
token="$(kubectl config view --raw -o jsonpath='{.users[0].user.token}')"
kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$out/ca.crt"
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  curl -s --cacert "$out/ca.crt" -H "Authorization: Bearer $token" -H 'Content-Type: application/merge-patch+json' \
    -X PATCH "$server/api/v1/namespaces/default/configmaps/bench" -d "{\"data\":{\"value\":\"$i\"}}" >/dev/null
  until [ "$(cat "$file" 2>/dev/null)" = "$i" ]; do sleep 0.001; done
  echo $(( ($(date +%s%N) - start) / 1000 ))
done | sort -n | awk '{ v[NR] = $1 / 1000 } END {
  med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "configMap update -> mounted file (PATCH round trip included)  n=%d  min %.1f ms  median %.1f ms  max %.1f ms\n", NR, v[1], med, v[NR] }'
kubectl delete pod bench --now >/dev/null
