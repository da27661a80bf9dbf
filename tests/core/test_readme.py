"""The README's config reference is generated from the config types: it must not drift."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from launchgate.config.doc import render_reference

ROOT = Path(__file__).resolve().parents[2]


def test_readme_config_reference_matches_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_reference() in readme, (
        "run: python -m launchgate.config.doc and paste it into README.md"
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


def test_nothing_reaches_outside_the_repository() -> None:
    """A clone with nothing beside it must pass: no file names a sibling folder."""
    pattern = re.compile(r"\.\./shared|parent / \"shared\"|parents\[\d\]\.parent")
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    offenders = [
        name
        for name in tracked
        if name.endswith((".py", ".sh", ".yml", ".yaml", ".toml", ".cfg"))
        and (ROOT / name).is_file()
        and pattern.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
