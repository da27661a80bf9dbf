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
ROOTFS_TAR="$CACHE/$SUITE-minbase.tar"

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

start_dockerd() {
  need_root
  mkdir -p "$STATE/data" "$STATE/exec"
  if [ -f "$STATE/dockerd.pid" ] && kill -0 "$(cat "$STATE/dockerd.pid")" 2>/dev/null; then
    log "dockerd already running (pid $(cat "$STATE/dockerd.pid"))"
  else
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

make_rootfs_tar() {
  [ -s "$ROOTFS_TAR" ] && return 0
  need_root
  local dir="$CACHE/rootfs.tmp" mirror
  mirror=$(debian_mirror)
  log "debootstrap --variant=minbase $SUITE from $mirror (once; cached in $ROOTFS_TAR)"
  rm -rf "$dir"
  debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >&2
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
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/*
  tar --numeric-owner -C "$dir" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$dir"
}

ensure_base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  if [ "${PRIVATE:-0}" = 0 ] && timeout 120 docker pull -q "$BASE_IMAGE" >&2; then
    return 0
  fi
  make_rootfs_tar
  log "importing $ROOTFS_TAR as $BASE_IMAGE"
  docker import --change 'CMD ["bash"]' "$ROOTFS_TAR" "$BASE_IMAGE" >&2
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
