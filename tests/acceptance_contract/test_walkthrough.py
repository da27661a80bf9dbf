"""A founder's first runs: empty directory, git repo, mistakes, a committed secret, GitHub."""

from __future__ import annotations

import json
import re

import pytest

from tests.acceptance_contract.harness import Project

TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5"


def test_empty_directory_runs_the_default_and_says_how_to_start(project: Project) -> None:
    run = project.check()
    assert run.code == 0
    assert "launchgate init" in run.err and "built-in default" in run.err
    assert {r["area"] for r in run.report["results"]} <= {"env", "secrets"}


def test_a_committed_secret_fails_with_file_line_and_fix(project: Project) -> None:
    project.git_init()
    project.write("app/settings.py", f'DEBUG = False\nGITHUB_TOKEN = "{TOKEN}"\n')
    project.commit()
    run = project.check()
    assert run.code == 1
    failing = [r for r in run.report["results"] if r["status"] == "fail"]
    assert [(r["file"], r["line"]) for r in failing] == [("app/settings.py", 2)]
    assert "app/settings.py:2" in run.out
    assert "rotate" in (failing[0]["remediation"] + run.out).lower()
    assert TOKEN not in run.out + run.err + json.dumps(run.report)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            "version: 1\nfial_on: high\n",
            "launchgate.yml:2:1",
            ["fial_on", "did you mean 'fail_on'"],
        ),
        (
            "version: 1\nenv:\n  vars:\n    A: {pattern: '[a-'}\n",
            "launchgate.yml:4:",
            ["env.vars.A.pattern", "regular expression"],
        ),
        ("version: 1\ntimeout: 10 seconds\n", "launchgate.yml:2:", ["timeout", "300ms"]),
        ("version: 1\nenv:\n\tfiles: [a]\n", "launchgate.yml:3:1", ["tabs"]),
        ("version: 1\nproject: ${NOT_SET_ANYWHERE}\n", "launchgate.yml:2:10", ["NOT_SET_ANYWHERE"]),
        ("version: 1\nfail_on: hihg\n", "launchgate.yml:2:", ["did you mean 'high'"]),
        ("version: 1\nsecrets: {paths: .}\n", "launchgate.yml:2:", ["list", "['.']"]),
        ("", "launchgate.yml:1:1", ["empty", "version: 1"]),
        ("version: 1\nenv:\n  files: [a]\n   example: x\n", "launchgate.yml:4:", ["indentation"]),
        ("version: 1\nenv:\n  files: [a, b\n", "launchgate.yml:3:10", ["never closed"]),
        ("version: 1\nproject: a: b\n", "launchgate.yml:2:", ["quoted"]),
        ("version: 1\nseverity: {dns.cca: low}\n", "launchgate.yml:2:", ["dns.caa"]),
    ],
)
def test_config_mistakes_exit_2_naming_file_line_column(
    project: Project, text: str, where: str, words: list[str]
) -> None:
    project.monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    project.config(text)
    run = project.check()
    assert run.code == 2, run.out
    assert where in run.err, run.err
    for word in words:
        assert word in run.err, run.err
    assert "Traceback" not in run.err and not run.out.strip()


def test_github_mode_masks_first_then_annotations_summary_outputs(project: Project) -> None:
    project.git_init()
    project.config(
        "version: 1\nenv:\n  vars:\n    STRIPE_SECRET_KEY: {pattern: '^sk_live_', secret: true}\n"
        'secrets: {paths: ["."]}\n',
        rel="deploy/launchgate.yml",
    )
    project.write("deploy/app.py", f'TOKEN = "{TOKEN}"\n')
    project.commit()
    summary, outputs = project.root / "summary.md", project.root / "outputs.txt"
    summary.write_text("earlier step\n")
    test_key = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
    run = project.check(
        "-c",
        "deploy/launchgate.yml",
        "--sarif",
        "r.sarif",
        env={
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(outputs),
            "STRIPE_SECRET_KEY": test_key,
        },
    )
    assert run.code == 1
    lines = run.out.splitlines()
    masks = [i for i, line in enumerate(lines) if line.startswith("::add-mask::")]
    assert masks and masks == list(range(len(masks)))  # before anything else
    assert f"::add-mask::{test_key}" in lines and f"::add-mask::{TOKEN}" in lines
    rest = "\n".join(lines[len(masks) :])
    assert test_key not in rest and TOKEN not in rest
    assert re.search(r"^::error file=deploy/app\.py,line=1,", rest, re.M)
    assert re.search(r"^::error file=deploy/launchgate\.yml,line=4,", rest, re.M)
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "launchgate" in text and TOKEN not in text
    assert "passed=false" in outputs.read_text()
    sarif = json.loads((project.root / "r.sarif").read_text())
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"deploy/app.py", "deploy/launchgate.yml"}
    app = [r for r in run.report["results"] if r["rule"] == "secrets.repo"]
    assert app and app[0]["file"] == "app.py"  # relative to the config's directory


def test_github_step_files_that_cannot_be_written_are_said_not_crashed(project: Project) -> None:
    project.config("version: 1\n")
    run = project.check(
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(project.root / "no/such/file")}
    )
    assert run.code == 2
    assert "cannot write" in run.err and "internal" not in run.err
    assert "GATE PASSED" in run.out


def test_an_alias_bomb_is_refused_quickly(project: Project) -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    project.config("version: 1\n" + "\n".join(rows) + "\n")
    run = project.check()
    assert run.code == 2 and "expands to more than" in run.err
