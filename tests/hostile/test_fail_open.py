"""Never pass blind: a run that would check nothing is a usage error or runs the default;
reports land where asked, whole, readable by other users, or the run says why not."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import aws_key, launchgate_many

NO_SECTION = [
    "version: 1\n",
    "version: 1\nproject: shop\nnetwork: {}\n",
    "version: 1\nignore: []\nseverity: {}\nfail_on: high\n",
]


def _leaky(root: Path, config: str | None) -> Path:
    root.mkdir(parents=True)
    if config is not None:
        (root / "launchgate.yml").write_text(config)
    (root / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key()}"\n')
    return root


def test_a_config_with_no_check_section_runs_the_default(tmp_path: Path) -> None:
    """Before: "GATE PASSED (no checks ran)" and exit 0, with a live key in the tree."""
    roots = [_leaky(tmp_path / str(i), text) for i, text in enumerate(NO_SECTION)]
    runs = launchgate_many([(["check", "--json", "r.json"], root) for root in roots])
    for text, root, run in zip(NO_SECTION, roots, runs, strict=True):
        assert run.code == 1 and "has no check section" in run.err, (text, run.out, run.err)
        ids = {r["id"] for r in json.loads((root / "r.json").read_text())["results"]}
        assert "secrets.scan" in ids and any(i.startswith("secrets.repo:") for i in ids), text


SELECTIONS = [  # (config, options, words in the message)
    ("version: 1\nenv: {}\n", ["--only", "dns", "--skip", "dns"], "nothing would"),
    ("version: 1\nenv: {}\n", ["--only", "dns"], "nothing would"),
    ("version: 1\nenv: {}\n", ["--only", "env,dns", "--skip", "env"], "nothing would"),
    (None, ["--skip", "env,secrets"], "nothing would"),
    (None, ["--only", "tls"], "nothing would"),
    ("version: 1\nenv: {}\nsecrets: {}\n", ["--skip", "env,secrets"], "nothing would"),
]


def test_a_selection_that_leaves_nothing_to_run_is_a_usage_error(tmp_path: Path) -> None:
    jobs = [
        (["check", *options], _leaky(tmp_path / str(i), config))
        for i, (config, options, _) in enumerate(SELECTIONS)
    ]
    runs = launchgate_many(jobs)
    for (config, options, words), run in zip(SELECTIONS, runs, strict=True):
        assert run.code == 2 and words in run.err, (config, options, run.out, run.err)


SAME_PATH = [
    ["--json", "r", "--sarif", "r"],
    ["--json", "r.json", "--junit", "./r.json"],
    ["--markdown", "out/../r.md", "--json", "r.md"],
    ["--json", "link.json", "--sarif", "real.json"],  # link.json -> real.json
]


def test_two_reports_on_one_path_is_a_usage_error(tmp_path: Path) -> None:
    root = _leaky(tmp_path / "p", "version: 1\nenv: {}\n")
    (root / "out").mkdir()
    (root / "link.json").symlink_to("real.json")
    runs = launchgate_many([(["check", *args], root) for args in SAME_PATH])
    for args, run in zip(SAME_PATH, runs, strict=True):
        assert run.code == 2 and "overwrite" in run.err, (args, run.err)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write in: a read-only mount as root (who ignores permissions),
    plain permissions otherwise."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], check=True
        )
    else:
        folder.chmod(0o555)
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def test_a_read_only_output_folder_is_a_usage_error_naming_the_path(
    tmp_path: Path, read_only: Path
) -> None:
    root = _leaky(tmp_path / "p", "version: 1\nenv: {}\n")
    jobs = [
        ["check", "--json", "r.json"],  # for report --from
        ["check", "--json", f"{read_only}/r.json"],
        ["report", "-o", f"{read_only}/handover.md"],
        ["report", "--from", "r.json", "-o", f"{read_only}/handover.md"],
        ["demo", "-o", f"{read_only}/demo"],
    ]
    runs = launchgate_many([(args, root) for args in jobs])
    assert runs[0].code == 0, runs[0].err
    for args, run in zip(jobs[1:], runs[1:], strict=True):
        assert run.code == 2, (args, run.code, run.err)
        assert str(read_only) in run.err and "internal error" not in run.err, (args, run.err)


def test_reports_take_the_mode_the_umask_gives(tmp_path: Path) -> None:
    """Not 0600: the container user writes them, the CI user uploads them."""
    reports = ["--json", "r.json", "--junit", "j.xml", "--sarif", "r.sarif", "--markdown", "r.md"]
    commands = [
        ["check", *reports],
        ["report", "--from", "r.json", "-o", "handover.md"],
        ["secrets", "baseline"],
    ]
    cases = {0o022: 0o644, 0o027: 0o640, 0o002: 0o664}
    roots = {umask: _leaky(tmp_path / oct(umask), "version: 1\nsecrets: {}\n") for umask in cases}
    jobs = [(argv, roots[umask]) for umask in cases for argv in commands]
    launchgate_many(jobs, umasks=[umask for umask in cases for _ in commands])
    written = ["r.json", "j.xml", "r.sarif", "r.md", "handover.md", ".secrets.baseline"]
    for umask, mode in cases.items():
        modes = {n: oct(stat.S_IMODE((roots[umask] / n).stat().st_mode)) for n in written}
        assert modes == dict.fromkeys(written, oct(mode)), oct(umask)
