"""The GitLab Code Quality report, validated against the schema GitLab itself applies, and the
JUnit report's ``testcase@file``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from launchgate.cli import main
from tests.junit_schema import XSD, junit_schema
from tests.ship.planted import commit_all, sample_repo, secret_pair

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[1] / "data" / "gitlab-codequality-codeclimate.json"
    ).read_text()
)
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gate(repo: Path, *args: str) -> int:
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return main(["check", "--no-color", "-q", *args])
    finally:
        os.chdir(cwd)


def issues(repo: Path) -> list[dict]:
    return json.loads((repo / "gl-code-quality.json").read_text(encoding="utf-8"))


def assert_gitlab_keeps(issue: dict) -> None:
    """What GitLab's parser and its documentation require of one issue."""
    jsonschema.Draft7Validator(SCHEMA).validate(issue)
    assert issue["check_name"] and issue["description"]
    assert issue["severity"] in GITLAB_SEVERITIES
    assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
    assert not issue["location"]["path"].startswith("/"), "GitLab wants a repository path"
    assert isinstance(issue["location"]["lines"]["begin"], int)
    assert issue["location"]["lines"]["begin"] >= 1


def test_a_planted_secret_becomes_a_blocking_issue_on_its_line(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo", leak=True)
    assert gate(repo, "--codequality", "gl-code-quality.json") == 1
    found = issues(repo)
    assert found, "the planted secret must be reported"
    for issue in found:
        assert_gitlab_keeps(issue)
    secrets = [i for i in found if i["location"]["path"] == "settings.py"]
    assert {i["location"]["lines"]["begin"] for i in secrets} == {1, 2}
    assert {i["severity"] for i in secrets} == {"critical"}, "high and blocking: critical"
    assert len({i["fingerprint"] for i in found}) == len(found)
    text = (repo / "gl-code-quality.json").read_text(encoding="utf-8")
    for value in secret_pair():
        assert value not in text


def test_fingerprints_survive_moving_the_lines(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo", leak=True)
    gate(repo, "--codequality", "gl-code-quality.json")
    before = {i["fingerprint"] for i in issues(repo) if i["location"]["path"] == "settings.py"}
    settings = repo / "settings.py"
    settings.write_text("# moved down\n\n" + settings.read_text(encoding="utf-8"), "utf-8")
    commit_all(repo, "move")
    gate(repo, "--codequality", "gl-code-quality.json")
    moved = [i for i in issues(repo) if i["location"]["path"] == "settings.py"]
    assert {i["location"]["lines"]["begin"] for i in moved} == {3, 4}
    assert {i["fingerprint"] for i in moved} == before


def test_a_clean_repository_gives_an_empty_list(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")
    assert gate(repo, "--codequality", "gl-code-quality.json") == 0
    assert issues(repo) == []


@pytest.mark.parametrize("drop", ["fingerprint", "severity", "description", "location"])
def test_the_schema_rejects_an_issue_gitlab_would_drop(tmp_path: Path, drop: str) -> None:
    repo = sample_repo(tmp_path / "repo", leak=True)
    gate(repo, "--codequality", "gl-code-quality.json")
    issue = issues(repo)[0]
    del issue[drop]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(issue)


def test_junit_cases_carry_their_file(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo", leak=True)
    gate(repo, "--junit", "junit.xml")
    doc = etree.parse(str(repo / "junit.xml"))
    assert junit_schema().validate(doc), junit_schema().error_log
    files = {case.get("file") for case in doc.iter("testcase") if case.get("file")}
    assert "settings.py" in files
    # Without the added attribute the document is Jenkins-valid as it is.
    for case in doc.iter("testcase"):
        case.attrib.pop("file", None)
    jenkins = etree.XMLSchema(etree.parse(str(XSD)))
    assert jenkins.validate(doc), jenkins.error_log
