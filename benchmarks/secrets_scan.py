"""Secret-scan speed: `launchgate check --only secrets` against `detect-secrets scan`.

Copies an installed package's source tree (pip's by default) into a temporary git repository,
scans it with both tools (same files: what git tracks; same plugins: detect-secrets'
defaults), compares the findings, then times pull-request mode on a 10-file change.

    python benchmarks/secrets_scan.py [--source DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def sh(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=check)


def git(cwd: Path, *args: str) -> None:
    sh(cwd, "git", "-c", "user.email=bench@bench.invalid", "-c", "user.name=bench", *args)


def make_repo(source: Path, root: Path) -> int:
    shutil.copytree(source, root / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    # No size cap, so that both tools read the same files.
    (root / "launchgate.yml").write_text("version: 1\nsecrets: {max_file_size: 1GiB}\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "tree")
    return len(sh(root, "git", "ls-files").stdout.splitlines())


def timed(cwd: Path, args: Sequence[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    proc = sh(cwd, *args, check=False)
    return time.perf_counter() - started, proc


def detect_secrets_findings(stdout: str) -> set[tuple[str, str]]:
    results = json.loads(stdout)["results"]
    return {(f, e["hashed_secret"]) for f, items in results.items() for e in items}


def launchgate_findings(report: Path) -> set[tuple[str, str]]:
    found = set()
    for result in json.loads(report.read_text())["results"]:
        if result["rule"] == "secrets.repo" and result["status"] != "pass":
            for hashed in result["data"]["hashed_secrets"]:
                found.add((result["file"], hashed))
    return found


def explained_by_filters(root: Path, missing: set[tuple[str, str]]) -> int:
    """How many detect-secrets-only findings launchgate drops on purpose."""
    from detect_secrets.core import scan as ds_scan
    from detect_secrets.settings import default_settings

    from launchgate.checks.secrets import filters

    count = 0
    with default_settings():
        for rel in sorted({f for f, _ in missing}):
            lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
            for secret in ds_scan.scan_file(str(root / rel)):
                value = secret.secret_value or ""
                line = lines[secret.line_number - 1] if 0 < secret.line_number <= len(lines) else ""
                dropped = (
                    filters.not_a_secret(value, secret.type)
                    or filters.is_checksum(line, value, secret.type)
                    or filters.public_or_placeholder_in_line(line, value, secret.type)
                )
                if (rel, secret.secret_hash) in missing and dropped:
                    count += 1
                    missing = missing - {(rel, secret.secret_hash)}
    return count


def launchgate(root: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    report = root.parent / "report.json"
    args = [sys.executable, "-m", "launchgate", "check", "--offline", "--only", "secrets"]
    return timed(root, [*args, "--no-color", "--json", str(report), *extra])


def pr_change(root: Path, package: str) -> None:
    git(root, "checkout", "-q", "-b", "feature")
    files = sorted((root / package).rglob("*.py"))[:10]
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        added = (
            f'\nDEPLOY_TOKEN_{i} = "ghp_{"aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"}{i:02d}"\n'  # pragma: allowlist secret
            if i == 0
            else f"\nX_{i} = {i}\n"
        )
        path.write_text(text + added, encoding="utf-8")
    git(root, "commit", "-q", "-am", "change ten files")


def main() -> int:
    parser = argparse.ArgumentParser()
    import pip

    parser.add_argument("--source", type=Path, default=Path(pip.__file__).parent)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        files = make_repo(options.source, root)
        print(f"tree: {options.source} -> {files} tracked files")
        ds_times, lg_times = [], []
        ds_found: set[tuple[str, str]] = set()
        for _ in range(options.runs):
            seconds, proc = timed(root, ["detect-secrets", "scan"])
            ds_times.append(seconds)
            ds_found = detect_secrets_findings(proc.stdout)
            seconds, proc = launchgate(root)
            lg_times.append(seconds)
        lg_found = launchgate_findings(root.parent / "report.json")
        ds, lg = statistics.median(ds_times), statistics.median(lg_times)
        print(
            f"detect-secrets scan:           {ds:6.2f} s  ({1000 * ds / files:.1f} ms/file)  findings {len(ds_found)}"
        )
        print(
            f"launchgate check --only secrets: {lg:6.2f} s  ({1000 * lg / files:.1f} ms/file)  findings {len(lg_found)}"
        )
        print(f"speed-up: {ds / lg:.2f}x   same findings: {ds_found == lg_found}")
        if ds_found != lg_found:
            explained = explained_by_filters(root, ds_found - lg_found)
            print(f"  only detect-secrets: {len(ds_found - lg_found)}, of which dropped by")
            print(
                f"  launchgate's documented filters (SRI hashes, placeholders, literals, dev defaults): {explained}"
            )
            print(f"  only launchgate:     {sorted(lg_found - ds_found)[:10]}")
        pr_change(root, options.source.name)
        times = [launchgate(root, "--diff-base", "main")[0] for _ in range(options.runs)]
        report = json.loads((root.parent / "report.json").read_text())
        new = [
            r["id"]
            for r in report["results"]
            if r["rule"] == "secrets.repo" and r["status"] == "fail"
        ]
        print(
            f"diff mode, 10 changed files:   {statistics.median(times):6.2f} s wall (with start-up)  new findings {new}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
