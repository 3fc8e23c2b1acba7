#!/bin/sh
# podvisor's guard for the containerd it owns. Usage: guard.sh DIR CONTAINERD
# Why a guard: runc's shims and containers are reparented away from containerd and podvisor, so neither
# a dying containerd nor a SIGKILLed podvisor takes them along. podvisor holds this script's stdin open;
# EOF (podvisor exited or was killed) makes it stop containerd and kill every container and shim it left.
# It cleans the same way before starting when an earlier guard did not finish (guard.dirty is still there).
dir=$1
containerd=$2
sock="$dir/containerd.sock"
exec 3<&0 </dev/null >>"$dir/guard.log" 2>&1
trap '' INT TERM HUP PIPE

kill_matching() {
  # $1: a string the process' command line contains (one grep over every cmdline; not the grep itself).
  grep -lasF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null | while read -r file; do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    [ "$pid" = "$$" ] && continue
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = grep ] && continue
    kill -9 "$pid" 2>/dev/null
  done
}

alive() {
  # A zombie has exited already: only its parent's wait is missing.
  [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

cleanup() {
  if [ -f "$dir/containerd.pid" ]; then
    old=$(cat "$dir/containerd.pid")
    if tr '\0' '\n' <"/proc/$old/cmdline" 2>/dev/null | grep -qxF -- "$dir/config.toml"; then
      kill -TERM "$old" 2>/dev/null
      i=0
      while alive "$old" && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
      kill -9 "$old" 2>/dev/null
    fi
    rm -f "$dir/containerd.pid"
  fi
  # Each container's init is PID 1 of its PID namespace (or the sandbox's): killing it kills the namespace.
  for state in "$dir"/runc/*/*/state.json "$dir"/runc/*/state.json; do
    [ -f "$state" ] || continue
    pid=$(sed -n 's/.*"init_process_pid":\([0-9]*\).*/\1/p' "$state")
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  kill_matching "$sock"
  # What the dead shims and CRI had mounted (rootfs overlays, sandbox /dev/shm), deepest first.
  awk -v prefix="$dir/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null
  done
  # Last: still here at the next start, it means this cleanup did not finish (the guard itself was killed).
  rm -f "$dir/guard.dirty"
}

# Only a containerd started by a guard that did not finish its cleanup can have left anything: the scan (a grep over
# every process, awk, sort: hundreds of milliseconds on a loaded machine) is skipped at a start after a clean stop.
[ -f "$dir/guard.dirty" ] || [ -f "$dir/containerd.pid" ] && cleanup
: >"$dir/guard.dirty"
"$containerd" --config "$dir/config.toml" </dev/null 3<&- >>"$dir/containerd.log" 2>&1 &
echo $! >"$dir/containerd.pid"
echo "guard: containerd $! started"
# Blocks until podvisor closes its end (or dies).
read -r _ <&3 || true
echo "guard: $(date +%T.%N) podvisor is gone; stopping containerd"
cleanup
wait
echo "guard: $(date +%T.%N) done"
