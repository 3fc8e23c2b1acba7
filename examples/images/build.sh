#!/usr/bin/env bash
# Builds small OCI images without network and pushes them, with plain HTTP, to a local registry:
#   busybox                          from Debian's busybox-static, as docker.io/library/busybox:latest and :1.36 (examples/)
#                                    and registry.k8s.io/busybox:1.27.2 (the Kubernetes docs' probe example);
#                                    with STOPSIGNAL SIGQUIT as podvisor/busybox-stopsignal:sigquit (stop signal tests)
#   k8spatterns/random-generator:1.0 samples/RandomGenerator on that busybox plus this machine's dotnet runtime
#   python:3-slim                    this machine's python3 (interpreter, standard library, the libraries it loads) on
#                                    that busybox, as docker.io/library/python:3-slim (examples/probes, rollout, workloads)
# With --registry-mirror docker.io=http://REGISTRY and registry.k8s.io=http://REGISTRY, podvisor --runtime
# containerd runs examples/seed/ and the docs' exec-liveness.yaml verbatim.
#
# Usage: examples/images/build.sh [--registry 127.0.0.1:PORT] [--only busybox|random-generator|python]
#   Without --registry it starts docker-registry on 127.0.0.1 (a free port, data in a temp dir), leaves it
#   running and prints its address and how to stop it.
# Needs: busybox-static, docker-registry (unless --registry), curl, sha256sum, gzip, tar; dotnet for random-generator;
# python3 for python.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
registry=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|busybox|random-generator|python) ;; *) echo "build.sh: --only takes busybox, random-generator or python" >&2; exit 2 ;; esac

need() { command -v "$1" >/dev/null 2>&1 || { echo "build.sh: $1 is missing: apt-get install $2" >&2; exit 1; }; }
need curl curl; need sha256sum coreutils; need gzip gzip; need tar tar
[ -x /bin/busybox ] || { echo "build.sh: /bin/busybox is missing: apt-get install busybox-static" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

start_registry() {
  need docker-registry docker-registry
  local data port
  data="$(mktemp -d /tmp/podvisor-registry.XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))"
  cat >"$data/config.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $data/storage
http:
  addr: 127.0.0.1:$port
YAML
  setsid docker-registry serve "$data/config.yml" </dev/null >"$data/registry.log" 2>&1 &
  echo $! >"$data/registry.pid"
  registry="127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "http://$registry/v2/" >/dev/null 2>&1 && break
    sleep 0.05
  done
  curl -fs "http://$registry/v2/" >/dev/null || { echo "build.sh: the registry did not start: $(tail -n 3 "$data/registry.log")" >&2; exit 1; }
  echo "build.sh: started docker-registry at $registry (stop it: kill \$(cat $data/registry.pid); data in $data)"
}

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

# push_blob REPO FILE: uploads FILE unless the registry has it (monolithic upload: POST then PUT).
push_blob() {
  local repository="$1" file="$2" digest location
  digest="sha256:$(sha "$file")"
  if curl -fsI "http://$registry/v2/$repository/blobs/$digest" >/dev/null 2>&1; then return; fi
  location="$(curl -fsS -X POST -D - -o /dev/null "http://$registry/v2/$repository/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
  case "$location" in http*) ;; *) location="http://$registry$location" ;; esac
  case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" "$location" >/dev/null
}

# layer DIR OUT: a reproducible tar+gzip of DIR; prints the uncompressed digest (the config's diff_id).
layer() {
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@946684800 -C "$1" -cf "$2.tar" .
  sha "$2.tar"
  gzip -n -c "$2.tar" >"$2"
}

# push_image REPO TAG CONFIG LAYER...: pushes the layers and config, then an OCI manifest naming them.
push_image() {
  local repository="$1" tag="$2" config="$3"; shift 3
  local layers="" file
  for file in "$@"; do
    push_blob "$repository" "$file"
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$(sha "$file")\",\"size\":$(size "$file")}"
  done
  push_blob "$repository" "$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$(sha "$config")" "$(size "$config")" "$layers" >"$work/manifest.json"
  curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest.json" \
    "http://$registry/v2/$repository/manifests/$tag" >/dev/null
  echo "build.sh: pushed $registry/$repository:$tag"
}

arch() { case "$(uname -m)" in aarch64) echo arm64 ;; *) echo amd64 ;; esac; }

busybox_layer() {
  local root="$work/busybox-root" applet
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  busybox_diff_id="$(layer "$root" "$work/busybox.tar.gz")"
}

build_busybox() {
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(arch)" "$busybox_diff_id" >"$work/busybox-config.json"
  push_image library/busybox latest "$work/busybox-config.json" "$work/busybox.tar.gz"
  push_image library/busybox 1.27.2 "$work/busybox-config.json" "$work/busybox.tar.gz"
  push_image library/busybox 1.36 "$work/busybox-config.json" "$work/busybox.tar.gz"
  push_image busybox 1.27.2 "$work/busybox-config.json" "$work/busybox.tar.gz"
  # The same files with STOPSIGNAL SIGQUIT in the config (the CRI runtime's stop signal tests).
  sed 's/"Cmd":\["sh"\]/&,"StopSignal":"SIGQUIT"/' "$work/busybox-config.json" >"$work/busybox-sigquit-config.json"
  grep -q '"StopSignal":"SIGQUIT"' "$work/busybox-sigquit-config.json" || { echo "build.sh: could not add StopSignal to the busybox config" >&2; exit 1; }
  push_image podvisor/busybox-stopsignal sigquit "$work/busybox-sigquit-config.json" "$work/busybox.tar.gz"
}

build_random_generator() {
  need dotnet dotnet-sdk
  local dotnet_root app root lib
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  app="$work/rg-app/app"
  dotnet publish "$repo/samples/RandomGenerator" -c Release -o "$app" -nologo -v quiet >/dev/null
  # The runtime layer: this machine's dotnet (host + Microsoft.NETCore.App + Microsoft.AspNetCore.App) and the
  # shared libraries it loads, copied from the host: no network needed.
  root="$work/rg-runtime"
  mkdir -p "$root/usr/share/dotnet/shared"
  cp "$dotnet_root/dotnet" "$root/usr/share/dotnet/"
  cp -r "$dotnet_root/host" "$root/usr/share/dotnet/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$root/usr/share/dotnet/shared/"
  for lib in $( { ldd "$dotnet_root/dotnet"; find "$root/usr/share/dotnet/shared" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
      | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  # Loader paths Debian's libraries expect (/lib64/ld-linux-x86-64.so.2 and friends) resolve as copied above.
  rg_runtime_id="$(layer "$root" "$work/rg-runtime.tar.gz")"
  rg_app_id="$(layer "$work/rg-app" "$work/rg-app.tar.gz")"
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","DOTNET_ROOT=/usr/share/dotnet"],"Entrypoint":["dotnet","/app/RandomGenerator.dll"],"WorkingDir":"/app","ExposedPorts":{"8080/tcp":{}}},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s","sha256:%s"]}}' \
    "$(arch)" "$busybox_diff_id" "$rg_runtime_id" "$rg_app_id" >"$work/rg-config.json"
  push_image k8spatterns/random-generator 1.0 "$work/rg-config.json" "$work/busybox.tar.gz" "$work/rg-runtime.tar.gz" "$work/rg-app.tar.gz"
}

# The host's python3 as a python image: the tag says "3", not a minor version, because the interpreter is whatever
# Debian ships here (3.11 on bookworm). Enough for the examples' few lines of http.server; not a full CPython image
# (no pip, no test suite, no tkinter).
build_python() {
  local python py version stdlib root lib
  # Debian's interpreter when there is one (a pyenv or venv shim on PATH is a script, not a program to copy).
  python=/usr/bin/python3
  [ -x "$python" ] || { need python3 python3; python="$(command -v python3)"; }
  py="$("$python" -c 'import os, sys; print(os.path.realpath(sys.executable))')"
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  stdlib="$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
  root="$work/python-root"
  # The interpreter finds its standard library relative to itself: /usr/bin/pythonX.Y → /usr/lib/pythonX.Y.
  mkdir -p "$root/usr/bin" "$root/usr/lib/python$version"
  cp "$py" "$root/usr/bin/python$version"
  ln -sf "python$version" "$root/usr/bin/python3"
  ln -sf python3 "$root/usr/bin/python"
  # Debian's sitecustomize.py links to /etc, which the image lacks; the rest is the standard library as installed.
  tar -C "$stdlib" --exclude=./test --exclude=./idlelib --exclude=./tkinter --exclude=./turtledemo --exclude=./ensurepip \
      --exclude=./lib2to3 --exclude=__pycache__ --exclude=./site-packages --exclude=./dist-packages --exclude=./sitecustomize.py \
      -cf - . | tar -C "$root/usr/lib/python$version" -xf -
  for lib in $( { ldd "$py"; find "$root/usr/lib/python$version" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
      | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  python_id="$(layer "$root" "$work/python.tar.gz")"
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"Cmd":["python3"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]}}' \
    "$(arch)" "$busybox_diff_id" "$python_id" >"$work/python-config.json"
  push_image library/python 3-slim "$work/python-config.json" "$work/busybox.tar.gz" "$work/python.tar.gz"
}

[ -n "$registry" ] || start_registry
busybox_layer
case "$only" in
  busybox) build_busybox ;;
  random-generator) build_random_generator ;;
  python) build_python ;;
  *) build_busybox; build_random_generator; build_python ;;
esac
echo "REGISTRY=$registry"
