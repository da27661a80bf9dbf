"""End to end through the CLI: every planted failure is reported, no planted value is printed
or written to any report."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from launchgate.cli import cli
from tests.secrets.gitrepo import (
    AWS_KEY,
    DB_URL,
    GITHUB_TOKEN,
    STRIPE_LIVE,
    STRIPE_TEST,
    make_repo,
    write,
)

CONFIG = """
version: 1
project: shop
env:
  files: [.env.production]
  distinct_from: [.env.staging]
  vars:
    DATABASE_URL: {pattern: '^postgres://', secret: true}
    STRIPE_SECRET_KEY: {pattern: '^sk_live_', secret: true}
secrets:
  artifacts: [dist/]
  logs: ["logs/*.log"]
"""


def test_planted_values_never_reach_any_output(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "shop",
        {
            "launchgate.yml": CONFIG,
            ".env": f"DATABASE_URL={DB_URL}\n",
            "src/settings.py": f'AWS = "{AWS_KEY}"\n',
            ".gitignore": ".env.production\n.env.staging\ndist/\nlogs/\n",
        },
    )
    write(
        root,
        {
            ".env.production": f"DATABASE_URL={DB_URL}\nSTRIPE_SECRET_KEY={STRIPE_TEST}\n",
            ".env.staging": f"DATABASE_URL={DB_URL}\n",
            "dist/app.js": f'var k="{STRIPE_TEST}";' + "x=1;" * 300 + "\n",
            "logs/app.log": f"Authorization: Bearer {GITHUB_TOKEN}\n",
        },
    )
    reports = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "sarif", "junit", "markdown")}
    args = ["check", "--offline", "--only", "env,secrets", "--no-color", "-v"]
    for fmt, path in reports.items():
        args += [f"--{fmt}", str(path)]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output
    outputs = [result.output] + [p.read_text() for p in reports.values()]
    for planted in (DB_URL, STRIPE_TEST, AWS_KEY, GITHUB_TOKEN, STRIPE_LIVE):
        for text in outputs:
            assert planted not in text
    report = json.loads(reports["json"].read_text())
    ids = {r["id"] for r in report["results"]}
    assert {
        "env.committed:.env",
        "env.distinct:DATABASE_URL",
        "env.pattern:STRIPE_SECRET_KEY",
        "secrets.repo:src/settings.py:1",
        "secrets.env_value_in_artifact:dist/app.js:1",
        "secrets.logs:logs/app.log",
    } <= ids
    inventory = {row["name"]: row for row in report["inventories"]["env"]}
    assert inventory["DATABASE_URL"]["where"] == ".env.production"
    sarif = json.loads(reports["sarif"].read_text())
    located = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for run in sarif["runs"]
        for res in run["results"]
        for loc in res.get("locations", [])
    ]
    assert "src/settings.py" in located and "dist/app.js" in located
