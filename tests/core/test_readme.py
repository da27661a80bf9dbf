"""The README's config reference is generated from the config types: it must not drift."""

from __future__ import annotations

from pathlib import Path

from launchgate.configdoc import render_reference

ROOT = Path(__file__).resolve().parents[2]


def test_readme_config_reference_matches_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_reference() in readme, (
        "run: python -m launchgate.configdoc and paste it into README.md"
    )


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    assert blocks[0].startswith("pip install . && launchgate")
    assert blocks[1] == "bash scripts/test.sh"
    assert (
        "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
        or "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
    )


def test_shipped_example_is_the_contract() -> None:
    shipped = (ROOT / "docs" / "launchgate.example.yml").read_text()
    contract = ROOT.parent / "shared" / "spec" / "launchgate.example.yml"
    assert shipped == contract.read_text()
