#!/usr/bin/env bash
# SIGTERMs the k8spatterns/random-generator:1.0 container built by build.sh at instants across its start-up, on
# containerd, and prints how each run ended: what issue 11's CI run saw once (exit 139, SIGSEGV) would show here.
# Each run is `podvisor run --runtime containerd --stop-after MS` of one pod (grace 5 s, no drain): the stop comes
# MS after podvisor's own start, so a spread of MS lands the SIGTERM at different points of the app's start-up.
#
# Usage: examples/images/sigterm-during-startup.sh --registry 127.0.0.1:PORT [--post-start] [--podvisor CMD] MS...
#   --post-start   the app waits for /tmp/postStart-done (WAIT_FOR_POST_START=true) that a postStart hook writes after
#                  2 s: the SIGTERM then lands around the host's start after the wait, the window of the CI failure.
#   --podvisor CMD how to run podvisor (default: podvisor on PATH), e.g. "dotnet src/Podvisor.Cli/bin/Debug/net10.0/podvisor.dll".
# Needs root, containerd, runc, and the image in the registry (build.sh --only random-generator --registry ...).
set -euo pipefail

registry=""; post_start=false; podvisor="podvisor"
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --post-start) post_start=true; shift ;;
    --podvisor) podvisor="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "sigterm-during-startup.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$registry" ] || { echo "sigterm-during-startup.sh: --registry HOST:PORT is required (see --help)" >&2; exit 2; }
[ $# -gt 0 ] || { echo "sigterm-during-startup.sh: give at least one stop-after instant in milliseconds" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: rg}\nspec:\n  terminationGracePeriodSeconds: 5\n  containers:\n'
  printf '  - name: app\n    image: k8spatterns/random-generator:1.0\n    env:\n    - {name: DRAIN_DELAY_SECONDS, value: "0"}\n'
  if $post_start; then
    printf '    - {name: WAIT_FOR_POST_START, value: "true"}\n'
    printf '    lifecycle:\n      postStart:\n        exec:\n          command: [sh, -c, '"'"'sleep 2 && echo "Wake up!" > /tmp/postStart-done'"'"']\n'
  fi
} >"$work/pod.yaml"

# One containerd state for all runs (the image is pulled once); the first run may spend its stop-after pulling.
state="$work/state"
for ms in "$@"; do
  # shellcheck disable=SC2086 # --podvisor may be a command with arguments
  out="$(timeout 120 $podvisor run "$work/pod.yaml" --runtime containerd --state-dir "$state" \
    --registry-mirror "docker.io=http://$registry" --stop-after "${ms}ms" 2>&1 || true)"
  at() { echo "$out" | grep -m1 "$1" | awk '{print $1}'; }
  exited="$(echo "$out" | grep -m1 'ContainerExited' | sed 's/.*ContainerExited //')"
  echo "stop-after=${ms}ms started=$(at 'Started container') signal=$(at 'StopSignalSent') wake=$(at 'Wake up') listening=$(at 'Now listening') exit: ${exited:-(stopped before the container started)}"
done
