"""Pull-request mode: only the lines a change adds since the merge-base are judged."""

from __future__ import annotations

from pathlib import Path

from launchgate.checks.secrets.diff import parse_added
from launchgate.checks.secrets.facts import run_secrets
from launchgate.core.model import Status
from tests.secrets.gitrepo import (
    AWS_KEY,
    GITHUB_TOKEN,
    assert_no_leak,
    by_id,
    commit_all,
    context,
    git,
    make_repo,
    problems,
    run,
    write,
)

CONFIG = "version: 1\nsecrets: {}\n"


def _pr(tmp_path: Path) -> Path:
    """main holds an old secret; the feature branch adds one more and edits other lines."""
    files = {"launchgate.yml": CONFIG, "old.py": f'KEY = "{AWS_KEY}"\n', "app.py": "a = 1\n"}
    root = make_repo(tmp_path / "repo", files)
    git(root, "checkout", "-q", "-b", "feature")
    write(
        root,
        {
            "app.py": f'a = 1\nb = 2\nTOKEN = "{GITHUB_TOKEN}"\n',
            "old.py": f'KEY = "{AWS_KEY}"\nx = 3\n',
        },
    )
    commit_all(root, "feature")
    return root


def test_pr_diff_reports_only_the_added_secret(tmp_path: Path) -> None:
    root = _pr(tmp_path)
    results = run(run_secrets, context(root, CONFIG, diff_base="main"))
    found = problems(results)
    assert list(found) == ["secrets.repo:app.py:3"]
    assert found["secrets.repo:app.py:3"].status is Status.FAIL
    summary = by_id(results)["secrets.scan"]
    assert "lines added since main (--diff-base)" in summary.message
    assert summary.data["scanned"] == 2  # only the changed files were read
    assert_no_leak(results, [AWS_KEY, GITHUB_TOKEN])
    full = problems(run(run_secrets, context(root, CONFIG)))
    assert {"secrets.repo:app.py:3", "secrets.repo:old.py:1"} <= set(full)


def test_base_detected_from_github_pull_request(tmp_path: Path) -> None:
    root = _pr(tmp_path)
    environ = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"}
    results = run(run_secrets, context(root, CONFIG, environ))
    assert list(problems(results)) == ["secrets.repo:app.py:3"]
    assert "(GITHUB_BASE_REF)" in by_id(results)["secrets.scan"].message


def test_base_detected_from_gitlab_merge_request(tmp_path: Path) -> None:
    root = _pr(tmp_path)
    sha = git(root, "rev-parse", "main").strip()
    environ = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": sha, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    assert list(problems(run(run_secrets, context(root, CONFIG, environ)))) == [
        "secrets.repo:app.py:3"
    ]


def test_unavailable_base_falls_back_to_a_full_scan(tmp_path: Path) -> None:
    root = _pr(tmp_path)
    results = run(run_secrets, context(root, CONFIG, diff_base="origin/nope"))
    found = problems(results)
    assert "not a commit in this repository" in found["secrets.scan:diff"].message
    assert "secrets.repo:old.py:1" in found
    environ = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "release"}
    found = problems(run(run_secrets, context(root, CONFIG, environ)))
    assert "secrets.repo:old.py:1" in found  # base not fetched: everything is judged
    assert "origin/release (GITHUB_BASE_REF) is not fetched" in found["secrets.scan:diff"].message


def test_uncommitted_work_counts_as_added(tmp_path: Path) -> None:
    root = _pr(tmp_path)
    write(root, {"new.py": f'\n\nK = "{AWS_KEY}"\n'})
    git(root, "add", "new.py")
    found = problems(run(run_secrets, context(root, CONFIG, diff_base="main")))
    assert set(found) == {"secrets.repo:app.py:3", "secrets.repo:new.py:3"}


def test_parse_added() -> None:
    diff = (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,0 +2,2 @@\n+x\n+y\n"
        "@@ -9 +11 @@\n-z\n+w\n"
        "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-q\n"
        'diff --git "a/sp ace.py" "b/sp ace.py"\n--- /dev/null\n+++ "b/sp ace.py"\n@@ -0,0 +1 @@\n+k\n'
    )
    assert parse_added(diff) == {"a.py": {2, 3, 11}, "sp ace.py": {1}}
