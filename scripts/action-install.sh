#!/usr/bin/env bash
# GitHub Action: install launchgate from the action's own checkout into a private virtual
# environment, its dependencies pinned by hash (the Docker image's lock file).
# The locked wheels are kept in LAUNCHGATE_WHEELS (cached between runs by the action): a
# complete directory is installed from without any index; otherwise they are downloaded into
# it first. Hashes are checked on every install, so a tampered cache fails, never installs.
# In: LAUNCHGATE_PYTHON, LAUNCHGATE_WHEELS, GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT.
# Out: `bin=<path of the launchgate executable>` and `wheels=cache|download` in GITHUB_OUTPUT.
set -euo pipefail

src="${GITHUB_ACTION_PATH:?}"
venv="${RUNNER_TEMP:?}/launchgate-venv"
python="${LAUNCHGATE_PYTHON:-python3}"
wheels="${LAUNCHGATE_WHEELS:-$RUNNER_TEMP/launchgate-wheels}"
lock="$src/docker/requirements.txt"

# The venv gets no pip of its own when the runner's pip can install into it (pip >= 22.3,
# --python): creating a venv with pip costs more than installing launchgate. No bytecode is
# compiled ahead (--no-compile): Python compiles the modules a run imports, when it imports them.
if "$python" -m pip --python "$python" --version >/dev/null 2>&1; then
  "$python" -m venv --without-pip "$venv"
  outer=1
else
  "$python" -m venv "$venv"
  outer=0
fi
if [ -d "$venv/Scripts" ]; then bindir="$venv/Scripts"; else bindir="$venv/bin"; fi
if [ "$outer" = 1 ]; then
  pip=("$python" -m pip --python "$bindir/python" --disable-pip-version-check --quiet)
else
  pip=("$bindir/python" -m pip --disable-pip-version-check --quiet)
fi
pinned=(--require-hashes --no-deps --only-binary=:all: -r "$lock")

if [ -f "$wheels/.complete" ]; then
  source=cache
else
  source=download
  rm -rf "$wheels"
  mkdir -p "$wheels"
  "${pip[@]}" download "${pinned[@]}" -d "$wheels"
  touch "$wheels/.complete"
fi
"${pip[@]}" install --no-compile --no-index --find-links "$wheels" "${pinned[@]}"
"${pip[@]}" install --no-compile --no-deps --no-build-isolation "$src"
"$bindir/launchgate" --version
echo "launchgate: dependencies installed from the ${source} ($wheels)"
{
  echo "bin=$bindir/launchgate"
  echo "wheels=$source"
} >>"${GITHUB_OUTPUT:?}"
