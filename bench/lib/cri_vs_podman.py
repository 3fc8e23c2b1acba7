#!/usr/bin/env python3
"""Measures podvisor --runtime containerd against podman on one machine, side by side (issue 11).

Called by bench/cri-vs-podman.sh, which starts the registry, pushes the images and prepares the podman store.
Prints one Markdown report on stdout; progress goes to stderr.

Clocks: every wall time here is time.monotonic() of this process. podvisor prints its timeline as offsets
from its own start ("+3.325s ..."); the offset of podvisor's clock in ours is the smallest (read time - offset)
over every timeline line read, i.e. the line that reached us with the least delay (a bound, +- 1 ms from the
millisecond rounding), so a timeline step can be compared with a death seen here through a pidfd.

The sigkill scenario also runs podvisor with PODVISOR_TRACE_KILL: its kill thread stamps the signal on CLOCK_MONOTONIC
(the clock of time.monotonic()) with its distance from the engine's deadline, so the deadline itself is known to the
microsecond there, and the death (seen by a SCHED_FIFO thread here, so the observer's own wake-up under load is not
counted) is measured against it without the timeline's rounding. The CRI runtime's exit stamps (pidfd readable,
containerd's status showing the exit, the exit handed to the engine) come in the same file.
"""
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

LINE = re.compile(r"^\s*\+([0-9]+\.[0-9]+)s (.*)$")
PULLED = re.compile(r'Successfully pulled image "[^"]*" in ([0-9.]+)(ms|s) ')
MARKER = "pvbench-sigkill"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


class PodvisorRun:
    """One `podvisor run`, its output read line by line as it arrives, each line stamped with our clock."""

    def __init__(self, exe, manifest, state, mirrors, env=None):
        args = [exe, "run", manifest, "--runtime", "containerd", "--state-dir", state]
        for m in mirrors:
            args += ["--registry-mirror", m]
        self.lines = []  # (read time, offset or None, text)
        self.cond = threading.Condition()
        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     bufsize=0, start_new_session=True, env={**os.environ, **(env or {})})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = b""
        while True:
            chunk = self.proc.stdout.read(65536)
            now = time.monotonic()
            if not chunk:
                break
            buf += chunk
            *whole, buf = buf.split(b"\n")
            with self.cond:
                for raw in whole:
                    text = raw.decode("utf-8", "replace")
                    m = LINE.match(text)
                    self.lines.append((now, float(m.group(1)) if m else None, m.group(2) if m else text))
                self.cond.notify_all()
        with self.cond:
            self.lines.append((time.monotonic(), None, "<eof>"))
            self.cond.notify_all()

    def wait_for(self, needle, timeout):
        """The first line containing needle: (read time, offset, text); raises with the output's tail on timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if needle in line[2]:
                        return line
                    if line[2] == "<eof>":
                        raise RuntimeError(f"podvisor ended before '{needle}':\n" + self.tail())
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"no '{needle}' within {timeout}s:\n" + self.tail())
                self.cond.wait(left)

    def offset_of(self, needle):
        line = self.wait_for(needle, 0.001)
        return line[1]

    def clock_origin(self):
        """podvisor's offset zero on our clock: min(read time - offset) over the timeline lines."""
        with self.cond:
            return min(t - off for t, off, _ in self.lines if off is not None)

    def tail(self):
        return "\n".join(text for _, _, text in self.lines[-15:])

    def stop(self, timeout=60):
        """Ctrl-C (delete the pods with their grace period), a second one after 20 s, SIGKILL at the bound."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout - 20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.reader.join(5)


def pod_yaml(name, image, script, grace):
    return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  hostNetwork: true
  restartPolicy: Never
  terminationGracePeriodSeconds: {grace}
  containers:
  - name: app
    image: {image}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", {script!r}]
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def podman(*args, check=True):
    t0 = time.monotonic()
    r = subprocess.run(["podman", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = (time.monotonic() - t0) * 1000
    if check and r.returncode != 0:
        raise RuntimeError(f"podman {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return wall


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-len(s) * p // 100) - 1))]


def summary(values):
    return f"median {statistics.median(values):.1f}, p99 {pct(values, 99):.1f}, min {min(values):.1f}, max {max(values):.1f} (n={len(values)})"


QUIET = "trap 'exit 0' TERM; while :; do sleep 0.1; done"


def bench_create(exe, work, mirror, runs, out):
    image = "busybox:1.36"
    manifest = write(f"{work}/create.yaml", pod_yaml("bench-create", image, QUIET, 5))
    state = f"{work}/state-create"
    cli, sched = [], []
    for i in range(-1, runs):  # run -1 pulls the image into this state dir: dropped
        run = PodvisorRun(exe, manifest, state, [mirror])
        try:
            running = run.wait_for("phase Pending → Running", 120)
            scheduled = run.offset_of("Scheduled")
        finally:
            run.stop()
        if i >= 0:
            cli.append((running[0] - run.t_spawn) * 1000)
            sched.append((running[1] - scheduled) * 1000)
        log(f"create podvisor {i}: cli {(running[0] - run.t_spawn) * 1000:.0f} ms, scheduled->running {(running[1] - scheduled) * 1000:.0f} ms")
    podman("pull", "-q", f"docker.io/library/{image}")
    play = []
    for i in range(-1, runs):
        wall = podman("kube", "play", manifest)
        podman("kube", "down", manifest)
        if i >= 0:
            play.append(wall)
        log(f"create podman {i}: {wall:.0f} ms")
    out.append("## create → Running, one container, image present\n")
    out.append("| measure | ms |\n|---|---|")
    out.append(f"| podvisor: CLI start → phase Running line read (own containerd started each run) | {summary(cli)} |")
    out.append(f"| podvisor: Scheduled → phase Running (its timeline) | {summary(sched)} |")
    out.append(f"| podman: `podman kube play` wall time (returns once the container started) | {summary(play)} |")
    m = statistics.median(play)
    out.append(f"\nRatios of medians (goal ≤ 0.5× podman): CLI start → Running **{statistics.median(cli) / m:.2f}×**, "
               f"Scheduled → Running **{statistics.median(sched) / m:.2f}×**.\n")


def bench_pull(exe, work, mirror, runs, out):
    out.append("## pull from the loopback registry, image absent\n")
    out.append("| image | podvisor `Pulled` duration, ms | `podman pull` wall, ms | ratio of medians (goal ≤ 1.2×) |\n|---|---|---|---|")
    for image in ["busybox:1.36", "k8spatterns/random-generator:1.0"]:
        full = f"docker.io/{image}" if "/" in image else f"docker.io/library/{image}"
        manifest = write(f"{work}/pull.yaml", pod_yaml("bench-pull", image, QUIET, 5))
        pv, pm = [], []
        for i in range(runs):
            state = f"{work}/state-pull-{i}"
            run = PodvisorRun(exe, manifest, state, [mirror])
            try:
                line = run.wait_for("Successfully pulled image", 300)
            finally:
                run.stop()
            shutil.rmtree(state, ignore_errors=True)
            m = PULLED.search(line[2])
            pv.append(float(m.group(1)) * (1 if m.group(2) == "ms" else 1000))
            podman("rmi", "-f", full, check=False)
            pm.append(podman("pull", "-q", full))
            log(f"pull {image} {i}: podvisor {pv[-1]:.0f} ms, podman {pm[-1]:.0f} ms")
        out.append(f"| `{image}` | {summary(pv)} | {summary(pm)} | **{statistics.median(pv) / statistics.median(pm):.2f}×** |")
    out.append("")


def find_pid1(marker, timeout):
    """The host PID of the container's PID 1 whose command line holds marker (NSpid ends in 1)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() not in f.read():
                        continue
                with open(f"/proc/{pid}/status") as f:
                    nspid = next(l for l in f if l.startswith("NSpid:")).split()
                if nspid[-1] == "1" and len(nspid) > 2:
                    return int(pid)
            except (OSError, StopIteration):
                continue
        time.sleep(0.01)
    raise RuntimeError(f"no container PID 1 with {marker} within {timeout}s")


def read_kill_trace(path, pid):
    """The kill thread's line for pid (a dict of its fields) and the exit stamps for pid (stage -> [mono µs])."""
    kill, marks = None, {}
    try:
        with open(path) as f:
            lines = f.readlines()
    except FileNotFoundError:
        return None, marks
    for line in lines:
        fields = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if fields.get("pid") != str(pid):
            continue
        if line.startswith("mark "):
            marks.setdefault(fields["stage"], []).append(int(fields["mono_us"]))
        elif "sent_mono_us" in fields:
            kill = fields
    return kill, marks


def bench_sigkill(exe, work, mirror, runs, out):
    script = f'trap "" TERM; while :; do sleep 1; done # {MARKER}'
    manifest = write(f"{work}/sigkill.yaml", pod_yaml("bench-sigkill", "busybox:1.36", script, 2))
    state = f"{work}/state-create"  # image already present there
    outside, own_exit, own_kill, failed = [], [], [], []
    traced_sent, traced_dead, observed, status_seen, reported, status_reads = [], [], [], [], [], []
    untraced = 0
    for i in range(-1, runs):  # run -1 pulls the image when the state dir lacks it: dropped
        trace = f"{work}/kill-trace-{i}"
        run = PodvisorRun(exe, manifest, state, [mirror], env={"PODVISOR_TRACE_KILL": trace})
        try:
            run.wait_for("phase Pending → Running", 120)
            pid = find_pid1(MARKER, 10)
            pidfd = os.pidfd_open(pid)
            dead = []

            def watch():
                # Realtime, so that this thread's own wake-up on a busy machine is not counted as the kill's lateness.
                os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(2))
                p = select.poll()
                p.register(pidfd, select.POLLIN)
                p.poll()
                dead.append(time.monotonic())

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            os.killpg(run.proc.pid, signal.SIGINT)
            watcher.join(60)
            if not dead:
                raise RuntimeError("the container did not die within 60 s of the deletion:\n" + run.tail())
            os.close(pidfd)
            run.wait_for("ContainerExited", 30)
            stop, kill, exited = run.offset_of("StopSignalSent"), run.offset_of("KillSent"), run.offset_of("ContainerExited")
            origin = run.clock_origin()
        except RuntimeError as e:
            failed.append(i)
            log(f"sigkill {i}: FAILED, not counted: {e}")
            continue
        finally:
            run.stop()
        if i < 0:
            continue
        outside.append((dead[0] - (origin + stop + 2)) * 1000)
        own_exit.append((exited - stop - 2) * 1000)
        own_kill.append((kill - stop - 2) * 1000)
        line = f"sigkill {i}: dead (pidfd) {outside[-1]:.1f} ms, KillSent {own_kill[-1]:.0f} ms, ContainerExited {own_exit[-1]:.0f} ms after SIGTERM + 2 s"
        traced, marks = read_kill_trace(trace, pid)
        if traced is None:
            untraced += 1
        else:
            deadline_us = int(traced["sent_mono_us"]) - float(traced["sent_us"])
            dead_us = dead[0] * 1e6
            traced_sent.append(float(traced["sent_us"]) / 1000)
            traced_dead.append((dead_us - deadline_us) / 1000)
            line += f"; traced: sent {traced_sent[-1]:.2f} ms, dead {traced_dead[-1]:.2f} ms after the deadline"
            for stage, into in (("observed", observed), ("status-exited", status_seen), ("reported", reported)):
                if stage in marks:
                    into.append((marks[stage][0] - dead_us) / 1000)
                    line += f", {stage} +{into[-1]:.1f} ms"
            status_reads.append(len(marks.get("status-running", [])) + len(marks.get("status-exited", [])))
        log(line)
    out.append("## SIGKILL lateness after the grace period, CRI runtime (grace 2 s, PID 1 ignores SIGTERM)\n")
    out.append("| measure (after StopSignalSent + 2 s) | ms |\n|---|---|")
    out.append(f"| PID 1 dead, seen from outside (pidfd of its host PID; SIGTERM time from podvisor's timeline, clock-aligned) | {summary(outside)} |")
    out.append(f"| podvisor's timeline: KillSent | {summary(own_kill)} |")
    out.append(f"| podvisor's timeline: ContainerExited | {summary(own_exit)} |")
    if traced_sent:
        out.append("\nThe same runs against the engine's deadline itself, on CLOCK_MONOTONIC (`PODVISOR_TRACE_KILL`; no timeline rounding):\n")
        out.append("| measure | ms |\n|---|---|")
        out.append(f"| SIGKILL sent (kill thread's stamp) after the deadline | {summary(traced_sent)} |")
        out.append(f"| PID 1 dead (pidfd, SCHED_FIFO watcher here) after the deadline | {summary(traced_dead)} |")
        if observed:
            out.append(f"| podvisor's pidfd readable (event loop) after the death | {summary(observed)} |")
        if status_seen:
            out.append(f"| containerd's ContainerStatus first showing the exit, after the death | {summary(status_seen)} |")
        if reported:
            out.append(f"| exit handed to the engine (logs drained), after the death | {summary(reported)} |")
        if observed:
            out.append(f"| ContainerStatus reads after the death, per exit | {summary(status_reads)} |")
    if untraced:
        out.append(f"\n{untraced} run(s) left no kill line in the trace (the SIGKILL did not go through the kill thread).")
    if failed:
        out.append(f"\n{len(failed)} run(s) failed and are not counted (runs {failed}; their output is on stderr).")
    goal = traced_dead if traced_dead else outside
    out.append(f"\nGoal: p99 ≤ 5 ms for the death after the deadline: **{'met' if pct(goal, 99) <= 5 else 'not met'}** (p99 {pct(goal, 99):.1f} ms"
               f"{', traced' if traced_dead else ''}; seen from outside against the timeline: p99 {pct(outside, 99):.1f} ms).\n")


def main():
    # A shell's background job starts with SIGINT ignored, and an ignored signal stays ignored across exec:
    # podvisor would never see the Ctrl-C that deletes its pods. Handled signals are reset to default on exec.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    exe, work, port, runs, sigkill_runs, what = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    mirror = f"docker.io=http://127.0.0.1:{port}"
    out = []
    if "create" in what:
        bench_create(exe, work, mirror, runs, out)
    if "pull" in what:
        bench_pull(exe, work, mirror, runs, out)
    if "sigkill" in what:
        bench_sigkill(exe, work, mirror, sigkill_runs, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
