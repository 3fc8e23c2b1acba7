#!/usr/bin/env bash
# What does the Service proxy of `podvisor serve` cost per connection and in throughput? Publishes podvisor, serves on
# a free port, runs one echo pod (bench/proxy/echo_server.py) behind a NodePort Service, then times REQUESTS
# connect-send-read-close round trips and a MB-each-way echo stream, directly and through 127.0.0.1:nodePort
# (bench/proxy/proxy_bench.py), and through socat (a plain TCP forward, the baseline) when it is installed
# (Debian's socat). Prints p50/p99 and the ratios to the direct connection.
# Usage: bench/proxy-overhead.sh [REQUESTS] [MB]   (defaults 2000, 256)
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-2000}"
megabytes="${2:-256}"
out="$(mktemp -d /var/tmp/podvisor-bench-XXXXXX)"
serve_pid=
socat_pid=
cleanup() {
  set +e
  [ -n "$socat_pid" ] && kill -TERM "$socat_pid" 2>/dev/null && wait "$socat_pid" 2>/dev/null
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  rm -rf "$out"
}
trap cleanup EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
mkdir -p "$out/home"
export HOME="$out/home"
"$out/bin/podvisor" serve --data-dir "$out/data" --port 0 >"$out/serve.out" 2>"$out/serve.err" &
serve_pid=$!
for _ in $(seq 300); do grep -q '^export KUBECONFIG=' "$out/serve.out" && break; sleep 0.1; done
export KUBECONFIG="$(sed -n 's/^export KUBECONFIG=//p' "$out/serve.out")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$out/echo.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: echo, labels: {app: echo}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: echo
    image: busybox
    command: [/usr/bin/python3, $PWD/bench/proxy/echo_server.py, "$port"]
    ports: [{name: tcp, containerPort: $port}]
    readinessProbe: {tcpSocket: {port: tcp}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  type: NodePort
  selector: {app: echo}
  ports: [{port: 7, targetPort: tcp}]
YAML
kubectl apply -f "$out/echo.yaml" >/dev/null
kubectl wait --for=condition=Ready pod/echo --timeout=60s >/dev/null
node_port=$(kubectl get svc echo -o jsonpath='{.spec.ports[0].nodePort}')
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $node_port)).close()" 2>/dev/null && break; sleep 0.1; done
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), backend 127.0.0.1:$port, node port $node_port"
socat_port=
if command -v socat >/dev/null 2>&1; then
  socat_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr" "TCP:127.0.0.1:$port" &
  socat_pid=$!
  for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $socat_port)).close()" 2>/dev/null && break; sleep 0.1; done
else
  echo "socat not installed (apt-get install socat): no plain-forward baseline"
fi
python3 bench/proxy/proxy_bench.py "$port" "$node_port" "$requests" "$megabytes" $socat_port
