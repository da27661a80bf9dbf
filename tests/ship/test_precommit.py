"""The pre-commit hook manifest (.pre-commit-hooks.yaml, written with the secrets work)."""

from __future__ import annotations

from pathlib import Path

from tests.ship.tools import REPO, explain, run, tool

MANIFEST = REPO / ".pre-commit-hooks.yaml"


def test_manifest_validates() -> None:
    assert MANIFEST.is_file(), "the issue ships pre-commit hooks: .pre-commit-hooks.yaml is missing"
    proc = run([tool("pre-commit"), "validate-manifest", MANIFEST])
    assert proc.returncode == 0, explain(proc)


def test_validate_manifest_rejects_a_broken_one(tmp_path: Path) -> None:
    bad = tmp_path / ".pre-commit-hooks.yaml"
    bad.write_text("- id: launchgate\n  entry: launchgate check\n", encoding="utf-8")
    assert run([tool("pre-commit"), "validate-manifest", bad]).returncode != 0
