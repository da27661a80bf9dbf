#!/usr/bin/env bash
# The test command: set up a fresh machine, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
echo "== ruff"; ruff check launchgate tests benchmarks && ruff format --check launchgate tests benchmarks
echo "== mypy"; mypy
echo "== pytest"; python3 -m pytest -q -p no:cacheprovider "$@"
