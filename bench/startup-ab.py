#!/usr/bin/env python3
"""bench/startup-ab.py ROUNDS DIR[:VAR=VALUE,...] ...

Start-up of `podvisor run` for builds side by side: each round runs every DIR/podvisor once (interleaved, so the
builds share the machine's load) on one pod of one `sleep 3600` container and prints, per build, the medians of
  - wall: from just before the process is started to the arrival of its first ContainerRunning line (stdout and
    stderr are one pipe, read unbuffered);
  - cpu: the process's CPU time at that moment (the sum of /proc/PID/task/*/schedstat, ns), which a loaded machine
    inflates far less than the wall time.
Each run is then ended by SIGTERM (the pod is deleted gracefully, grace period 1 s) and waited for. VAR=VALUE pairs
after a colon set environment variables for that build (e.g. /tmp/a:DOTNET_TieredPGO=0). Needs root like `run`.
"""
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

POD = """apiVersion: v1
kind: Pod
metadata:
  name: one
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
"""


def cpu_ms(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # the thread ended meanwhile
    return total / 1e6


def run_once(build, yaml, scratch):
    path, _, extra = build.partition(":")
    env = dict(os.environ)
    env.update(kv.split("=", 1) for kv in extra.split(",") if kv)
    state = tempfile.mkdtemp(dir=scratch)
    started = time.monotonic()
    child = subprocess.Popen([os.path.join(path, "podvisor"), "run", yaml, "--state-dir", state],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    seen, wall, cpu = b"", None, None
    try:
        while time.monotonic() - started < 60:
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
            if b"ContainerRunning" in seen:
                wall, cpu = (time.monotonic() - started) * 1000, cpu_ms(child.pid)
                break
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
    if wall is None:
        sys.exit(f"{path}: no ContainerRunning within 60 s; output:\n{seen.decode(errors='replace')}")
    return wall, cpu


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds, builds = int(sys.argv[1]), sys.argv[2:]
    scratch = tempfile.mkdtemp(prefix="podvisor-startup-ab-")
    try:
        yaml = os.path.join(scratch, "pod.yaml")
        with open(yaml, "w") as f:
            f.write(POD)
        results = {b: [] for b in builds}
        for _ in range(rounds):
            for build in builds:
                results[build].append(run_once(build, yaml, scratch))
        for build in builds:
            walls = [w for w, _ in results[build]]
            cpus = [c for _, c in results[build]]
            print(f"{build}: wall median {statistics.median(walls):.0f} ms (min {min(walls):.0f}, max {max(walls):.0f}); "
                  f"cpu median {statistics.median(cpus):.0f} ms (min {min(cpus):.0f}, max {max(cpus):.0f}); n = {rounds}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
