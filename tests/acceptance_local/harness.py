"""Running the gate on a shop the way CI does, and reading what it wrote."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.harness import assert_well_formed, run_gate

FORMATS = {
    "junit": "junit.xml",
    "json": "report.json",
    "sarif": "report.sarif",
    "markdown": "summary.md",
}


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    reports: dict[str, str] = field(default_factory=dict)
    github: dict[str, str] = field(default_factory=dict)

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.reports["json"])  # type: ignore[no-any-return]

    def problems(self) -> dict[str, dict[str, Any]]:
        """Results that are not pass/skip, by check id."""
        return {
            r["id"]: r for r in self.json["results"] if r["status"] in ("fail", "warn", "error")
        }

    def everything(self) -> str:
        """Every byte the run produced, for leak hunts."""
        return "\n".join([self.out, self.err, *self.reports.values(), *self.github.values()])


def base_environ(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    env.update(extra or {})
    return env


def launch(
    root: Path,
    *,
    environ: Mapping[str, str] | None = None,
    github: bool = False,
    config: str = "launchgate.yml",
    **options: Any,
) -> Outcome:
    """``launchgate check --offline`` in ``root`` with every report, as the CLI runs it."""
    out_dir = root.parent / f"{root.name}-reports"
    out_dir.mkdir(exist_ok=True)
    reports = {fmt: out_dir / name for fmt, name in FORMATS.items()}
    env = base_environ(environ)
    if github:
        env.update(
            GITHUB_ACTIONS="true",
            GITHUB_STEP_SUMMARY=str(out_dir / "step_summary.md"),
            GITHUB_OUTPUT=str(out_dir / "output.txt"),
        )
    code, out, err = run_gate(
        root / config, reports, environ=env, cwd=root, offline=True, **options
    )
    texts = {fmt: path.read_text(encoding="utf-8") for fmt, path in reports.items()}
    assert_well_formed(json.loads(texts["json"]))
    extra = {}
    if github:
        extra = {
            name: (out_dir / name).read_text(encoding="utf-8")
            for name in ("step_summary.md", "output.txt")
            if (out_dir / name).exists()
        }
    return Outcome(code, out, err, texts, extra)
