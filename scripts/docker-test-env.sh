#!/usr/bin/env bash
# Prepare a Docker engine for launchgate's image tests (tests/ship/).
#
#   scripts/docker-test-env.sh up     install, start a private dockerd, import the base image
#   scripts/docker-test-env.sh down   stop the private dockerd started by `up`
#   scripts/docker-test-env.sh host   print the DOCKER_HOST value the tests use
#
# `up` prints `export DOCKER_HOST=...` on stdout (progress goes to stderr), so
#   eval "$(scripts/docker-test-env.sh up)"
# prepares the current shell. The tests find the private socket by themselves too.
#
# Machines without an image registry: `debian:bookworm-slim` is made locally with
# debootstrap (Debian's own minbase root filesystem) and `docker import`, so the
# Dockerfile's FROM line works unchanged. Everything is cached under
# $LAUNCHGATE_TEST_CACHE (default /var/cache/launchgate-test): the rootfs tarball
# and the engine's data root (base image and build cache), so a second run is fast.
#
# An engine that already answers (DOCKER_HOST, or /var/run/docker.sock, as on
# GitHub's runners) is used as is, unless LAUNCHGATE_PRIVATE_DOCKERD=1.
set -euo pipefail

CACHE="${LAUNCHGATE_TEST_CACHE:-/var/cache/launchgate-test}"
STATE="$CACHE/docker"
SOCK="$STATE/docker.sock"
BASE_IMAGE="${LAUNCHGATE_BASE_IMAGE:-debian:bookworm-slim}"
SUITE="bookworm"
# Bump when the recipe of the local base changes: a cached image of an older recipe is replaced.
RECIPE=3
ROOTFS_TAR="$CACHE/$SUITE-slim-r$RECIPE.tar"

log() { printf 'docker-test-env: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

engine_answers() { timeout 20 docker info >/dev/null 2>&1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "must run as root to install packages and start dockerd"
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  need_root
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# The Debian mirror this machine uses (first non-security URI in its apt sources).
debian_mirror() {
  local uri
  uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
          /etc/apt/sources.list.d/*.list 2>/dev/null \
        | grep -oE '(https?|file)://[^ ]*/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ')
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# The pid file names our live dockerd (not a zombie left by a killed session, nor a process
# that reuses the pid).
dockerd_alive() {
  local pid
  pid=$(cat "$STATE/dockerd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && grep -qs "$SOCK" "/proc/$pid/cmdline" \
    && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status"
}

# Runtime state left by a dockerd that was killed (a session's end): its containerd, if still
# alive, and pid files that would make a new dockerd wait for a containerd that is gone.
clean_exec_root() {
  local exec_root="$STATE/exec" pid mount
  pid=$(cat "$exec_root/containerd/containerd.pid" 2>/dev/null) || pid=""
  if [ -n "$pid" ] && grep -qs "$exec_root" "/proc/$pid/cmdline"; then
    log "stopping the containerd of a previous dockerd (pid $pid)"
    kill "$pid" 2>/dev/null || true
    sleep 1
  fi
  awk -v root="$exec_root/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r \
    | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  rm -rf "${exec_root:?}"
  mkdir -p "$exec_root"
}

start_dockerd() {
  need_root
  mkdir -p "$STATE/data" "$STATE/exec"
  if dockerd_alive; then
    log "dockerd already running (pid $(cat "$STATE/dockerd.pid"))"
  else
    clean_exec_root
    rm -f "$STATE/dockerd.pid" "$SOCK"
    log "starting a private dockerd on $SOCK"
    # Own data/exec roots, socket and containerd namespace: never touches a system engine.
    nohup dockerd --storage-driver vfs --iptables=false --ip6tables=false --bridge=none \
      --data-root "$STATE/data" --exec-root "$STATE/exec" -H "unix://$SOCK" \
      -p "$STATE/dockerd.pid" --containerd-namespace launchgate-test \
      --containerd-plugins-namespace launchgate-test-plugins \
      >"$STATE/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    engine_answers && return 0
    sleep 1
  done
  tail -n 30 "$STATE/dockerd.log" >&2 || true
  die "dockerd did not answer on $SOCK within 60 s (log: $STATE/dockerd.log)"
}

# What makes the official image "slim" (debuerreotype's slimify and minimizing config):
# no documentation, manuals or translations, and an apt that keeps no caches.
# (printf, not here-documents: every line is checked by shellcheck.)
slim_config() {
  local dir=${1:?}
  printf 'path-exclude /usr/share/%s/*\n' doc info man groff linda lintian locale \
    >"$dir/etc/dpkg/dpkg.cfg.d/docker"
  printf 'path-include /usr/share/doc/*/copyright\n' >>"$dir/etc/dpkg/dpkg.cfg.d/docker"
  printf 'Acquire::Languages "none";\n' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  printf 'APT::AutoRemove::SuggestsImportant "false";\n' \
    >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  local clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb'
  clean+=' /var/cache/apt/*.bin || true"'
  printf '%s\n' "DPkg::Post-Invoke { $clean; };" "APT::Update::Post-Invoke { $clean; };" \
    'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' \
    >"$dir/etc/apt/apt.conf.d/docker-clean"
  printf 'Acquire::GzipIndexes "true";\n' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
}

make_rootfs_tar() {
  [ -s "$ROOTFS_TAR" ] && return 0
  need_root
  local dir="$CACHE/rootfs.tmp" mirror
  mirror=$(debian_mirror)
  log "debootstrap --variant=minbase $SUITE from $mirror (once; cached in $ROOTFS_TAR)"
  rm -rf "$dir"
  debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
  slim_config "$dir"
  # Same apt sources as the official image (updates and security included).
  rm -f "$dir/etc/apt/sources.list"
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${mirror%/}
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "${dir:?}"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin \
    "$dir"/var/lib/apt/lists/* "$dir"/var/log/* \
    "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/* \
    "$dir"/usr/share/groff/* "$dir"/usr/share/lintian/*
  find "$dir/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  tar --numeric-owner -C "$dir" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$dir"
}

ensure_base_image() {
  local recipe
  recipe=$(docker image inspect -f '{{ index .Config.Labels "org.launchgate.test-base" }}' \
             "$BASE_IMAGE" 2>/dev/null) || recipe=missing
  case "$recipe" in
    "$RECIPE") return 0 ;;                    # our local base, current recipe
    missing) ;;
    [0-9]*) ;;                                # our local base, older recipe: replace it
    *) return 0 ;;                            # a real (pulled) image: use it
  esac
  if [ "$recipe" = missing ] && [ "${PRIVATE:-0}" = 0 ] \
      && timeout 120 docker pull -q "$BASE_IMAGE" >&2; then
    return 0
  fi
  make_rootfs_tar
  log "importing $ROOTFS_TAR as $BASE_IMAGE"
  docker import --change 'CMD ["bash"]' --change "LABEL org.launchgate.test-base=$RECIPE" \
    "$ROOTFS_TAR" "$BASE_IMAGE" >&2
  find "$CACHE" -maxdepth 1 -name "$SUITE-*.tar" ! -name "${ROOTFS_TAR##*/}" -delete
}

cmd_up() {
  mkdir -p "$CACHE"
  PRIVATE=1
  if [ "${LAUNCHGATE_PRIVATE_DOCKERD:-0}" != 1 ]; then
    if [ -n "${DOCKER_HOST:-}" ] && engine_answers; then
      PRIVATE=0
    elif [ -S /var/run/docker.sock ] && DOCKER_HOST=unix:///var/run/docker.sock engine_answers; then
      export DOCKER_HOST=unix:///var/run/docker.sock
      PRIVATE=0
    fi
  fi
  if [ "$PRIVATE" = 1 ]; then
    install_packages
    export DOCKER_HOST="unix://$SOCK"
    start_dockerd
  fi
  command -v docker >/dev/null || die "no docker client on PATH"
  ensure_base_image
  log "ready: DOCKER_HOST=$DOCKER_HOST, base image $BASE_IMAGE"
  printf 'export DOCKER_HOST=%q\n' "$DOCKER_HOST"
}

cmd_down() {
  local pid
  [ -f "$STATE/dockerd.pid" ] || { log "no private dockerd"; return 0; }
  pid=$(cat "$STATE/dockerd.pid")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
    die "dockerd (pid $pid) did not stop"
  fi
}

case "${1:-up}" in
  up) cmd_up ;;
  down) cmd_down ;;
  host) printf 'unix://%s\n' "$SOCK" ;;
  *) die "usage: $0 [up|down|host]" ;;
esac
