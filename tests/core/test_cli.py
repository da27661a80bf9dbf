from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from launchgate import gate
from launchgate.checks import registry
from launchgate.cli import main
from tests.core.helpers import RULE, FakeFamily, failing, passing, raising
from tests.junit_schema import junit_schema

VECTORS = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def write_config(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_version_only_config_passes(workdir: Path, capsys) -> None:
    write_config(workdir / "launchgate.yml", "version: 1\n")
    assert main(["check"]) == 0
    assert "GATE PASSED" in capsys.readouterr().out


def test_version_flag(capsys) -> None:
    assert main(["--version"]) == 0
    assert "launchgate, version" in capsys.readouterr().out


def test_unknown_key_exits_2_naming_its_line(workdir: Path, capsys) -> None:
    write_config(workdir / "launchgate.yml", "version: 1\nprojekt: x\n")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "launchgate.yml:2:1" in err and "did you mean 'project'" in err


def test_bad_usage_exits_2(workdir: Path, capsys) -> None:
    assert main(["check", "--only", "nope"]) == 2
    assert "unknown area 'nope'" in capsys.readouterr().err
    assert main(["check", "--bogus"]) == 2
    assert main(["check", "-c", "missing.yml"]) == 2


def test_gate_failure_exits_1_and_writes_every_report(workdir: Path, monkeypatch) -> None:
    monkeypatch.setitem(
        registry.FAMILIES, "dns", FakeFamily({"a": failing("a"), "b": passing("b")})
    )
    write_config(workdir / "launchgate.yml", "version: 1\ndns: {}\n")
    args = [
        "check",
        "--junit",
        "r/j.xml",
        "--json",
        "r/r.json",
        "--sarif",
        "r/r.sarif",
        "--markdown",
        "r/r.md",
    ]
    assert main(args) == 1
    assert {p.name for p in (workdir / "r").iterdir()} == {"j.xml", "r.json", "r.sarif", "r.md"}
    assert json.loads((workdir / "r/r.json").read_text())["summary"]["passed"] is False


def test_fail_on_option_changes_the_verdict(workdir: Path, monkeypatch) -> None:
    monkeypatch.setitem(registry.FAMILIES, "dns", FakeFamily({"a": failing("a")}))
    write_config(workdir / "launchgate.yml", "version: 1\ndns: {}\n")
    assert main(["check", "--fail-on", "critical"]) == 0
    assert main(["check", "--skip", "dns"]) == 2  # nothing left to run: never a silent pass


def test_a_crashing_check_still_yields_a_junit_error(workdir: Path, monkeypatch) -> None:
    monkeypatch.setitem(registry.FAMILIES, "dns", FakeFamily({"boom": raising}))
    write_config(workdir / "launchgate.yml", "version: 1\ndns: {}\n")
    assert main(["check", "--junit", "j.xml"]) == 1
    doc = etree.parse(str(workdir / "j.xml"))
    schema = junit_schema()
    assert schema.validate(doc), schema.error_log
    error = doc.find(".//testcase[@name='dns.fake:boom']/error")
    assert error is not None and "RuntimeError" in error.get("message")


def test_a_bug_in_the_runner_exits_3_and_still_writes_reports(workdir: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ValueError("runner bug")

    monkeypatch.setattr(gate, "run_gate", broken)
    write_config(workdir / "launchgate.yml", "version: 1\ndns: {}\n")
    assert main(["check", "--junit", "j.xml"]) == 3
    assert "runner bug" in (workdir / "j.xml").read_text()


def test_no_config_runs_the_default_and_says_how_to_create_one(workdir: Path, capsys) -> None:
    code = main(["check", "--no-color"])
    captured = capsys.readouterr()
    assert "launchgate init" in captured.err
    assert code in (0, 1)
    assert "\x1b[" not in captured.out


def test_init_writes_a_config_that_loads(workdir: Path) -> None:
    assert main(["init", "--domain", "shop.test"]) == 0
    from launchgate.config.load import load_config

    config = load_config(workdir / "launchgate.yml", {})
    assert config.domain == "shop.test"
    assert main(["init"]) == 2  # refuses to overwrite


def test_schema_prints_json_schema(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "email" in schema["properties"]


def test_explain_known_and_unknown(capsys) -> None:
    assert main(["explain", "core.plan"]) == 0
    assert "Why it matters" in capsys.readouterr().out
    assert main(["explain", "nope.nothing"]) == 2
    assert "no check called" in capsys.readouterr().err


def test_github_mode_masks_annotates_and_writes_outputs(workdir: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(registry.FAMILIES, "dns", FakeFamily({"a": failing("a")}))
    write_config(workdir / "launchgate.yml", "version: 1\ndns: {}\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(workdir / "summary.md"))
    monkeypatch.setenv("GITHUB_OUTPUT", str(workdir / "output"))
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "::error file=launchgate.yml" in out
    assert "gate failed" in (workdir / "summary.md").read_text()
    assert "passed=false" in (workdir / "output").read_text()


def test_python_dash_m_works(workdir: Path) -> None:
    write_config(workdir / "launchgate.yml", "version: 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "launchgate", "check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_example_config_is_accepted_by_the_cli(workdir: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "launchgate.example.yml"
    data = yaml.safe_load(example.read_text())
    assert data["version"] == 1
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "launchgate",
            "check",
            "-c",
            str(example),
            "--offline",
            "--only",
            "email",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_unused_rule_helper_is_consistent() -> None:
    assert RULE.fail("x", "t").check_id == "dns.fake:t"
