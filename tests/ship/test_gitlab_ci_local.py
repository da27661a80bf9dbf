"""The GitLab component run for real: gitlab-ci-local runs the job in the image built from the
Dockerfile, on the tests' Docker engine, against a clean and a leaky repository."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

import launchgate
from tests.junit_schema import junit_schema
from tests.ship.gitlab_local import (
    GITLAB_HOST,
    PROJECT,
    artifacts,
    ensure_util_image,
    job_list,
    pipeline,
    preview,
    released_component,
    run_pipeline,
)
from tests.ship.planted import commit_all, git, sample_repo, secret_pair
from tests.ship.tools import explain, run

pytestmark = [pytest.mark.docker, pytest.mark.timeout(900)]

IMAGE_REPOSITORY = "registry.test/launchgate/launchgate"
CODEQUALITY_SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[1] / "data" / "gitlab-codequality-codeclimate.json"
    ).read_text()
)


@pytest.fixture(scope="module")
def component_image(docker: dict[str, str], image: str) -> str:
    """The built image under the name the component computes: <image input>:<its version>."""
    ensure_util_image(docker)
    tagged = f"{IMAGE_REPOSITORY}:{launchgate.__version__}"
    proc = run(["docker", "tag", image, tagged], env=docker, timeout=60)
    assert proc.returncode == 0, explain(proc)
    return tagged


def project(path: Path, leak: bool) -> Path:
    """A project holding the released component and a pipeline that includes it."""
    repo = sample_repo(path, leak=leak)
    (repo / "templates").mkdir()
    text = released_component(launchgate.__version__)
    (repo / "templates" / "launchgate.yml").write_text(text, encoding="utf-8")
    (repo / ".gitignore").write_text(".gitlab-ci-local/\n.gitlab-ci.yml\n", encoding="utf-8")
    git(repo, "remote", "add", "origin", f"git@{GITLAB_HOST}:{PROJECT}.git")
    sha = commit_all(repo, "component")
    (repo / ".gitlab-ci.yml").write_text(pipeline(sha, IMAGE_REPOSITORY), encoding="utf-8")
    return repo


def dotenv(repo: Path) -> dict[str, str]:
    text = (artifacts(repo) / "launchgate-reports" / "launchgate.env").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines())


def test_a_clean_project_passes_with_its_reports(
    tmp_path: Path, docker: dict[str, str], component_image: str
) -> None:
    repo = project(tmp_path / "clean", leak=False)
    code, log = run_pipeline(repo, docker, "--variable", "CI_PIPELINE_SOURCE=merge_request_event")
    assert code == 0, log
    assert "PASS  launchgate" in log and "GATE PASSED" in log
    reports = artifacts(repo) / "launchgate-reports"
    assert junit_schema().validate(etree.parse(str(reports / "junit.xml")))
    assert json.loads((reports / "gl-code-quality-report.json").read_text()) == []
    assert dotenv(repo) == {
        "LAUNCHGATE_VERDICT": "passed", "LAUNCHGATE_FAILURES": "0", "LAUNCHGATE_EXIT_CODE": "0",
    }  # fmt: skip
    assert "verdict=passed failures=0" in log, "the later job reads the dotenv report"


def test_a_leaky_project_fails_and_keeps_every_report(
    tmp_path: Path, docker: dict[str, str], component_image: str
) -> None:
    repo = project(tmp_path / "leaky", leak=True)
    code, log = run_pipeline(repo, docker, "--variable", "CI_PIPELINE_SOURCE=merge_request_event")
    assert code != 0, log
    assert "FAIL  launchgate" in log and "GATE FAILED" in log
    reports = artifacts(repo) / "launchgate-reports"
    # artifacts:when: always: the reports of a failed job are kept.
    junit = etree.parse(str(reports / "junit.xml"))
    assert junit_schema().validate(junit), junit_schema().error_log
    failed = [c for c in junit.iter("testcase") if c.find("failure") is not None]
    assert {c.get("file") for c in failed} == {"settings.py"}
    issues = json.loads((reports / "gl-code-quality-report.json").read_text())
    for issue in issues:
        jsonschema.Draft7Validator(CODEQUALITY_SCHEMA).validate(issue)
    assert {i["location"]["path"] for i in issues} == {"settings.py"}
    assert dotenv(repo) == {
        "LAUNCHGATE_VERDICT": "failed", "LAUNCHGATE_FAILURES": "2", "LAUNCHGATE_EXIT_CODE": "1",
    }  # fmt: skip
    assert "verdict=failed failures=2" in log
    kept = log + "".join(p.read_text(errors="replace") for p in reports.iterdir())
    for value in secret_pair():
        assert value not in kept, "a secret value reached the job log or an artifact"


def test_the_component_declares_its_reports_to_gitlab(
    tmp_path: Path, docker: dict[str, str]
) -> None:
    """What GitLab picks up (gitlab-ci-local copies paths only, so read the expanded job)."""
    repo = project(tmp_path / "clean", leak=False)
    job = preview(repo, docker)["launchgate"]
    assert job["image"]["name"] == f"{IMAGE_REPOSITORY}:{launchgate.__version__}"
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"] == {
        "junit": "launchgate-reports/junit.xml",
        "codequality": "launchgate-reports/gl-code-quality-report.json",
        "dotenv": "launchgate-reports/launchgate.env",
    }


@pytest.mark.parametrize(
    ("variables", "when"),
    [
        (
            {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_BRANCH": "feature"},
            "on_success",
        ),
        ({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}, "on_success"),
        (
            {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "1.0.0", "CI_COMMIT_BRANCH": ""},
            "on_success",
        ),
        ({"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main"}, "on_success"),
        ({"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature"}, "never"),
    ],
    ids=["merge-request", "default-branch", "tag", "schedule", "feature-branch-push"],
)
def test_rules(
    tmp_path: Path, docker: dict[str, str], variables: dict[str, str], when: str
) -> None:
    repo = project(tmp_path / "rules", leak=False)
    jobs = job_list(repo, docker, CI_DEFAULT_BRANCH="main", **variables)
    assert jobs["launchgate"] == when
