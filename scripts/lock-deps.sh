#!/usr/bin/env bash
# Regenerate docker/requirements.txt: every runtime dependency of launchgate pinned with hashes,
# for the Docker image and the GitHub Action (pip install --require-hashes).
# Run after changing [project].dependencies in pyproject.toml. Needs pip-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
# A clean pip configuration: hashes of every file on PyPI, not of a local mirror.
env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
  pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --index-url https://pypi.org/simple \
  --output-file docker/requirements.txt pyproject.toml docker/requirements-extra.in "$@"
