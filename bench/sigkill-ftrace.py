#!/usr/bin/env python3
"""bench/sigkill-ftrace.py PODVISOR PROBE [N]

The kernel's own account of scenario 3's podvisor part (bench/README.md, goal 2): N times (default 50), with every
core kept busy by a `yes > /dev/null`, one `podvisor run` of a pod whose PID 1 ignores SIGTERM (`PROBE ignterm`,
bench/native/probe.c, grace 2 s) beside a pod printing every 1.3 s, deleted by SIGTERM to podvisor once the payload's
handler is installed. ftrace records, on the CLOCK_MONOTONIC clock, the SIGTERM's delivery to the payload
(signal_deliver), the SIGKILL's generation (signal_generate, and which thread sent it), when the payload next ran
(sched_switch), the start of its exit (sched_process_exit) and the SIGCHLD its exit sends its parent, which the
kernel raises next to the pidfd's wake-up (exit_notify). Per kill and as min / median / p99 / max (ms):

  dead     SIGCHLD − (SIGTERM delivery + 2 s): the figure the harness measures from outside
  sent     SIGKILL generated − (SIGTERM delivery + 2 s)
  ran      the payload on a core − SIGKILL generated
  exiting  the exit begins − SIGKILL generated
  teardown SIGCHLD − the exit begins: the process's mm, files, namespaces (a container's mount and PID
           namespaces end here), cgroup

No clock is read by a user-space thread that could be late itself, so this is the reference the harness's figure is
checked against. SIGKILL_FTRACE_KEEP=FILE keeps the raw trace. Needs root and tracefs (mounted at /sys/kernel/tracing if it is not); it leaves tracing off and its
events disabled, and reaps every process it starts.
"""
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TRACING = "/sys/kernel/tracing"


def events(comm):
    return {
        "signal/signal_generate": "sig==9||sig==15||sig==17",
        "signal/signal_deliver": "sig==9||sig==15",
        "sched/sched_process_exit": f'comm=="{comm}"',
        "sched/sched_switch": f'next_comm=="{comm}"',
    }


def pod(name, command):
    """One pod of one container, grace 2 s, never restarted: the manifest scenario 3 writes for each of its two pods."""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: Never\n"
            f"  terminationGracePeriodSeconds: 2\n  containers:\n  - name: c\n    image: probe\n"
            f"    command: {json.dumps(command)}\n")


LINE = re.compile(r"\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)")


def write(name, value):
    with open(os.path.join(TRACING, name), "w") as f:
        f.write(value)


def start_tracing(comm):
    if not os.path.exists(os.path.join(TRACING, "trace")):
        subprocess.run(["mount", "-t", "tracefs", "tracefs", TRACING], check=True)
    write("tracing_on", "0")
    write("trace", "")
    write("trace_clock", "mono")
    write("buffer_size_kb", "8192")
    for event, condition in events(comm).items():
        write(f"events/{event}/filter", condition)
        write(f"events/{event}/enable", "1")
    write("tracing_on", "1")


def stop_tracing(comm):
    write("tracing_on", "0")
    with open(os.path.join(TRACING, "trace")) as f:
        text = f.read()
    for event in events(comm):
        write(f"events/{event}/enable", "0")
        write(f"events/{event}/filter", "0")
    write("trace", "")
    return text


def run_kills(podvisor, probe, n, work):
    busy = [subprocess.Popen(["sh", "-c", "exec yes > /dev/null"]) for _ in range(os.cpu_count() or 1)]
    runs = []
    try:
        for i in range(n):
            term = os.path.join(work, f"term-{i}")
            manifest = os.path.join(work, f"pods-{i}.yaml")
            with open(manifest, "w") as f:
                f.write(pod("stubborn", [probe, "ignterm", term]) + "---\n"
                        + pod("noise", ["sh", "-c", "while :; do echo tick; sleep 1.3; done"]))
            with open(os.path.join(work, f"run-{i}.log"), "w") as log:
                run = subprocess.Popen([podvisor, "run", manifest, "--state-dir", os.path.join(work, f"state-{i}")],
                                       stdout=log, stderr=subprocess.STDOUT)
            runs.append(run)
            started = time.monotonic()
            while not os.path.exists(term + ".pid"):
                if time.monotonic() - started > 30 or run.poll() is not None:
                    raise RuntimeError(f"rep {i}: the payload never installed its handler (see {work}/run-{i}.log)")
                time.sleep(0.01)
            run.send_signal(signal.SIGTERM)
            run.wait(timeout=60)
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
        for b in busy:
            # `sh -c` has exec'd `yes`: one process each.
            b.kill()
            b.wait()


def analyse(text, comm):
    events = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            task, tid, _cpu, stamp, name, rest = m.groups()
            events.append((float(stamp), task, int(tid), name, rest))
    rows = []
    for i, (stamp, task, tid, name, rest) in enumerate(events):
        if name != "signal_generate" or "sig=9 " not in rest or f"comm={comm} " not in rest:
            continue
        pid = int(re.search(r" pid=(\d+)", rest).group(1))
        term = next((e[0] for e in events if e[3] == "signal_deliver" and "sig=15 " in e[4] and e[2] == pid), None)
        later = events[i + 1:]
        ran = next((e[0] for e in later if e[3] == "sched_switch" and f"next_pid={pid} " in e[4]), None)
        exit_ = next((e[0] for e in later if e[3] == "sched_process_exit" and f" pid={pid} " in e[4]), None)
        chld = next((e[0] for e in later if e[3] == "signal_generate" and "sig=17 " in e[4] and e[2] == pid), None)
        if term is None or exit_ is None or chld is None:
            continue
        deadline = term + 2.0
        rows.append({
            "dead": (chld - deadline) * 1000,
            "sent": (stamp - deadline) * 1000,
            "ran": (ran - stamp) * 1000 if ran is not None else float("nan"),
            "exiting": (exit_ - stamp) * 1000,
            "teardown": (chld - exit_) * 1000,
            "by": f"{task}-{tid}",
        })
    return rows


def summary(values):
    values = sorted(values)
    p99 = values[min(len(values) - 1, -(-99 * len(values) // 100) - 1)]
    return f"min {values[0]:.3f}  median {statistics.median(values):.3f}  p99 {p99:.3f}  max {values[-1]:.3f}"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("sigkill-ftrace: needs root (ftrace, and podvisor's process runtime as in scenario 3)", file=sys.stderr)
        return 2
    podvisor, probe = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    comm = os.path.basename(probe)[:15]  # the kernel's task name: the file's, cut to 15 characters
    # Not /tmp: a container of podvisor's process runtime has a /tmp of its own, where the payload's notes would
    # not be seen.
    with tempfile.TemporaryDirectory(prefix="podvisor-sigkill-ftrace-", dir="/var/tmp") as work:
        start_tracing(comm)
        try:
            run_kills(podvisor, probe, n, work)
        finally:
            text = stop_tracing(comm)
    if os.environ.get("SIGKILL_FTRACE_KEEP"):
        with open(os.environ["SIGKILL_FTRACE_KEEP"], "w") as f:
            f.write(text)
    rows = analyse(text, comm)
    if len(rows) < n:
        print(f"warning: {n - len(rows)} of {n} kills not found whole in the trace", file=sys.stderr)
    keys = ("dead", "sent", "ran", "exiting", "teardown")
    print("kill  " + "  ".join(f"{key:>8s}" for key in keys) + "  (ms)  sent by")
    for k, r in enumerate(rows):
        print(f"{k:4d}  " + "  ".join(f"{r[key]:8.3f}" for key in keys) + f"  {r['by']}")
    for key in keys:
        values = [r[key] for r in rows if r[key] == r[key]]
        print(f"{key:8s} n={len(values)}  {summary(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
