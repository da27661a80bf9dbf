"""Bad input gives a clear message and the run goes on (or exits 2 naming the line)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from launchgate.cli import main
from tests.acceptance_local import shop as S
from tests.acceptance_local.harness import launch
from tests.secrets.gitrepo import commit_all, git, write


def cli(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        code = main(["check", "--offline", "--no-color", *args])
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_config_with_bom_and_crlf_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "launchgate.yml").write_bytes(
        b"\xef\xbb\xbfversion: 1\r\nenv:\r\n  vars:\r\n    API_URL: {required: false}\r\n"
    )
    code, out = cli(tmp_path, capsys=capsys)
    assert code == 0, out


def test_utf16_config_with_bom_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "launchgate.yml").write_bytes("version: 1\r\nproject: x\r\n".encode("utf-16"))
    assert cli(tmp_path, capsys=capsys)[0] == 0


def test_tabs_name_the_line_and_say_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "launchgate.yml").write_text("version: 1\nenv:\n\tvars: {}\n")
    code, out = cli(tmp_path, capsys=capsys)
    assert code == 2 and "launchgate.yml:3:1" in out and "spaces, not tabs" in out


def test_a_config_that_is_not_utf8_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "launchgate.yml").write_bytes(b"version: 1\nproject: caf\xe9\n")
    code, out = cli(tmp_path, capsys=capsys)
    assert code == 2 and "launchgate.yml:2" in out and "not UTF-8" in out


def test_directories_named_like_files_and_missing_paths(tmp_path: Path) -> None:
    root = S.clean_shop(tmp_path / "shop")
    os.remove(root / ".env.production")
    for name in (".env.production", ".secrets.baseline", "dist/assets/chunk.js", "logs/old.log"):
        (root / name).mkdir(parents=True)
    cfg = root / "launchgate.yml"
    text = cfg.read_text().replace('paths: ["."]', 'paths: [".", "services/"]')
    cfg.write_text(text.replace("  artifacts:", "  baseline: .secrets.baseline\n  artifacts:"))
    run = launch(root, environ={"STRIPE_SECRET_KEY": S.STRIPE_LIVE, "DATABASE_URL": S.DB_URL,
                                "SESSION_SECRET": S.SESSION_SECRET,
                                "NEXT_PUBLIC_STRIPE_KEY": S.STRIPE_PUBLIC})  # fmt: skip
    problems = run.problems()
    assert set(problems) == {"secrets.baseline:.secrets.baseline", "secrets.scan:paths:services/"}
    assert "Is a directory" in problems["secrets.baseline:.secrets.baseline"]["message"]
    skipped = {r["id"]: r for r in run.json["results"] if r["status"] == "skip"}
    assert "is a directory, not a regular file" in skipped["env.file:.env.production"]["message"]
    assert run.code == 0


def test_a_broken_baseline_is_a_warning_and_every_finding_counts(tmp_path: Path) -> None:
    root = S.clean_shop(tmp_path / "shop")
    cfg = root / "launchgate.yml"
    cfg.write_text(
        cfg.read_text().replace("  artifacts:", "  baseline: .secrets.baseline\n  artifacts:")
    )
    write(
        root,
        {
            ".secrets.baseline": '{"version": "1.5.0", "results": ',
            "src/k.ts": f"k='{S.STRIPE_LIVE}'\n",
        },
    )
    commit_all(root)
    problems = launch(root).problems()
    assert set(problems) == {"secrets.baseline:.secrets.baseline", "secrets.repo:src/k.ts:1"}


def test_a_repository_with_no_commit_says_nothing_was_scanned(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q")
    write(
        root, {"launchgate.yml": "version: 1\nsecrets: {}\n", "app.py": f"K = '{S.STRIPE_LIVE}'\n"}
    )
    problems = launch(root).problems()
    assert set(problems) == {"secrets.scan:untracked"}
    git(root, "add", "-A")
    assert "secrets.repo:app.py:1" in launch(root).problems()


def test_outside_git_every_file_is_scanned(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write(root, {"launchgate.yml": "version: 1\nsecrets: {}\nenv: {}\n", "app.py": f"K = '{S.STRIPE_LIVE}'\n",
                 "node_modules/x/index.js": f"K = '{S.STRIPE_LIVE}'\n"})  # fmt: skip
    run = launch(root)
    assert set(run.problems()) == {"secrets.repo:app.py:1"}
    scan = next(r for r in run.json["results"] if r["id"] == "secrets.scan")
    assert "not a git repository" in scan["message"]


def test_paths_above_the_config_directory_are_named_not_silently_empty(tmp_path: Path) -> None:
    root = S.clean_shop(tmp_path / "shop")
    write(
        root,
        {
            "deploy/launchgate.yml": "version: 1\nsecrets:\n  paths: ['..']\n  artifacts: ['../dist/']\n"
        },
    )
    commit_all(root)
    problems = launch(root, config="deploy/launchgate.yml").problems()
    assert set(problems) == {"secrets.scan:paths:..", "secrets.scan:artifacts:../dist/"}
    assert "outside the directory of launchgate.yml" in problems["secrets.scan:paths:.."]["message"]


def test_absolute_log_paths_are_named_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write(
        root,
        {"launchgate.yml": "version: 1\nsecrets:\n  paths: []\n  logs: ['/var/log/app/*.log']\n"},
    )
    run = launch(root)
    found = run.problems()["secrets.scan:logs:/var/log/app/*.log"]
    assert found["status"] == "warn" and "cp /var/log/app/*.log logs/" in found["remediation"]


def test_outside_git_a_virtualenv_of_any_name_is_not_scanned(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    leaked = f"K = '{S.STRIPE_LIVE}'\n"
    write(root, {"launchgate.yml": "version: 1\nsecrets: {}\n", "app.py": "x = 1\n",
                 ".env/pyvenv.cfg": "home = /usr/bin\n", ".env/lib/site.py": leaked,
                 "venv2/pyvenv.cfg": "home = /usr/bin\n", "venv2/lib/x.py": leaked})  # fmt: skip
    run = launch(root)
    assert run.problems() == {}
    scan = next(r for r in run.json["results"] if r["id"] == "secrets.scan")
    assert scan["message"].startswith("Scanned 2 file(s)")
