#!/usr/bin/env bash
# How closely do probes keep their periodSeconds over real time?
# Runs one pod through the published podvisor for DURATION seconds (default 120) with two probes of
# periodSeconds PERIOD (default 1): an httpGet readiness probe against a python3 server that logs the
# arrival time of each request, and an exec liveness probe that appends `date +%s.%N` to a file.
# Prints, per probe: the intervals between consecutive probes (vs PERIOD) and the cumulative drift
# (time of the n-th probe minus first + n * PERIOD) at the end. Timestamps are taken where the probe
# lands (server side / in the exec'd shell), so they include the probe's own start-up cost.
# Usage: bench/probes/period-drift.sh [DURATION] [PERIOD]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-120}"
period="${2:-1}"
# Not under /tmp: the exec probe writes here from the container's context.
out="$PWD/artifacts/bench-probes-$$"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
dotnet publish src/Podvisor.Cli -c Release -o "$out/bin" -v quiet -nologo >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$out/pod.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: drift}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: web
    image: python:3.12-slim
    command:
    - python3
    - -u
    - -c
    - |
      import http.server, time
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              print("probe-http %.6f" % time.time())
              self.send_response(200); self.end_headers()
          def log_message(self, *a): pass
      http.server.HTTPServer(("127.0.0.1", $port), H).serve_forever()
    readinessProbe:
      httpGet: {path: /, port: $port}
      periodSeconds: $period
    livenessProbe:
      exec: {command: [sh, -c, 'date +%s.%N >> $out/exec.times']}
      periodSeconds: $period
YAML
"$out/bin/podvisor" run "$out/pod.yaml" --stop-after "${duration}s" --state-dir "$out/state" 2>"$out/run.log" >/dev/null || true
# The first readiness probe is the kubelet's out-of-band trigger when the container starts, off the ticker's
# grid; the ticker's own probes start with the second.
grep -o 'probe-http [0-9.]*' "$out/run.log" | cut -d' ' -f2 | tail -n +2 >"$out/http.times"
echo "podvisor $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r), ${duration}s, periodSeconds ${period}"
python3 - "$period" "$out/http.times" "$out/exec.times" <<'PY'
import statistics, sys
period = float(sys.argv[1])
for name, path in (("httpGet", sys.argv[2]), ("exec", sys.argv[3])):
    times = [float(line) for line in open(path) if line.strip()]
    if len(times) < 3:
        print(f"{name}: only {len(times)} probes"); continue
    gaps = sorted((b - a) * 1000 for a, b in zip(times, times[1:]))
    dev = [g - period * 1000 for g in gaps]
    p95 = dev[min(len(dev) - 1, int(len(dev) * 0.95))]
    n = len(times) - 1
    drift = (times[-1] - times[0] - n * period) * 1000
    print(f"{name:8} n={len(times):4}  interval - period: min {dev[0]:+.1f} ms  median {statistics.median(dev):+.1f} ms"
          f"  p95 {p95:+.1f} ms  max {dev[-1]:+.1f} ms   cumulative drift after {n} periods: {drift:+.1f} ms"
          f" ({drift / n:+.3f} ms/period)")
PY
