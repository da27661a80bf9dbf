"""Files others control: one bad entry is one skipped, named entry, never the whole scan;
nothing but a regular file is ever opened; a checkout owned by another uid is still judged
as git sees it; a key inside a file with NUL bytes is still found."""

from __future__ import annotations

import json
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.hostile.harness import Run, aws_key, git, launchgate

CONFIG = """\
version: 1
env:
  files: [.env.fifo, .env.sock, /dev/zero, .env.dir]
  vars: {APP_NAME: {required: false}}
secrets: {}
"""


def _tree(root: Path, in_git: bool) -> tuple[Path, socket.socket]:
    root.mkdir(parents=True)
    (root / "launchgate.yml").write_text(CONFIG)
    (root / "keys.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key()}"\n')
    # A key in a file that looks binary: a database, an editor's swap file.
    (root / "cache.db").write_bytes(
        b"SQLite format 3\x00\x00\x01" + f"\x00key={aws_key()}\x00".encode()
    )
    (root / ".app.py.swp").write_bytes(
        b"b0VIM 8.2\x00\x00" + f'AWS_ACCESS_KEY_ID = "{aws_key()}"\n'.encode()
    )
    # Symlink loops: a pair, one pointing at itself, one through two folders.
    (root / "loop_a").symlink_to("loop_b")
    (root / "loop_b").symlink_to("loop_a")
    (root / "loop_self").symlink_to("loop_self")
    (root / "d1").mkdir()
    (root / "d2").mkdir()
    (root / "d1" / "x").symlink_to("../d2/y")
    (root / "d2" / "y").symlink_to("../d1/x")
    if in_git:
        (root / ".env").write_text(f"API_TOKEN=tok_{aws_key().lower()}\n")  # committed
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "init")
    # Never opened: a FIFO (would block), a socket, a device, a folder.
    os.mkfifo(root / ".env.fifo")
    os.mkfifo(root / "pipe.txt")
    (root / ".env.dir").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / ".env.sock"))
    return root, server


def _results(root: Path) -> dict[str, dict[str, object]]:
    return {r["id"]: r for r in json.loads((root / "r.json").read_text())["results"]}


def _check(root: Path) -> Run:
    return launchgate(["check", "--json", "r.json"], root, timeout=60)


def test_bad_entries_are_skipped_and_named_never_the_whole_scan(tmp_path: Path) -> None:
    plain, s1 = _tree(tmp_path / "plain", in_git=False)
    repo, s2 = _tree(tmp_path / "repo", in_git=True)
    with ThreadPoolExecutor(2) as pool:
        runs = dict(zip(("plain", "repo"), pool.map(_check, (plain, repo)), strict=True))
    s1.close()
    s2.close()
    for label, root in (("plain", plain), ("repo", repo)):
        run = runs[label]
        assert run.code == 1 and "Traceback" not in run.err, (label, run.out, run.err)
        assert run.seconds < 30, (label, run.seconds)  # nothing blocked on the FIFOs
        results = _results(root)
        found = {i.split(":")[1] for i in results if i.startswith("secrets.repo:")}
        # keys.py, and the keys inside files with NUL bytes
        assert {"keys.py", "cache.db", ".app.py.swp"} <= found, (label, found)
        summary = results["secrets.scan"]
        named = str(summary["message"]) + " ".join(summary.get("details") or [])
        assert "loop_a" in named and "loop_self" in named, (label, named)
        kinds = {i: str(r["message"]) for i, r in results.items() if i.startswith("env.file:")}
        assert "named pipe" in kinds["env.file:.env.fifo"], kinds
        assert "socket" in kinds["env.file:.env.sock"], kinds
        assert "character device" in kinds["env.file:/dev/zero"], kinds
        assert "directory" in kinds["env.file:.env.dir"], kinds


def test_a_checkout_owned_by_another_uid_is_still_judged_as_git_sees_it(tmp_path: Path) -> None:
    """The everyday CI container: the checkout belongs to the runner's uid, git refuses it
    ("dubious ownership"). launchgate says so, and env.committed does not disappear."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "launchgate.yml").write_text("version: 1\nenv: {}\nsecrets: {}\n")
    (root / ".env").write_text(f"STRIPE_KEY=sk_live_{aws_key()}\n")
    (root / "notes.txt").write_text("untracked files must not be scanned\n")
    git(root, "init", "-q")
    git(root, "add", "launchgate.yml", ".env")
    git(root, "commit", "-qm", "init")
    (root / "scratch.py").write_text(f'K = "{aws_key()}"  # untracked: not a repository finding\n')
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), 4242, 4242)
    os.lchown(root, 4242, 4242)
    run = _check(root)
    assert run.code == 1, run.out + run.err
    assert "dubious ownership" in run.err and f"safe.directory={root}" in run.err
    results = _results(root)
    assert results["env.committed:.env"]["status"] == "fail"
    assert "not a git repository" not in str(results["secrets.scan"]["message"])
    assert not any(i.startswith("secrets.repo:scratch.py") for i in results)
