#!/usr/bin/env bash
# Prepares an isolated podman store under $1 (bench/README.md, peer set-up): runc + cgroupfs, no systemd, file events,
# the ulimits this VM allows, and localhost/busybox:bench (busybox-static + the bench's static `probe`).
# Usage: podman-setup.sh WORKDIR PROBE_BINARY.  Idempotent: the image is rebuilt only when probe changes.
set -euo pipefail
P="$1"; probe="$2"
mkdir -p "$P"/{storage,run,tmp,net.d,volumes,rootfs}
cat >"$P/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$P/events.log"
tmp_dir = "$P/tmp"
static_dir = "$P/storage/libpod"
volume_path = "$P/volumes"
[network]
network_config_dir = "$P/net.d"
CONF
cat >"$P/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$P/storage"
runroot = "$P/run"
CONF
export CONTAINERS_CONF="$P/containers.conf" CONTAINERS_STORAGE_CONF="$P/storage.conf"
sum="$(sha256sum "$probe" /bin/busybox | sha256sum | cut -c1-16)"
if [ "$(cat "$P/image.sum" 2>/dev/null)" = "$sum" ] && podman image exists localhost/busybox:bench; then exit 0; fi
r="$P/rootfs"; rm -rf "$r"; mkdir -p "$r"/{bin,etc,tmp,shared,proc,sys,dev}
cp /bin/busybox "$r/bin/busybox"
for a in $("$r/bin/busybox" --list); do [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"; done
cp "$probe" "$r/bin/probe"
ln -s bin "$r/sbin"; mkdir -p "$r/usr"; ln -s ../bin "$r/usr/bin"
echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"; echo 'root:x:0:' >"$r/etc/group"
tar -C "$r" -cf "$P/rootfs.tar" .
podman rmi -f localhost/busybox:bench >/dev/null 2>&1 || true
podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/sh"]' "$P/rootfs.tar" localhost/busybox:bench >/dev/null
echo "$sum" >"$P/image.sum"
