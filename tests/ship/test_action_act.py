"""The GitHub Action run as GitHub runs it: the pull-request workflow of docs/ship.md under
``act`` (host mode), against a clean repository, one with a planted secret, and a fork's pull
request without secrets; and the wheel cache, cold then warm."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.junit_schema import junit_schema
from tests.ship.act_host import ActRun, action_copy, pull_request_event, run_act
from tests.ship.planted import commit_all, git, leaky_settings, sample_repo, secret_pair
from tests.ship.tools import REPO
from tests.ship.wheelhouse import download_wheels

pytestmark = pytest.mark.timeout(900)

DOC = REPO / "docs" / "ship.md"
SECRETS = {
    "DATABASE_URL": "postgres://app:" + "s3cr3t-pw@db.acme.test/app",
    "STRIPE_SECRET_KEY": "sk_test_" + "x" * 24,
}
# Appended to the example: every output of the launchgate step, as JSON, for the test to read.
RECORD_OUTPUTS = """\
      - name: Record outputs
        if: always()
        env:
          OUTPUTS: ${{ toJSON(steps.launchgate.outputs) }}
        run: printf '%s' "$OUTPUTS" > "$ACT_TEST_UPLOADS/outputs.json"
"""


def pull_request_workflow() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    (workflow,) = [b for b in blocks if b.startswith("# .github/workflows/launchgate.yml")]
    return workflow


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One copy of the action and one wheel cache for the module."""
    root = tmp_path_factory.mktemp("act")
    return {"action": action_copy(root / "action"), "cache": root / "cache"}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory, shared: dict[str, Path]) -> ActRun:
    """A clean pull request on an empty cache (cold): it fills the cache the others use."""
    assert not shared["cache"].exists()
    return gate(tmp_path_factory.mktemp("clean"), shared, leak=False)


def offline_pip(wheels: Path) -> dict[str, str]:
    """pip reads the locked wheels from a local folder instead of PyPI (the same hashes)."""
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PIP_CONFIG_FILE": "/dev/null"}


def project(path: Path, leak: bool) -> Path:
    """The sample on ``main`` with the workflow; the pull request's branch adds settings.py
    with a secret (``leak``) or a harmless change. On a pull request the scan judges what the
    branch adds since the base (GITHUB_BASE_REF)."""
    repo = sample_repo(path)
    workflows = repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "launchgate.yml").write_text(pull_request_workflow() + RECORD_OUTPUTS, "utf-8")
    git(repo, "remote", "add", "origin", "https://github.com/acme/shop.git")
    commit_all(repo, "workflow")
    git(repo, "checkout", "-q", "-b", "feature")
    if leak:
        (repo / "settings.py").write_text(leaky_settings(), encoding="utf-8")
    else:
        (repo / "CHANGELOG.md").write_text("- a greeting\n", encoding="utf-8")
    commit_all(repo, "the pull request")
    return repo


def gate(tmp_path: Path, shared: dict[str, Path], leak: bool, fork: bool = False) -> ActRun:
    repo = project(tmp_path / "repo", leak)
    env = {**offline_pip(download_wheels()), "ACT_TEST_CACHE": str(shared["cache"])}
    return run_act(
        repo, tmp_path / "work", shared["action"], pull_request_event(fork), env,
        secrets=None if fork else SECRETS,
    )  # fmt: skip


def assert_no_secret_leaked(result: ActRun) -> None:
    """No value in the log, an output or a report; ``::add-mask::`` lines excepted: GitHub
    consumes them (they are how the values get masked) and never shows them."""
    shown = [e for e in result.events if e.get("command") != "add-mask"]
    text = json.dumps(shown) + "".join(
        p.read_text(errors="replace") for p in result.uploads.rglob("*") if p.is_file()
    )
    for value in [*secret_pair(), *SECRETS.values()]:
        assert value not in text, "a secret value reached the log, an output or a report"


def test_a_clean_pull_request_passes(clean_run: ActRun) -> None:
    result = clean_run
    assert result.code == 0 and result.job_result == "success", result.log[-3000:]
    assert result.outputs == {
        "verdict": "passed", "exit-code": "0", "passed": "true", "failures": "0",
        "warnings": "0", "errors": "0", "failing": "",
    }  # fmt: skip
    assert not result.commands("error"), "a clean repository gets no error annotation"
    assert "gate passed" in result.summary
    junit = result.uploads / "launchgate-junit" / "launchgate-junit.xml"
    assert junit_schema().validate(etree.parse(str(junit)))
    assert (result.uploads / "code-scanning" / "launchgate.sarif").stat().st_size > 0
    assert_no_secret_leaked(result)


def test_a_planted_secret_fails_the_job_with_annotations(
    tmp_path: Path, shared: dict[str, Path], clean_run: ActRun
) -> None:
    result = gate(tmp_path, shared, leak=True)
    assert result.code != 0 and result.job_result == "failure", result.log[-3000:]
    assert result.outputs == {
        "verdict": "failed", "exit-code": "1", "passed": "false", "failures": "2",
        "warnings": "0", "errors": "0", "failing": "settings.py:1\nsettings.py:2",
    }  # fmt: skip
    places = {(e["kvPairs"]["file"], e["kvPairs"]["line"]) for e in result.commands("error")}
    assert places == {("settings.py", "1"), ("settings.py", "2")}
    assert "gate failed" in result.summary and "settings.py:1" in result.summary
    # Reports are uploaded after the failed step (if: always()), where the inputs said.
    junit = etree.parse(str(result.uploads / "launchgate-junit" / "launchgate-junit.xml"))
    assert {c.get("file") for c in junit.iter("testcase") if c.find("failure") is not None} == {
        "settings.py"
    }
    assert (result.uploads / "code-scanning" / "launchgate.sarif").is_file()
    assert_no_secret_leaked(result)


def test_a_fork_pull_request_without_secrets_still_gates(
    tmp_path: Path, shared: dict[str, Path], clean_run: ActRun
) -> None:
    result = gate(tmp_path, shared, leak=True, fork=True)
    assert result.job_result == "failure", result.log[-3000:]
    assert result.outputs["verdict"] == "failed" and result.outputs["failures"] == "2"
    assert len(result.commands("error")) == 2
    assert "gate failed" in result.summary
    assert (result.uploads / "launchgate-junit" / "launchgate-junit.xml").is_file()
    assert not (result.uploads / "code-scanning").exists(), "no SARIF upload from a fork"


def test_the_wheel_cache_makes_the_second_install_offline(
    tmp_path: Path, shared: dict[str, Path], clean_run: ActRun
) -> None:
    """Cold (the clean run): the wheels were downloaded (from a local index here) and saved.
    Warm: installed from the cache with no index at all (PIP_FIND_LINKS points nowhere)."""
    assert "dependencies installed from the download" in clean_run.log
    assert list(shared["cache"].glob("launchgate-wheels-v1-*-py*.tar")), "the save step ran"
    empty = tmp_path / "no-index"
    empty.mkdir()
    repo = project(tmp_path / "repo", leak=False)
    env = {**offline_pip(empty), "ACT_TEST_CACHE": str(shared["cache"])}
    warm = run_act(repo, tmp_path / "work", shared["action"], pull_request_event(), env, SECRETS)
    assert warm.code == 0, warm.log[-3000:]
    assert "dependencies installed from the cache" in warm.log
    install = "Install launchgate (dependencies pinned by hash)"
    print(
        f"\nact install step: cold {clean_run.step_seconds(install):.1f}s, "
        f"warm {warm.step_seconds(install):.1f}s"
    )
