"""Every ``check`` option from a LAUNCHGATE_* variable: flag > variable > launchgate.yml > default."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest

from launchgate.cli import main
from launchgate.commands import check
from tests.ship.planted import sample_repo
from tests.ship.tools import REPO


@pytest.fixture
def leaky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("LAUNCHGATE_"):
            monkeypatch.delenv(name)
    repo = sample_repo(tmp_path / "repo", leak=True)
    monkeypatch.chdir(repo)
    return repo


def gate(*args: str) -> int:
    return main(["check", "--no-color", "-q", *args])


def test_every_option_has_its_variable() -> None:
    options = [p for p in check.command.params if isinstance(p, click.Option)]
    assert len(options) >= 15
    for option in options:
        assert option.envvar == check.env(option.name.replace("_path", "") if option.name else "")
        assert option.show_envvar


def test_the_variables_are_documented() -> None:
    docs = (REPO / "docs" / "ship.md").read_text(encoding="utf-8")
    for option in check.command.params:
        if isinstance(option, click.Option):
            assert f"`{option.envvar}`" in docs, f"{option.envvar} is not in docs/ship.md"


def test_flag_beats_variable_beats_config_beats_default(
    leaky: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = leaky / "launchgate.yml"
    assert gate() == 1, "default fail_on high: the high-severity secret fails"
    config.write_text(config.read_text() + "fail_on: critical\n", encoding="utf-8")
    assert gate() == 0, "the config's fail_on critical lets a high finding pass"
    monkeypatch.setenv("LAUNCHGATE_FAIL_ON", "high")
    assert gate() == 1, "the variable beats the config"
    assert gate("--fail-on", "critical") == 0, "the flag beats the variable"
    monkeypatch.setenv("LAUNCHGATE_FAIL_ON", "")
    assert gate() == 0, "an empty variable counts as unset"


def test_report_paths_and_flags_from_variables(
    leaky: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAUNCHGATE_JSON", "from-env.json")
    monkeypatch.setenv("LAUNCHGATE_ONLY", "secrets")
    monkeypatch.setenv("LAUNCHGATE_OFFLINE", "true")
    assert gate() == 1
    report = json.loads((leaky / "from-env.json").read_text(encoding="utf-8"))
    assert {r["area"] for r in report["results"]} == {"secrets"}
    assert gate("--json", "from-flag.json") == 1
    assert (leaky / "from-flag.json").is_file()


def test_a_bad_variable_is_a_usage_error_naming_it(
    leaky: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAUNCHGATE_OFFLINE", "maybe")
    assert gate() == 2
    assert "LAUNCHGATE_OFFLINE" in capsys.readouterr().err
