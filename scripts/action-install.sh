#!/usr/bin/env bash
# GitHub Action, step 1: install launchgate from the action's own checkout into a private
# virtual environment, its dependencies pinned by hash (the Docker image's lock file).
# In: LAUNCHGATE_PYTHON (interpreter), GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT.
# Out: `bin=<path of the launchgate executable>` in GITHUB_OUTPUT.
set -euo pipefail

src="${GITHUB_ACTION_PATH:?}"
venv="${RUNNER_TEMP:?}/launchgate-venv"
python="${LAUNCHGATE_PYTHON:-python3}"

"$python" -m venv "$venv"
if [ -d "$venv/Scripts" ]; then bindir="$venv/Scripts"; else bindir="$venv/bin"; fi
pip=("$bindir/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --require-hashes --no-deps --only-binary=:all: -r "$src/docker/requirements.txt"
"${pip[@]}" install --no-deps --no-build-isolation "$src"
"$bindir/launchgate" --version
echo "bin=$bindir/launchgate" >>"${GITHUB_OUTPUT:?}"
