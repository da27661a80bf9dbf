#!/usr/bin/env bash
# GitHub Action: the cache key and directory of launchgate's pinned wheels.
# The key changes with the lock file (docker/requirements.txt), the runner's OS and architecture
# and the exact Python version (wheels such as cryptography's are built per platform and ABI).
# In: LAUNCHGATE_PYTHON, GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT.
# Out: `key=...` and `dir=...` in GITHUB_OUTPUT.
set -euo pipefail

python="${LAUNCHGATE_PYTHON:-python3}"
lock="${GITHUB_ACTION_PATH:?}/docker/requirements.txt"
# Python, not sha256sum: the same on Linux, macOS (shasum) and Windows runners.
digest=$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()[:20])' "$lock")
version=$("$python" -c 'import platform; print(platform.python_version())')
digest=${digest%$'\r'}
version=${version%$'\r'}
{
  echo "key=launchgate-wheels-v1-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-py${version}-${digest}"
  echo "dir=${RUNNER_TEMP:?}/launchgate-wheels"
} >>"${GITHUB_OUTPUT:?}"
