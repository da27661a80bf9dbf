"""The JSON report's published schema (``launchgate schema --report``) and an honest
``schema_version``: every report validates, and the shape cannot change under the same number."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from launchgate.cli import main
from launchgate.report.json import SCHEMA_VERSION
from launchgate.report.json_schema import REPORT_SCHEMA, SHAPES, shape_digest
from tests.ship.planted import sample_repo


def report_of(repo: Path, *args: str) -> dict:
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        main(["check", "--no-color", "-q", "--json", "report.json", *args])
    finally:
        os.chdir(cwd)
    return json.loads((repo / "report.json").read_text(encoding="utf-8"))


def test_the_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--report"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == REPORT_SCHEMA
    jsonschema.Draft202012Validator.check_schema(printed)


@pytest.mark.parametrize("leak", [False, True], ids=["clean", "leaky"])
def test_reports_validate(tmp_path: Path, leak: bool) -> None:
    report = report_of(sample_repo(tmp_path / "repo", leak=leak))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert report["results"], "a report with results, so their shape is checked too"


def test_the_enums_follow_the_model() -> None:
    from launchgate.core.model import Severity, Status

    summary = REPORT_SCHEMA["properties"]["summary"]["properties"]
    assert set(summary["counts"]["propertyNames"]["enum"]) == {s.value for s in Status}
    assert summary["fail_on"]["enum"] == [s.value for s in Severity]


def test_a_new_field_breaks_validation(tmp_path: Path) -> None:
    report = report_of(sample_repo(tmp_path / "repo", leak=True))
    report["results"][0]["cwe"] = "CWE-798"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)


def test_the_shape_matches_its_version() -> None:
    """Changed the report's shape (and so this schema)? Bump SCHEMA_VERSION in report/json.py
    and record the new digest in SHAPES: readers of version N must get version N's shape."""
    assert SHAPES[SCHEMA_VERSION] == shape_digest(), (
        f"the report schema changed under schema_version {SCHEMA_VERSION}: bump it and add "
        f"SHAPES[{SCHEMA_VERSION + 1}] = {shape_digest()!r}"
    )
    assert shape_digest({**REPORT_SCHEMA, "title": "other"}) != shape_digest()
