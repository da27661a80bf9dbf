"""The fast engine finds exactly what detect-secrets' own scan_file finds, and never calls out."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from detect_secrets.core import scan as ds_scan
from detect_secrets.settings import default_settings, get_settings

from launchgate.checks.secrets import detectors as engine
from launchgate.checks.secrets.files import repo_listing
from launchgate.checks.secrets.filescan import scan_task
from launchgate.checks.secrets.model import EngineOptions, Kind, Task
from launchgate.checks.secrets.pool import scan, scan_serial
from tests.secrets.gitrepo import AWS_KEY, GITHUB_TOKEN, STRIPE_LIVE, make_repo

SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"  # pragma: allowlist secret
PRIVATE = (
    "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1x\n-----END RSA PRIVATE KEY-----\n"
)
SAMPLES = {
    "app/settings.py": (
        f'AWS_ACCESS_KEY_ID = "{AWS_KEY}"\n'
        "def get():\n    password = get_secret()\n"
        f'    db_password = "Zx81-qwe-Poi9-LKj2"\n'  # pragma: allowlist secret
        f'STRIPE = "{STRIPE_LIVE}"  # pragma: allowlist secret\n'
        'uuid = "3f2b8a4c-9d1e-4f6a-8b7c-2e5d9f1a3b4c"\n'
    ),
    "web/app.js": f'const t = "{GITHUB_TOKEN}";\nconst url = "https://user:pa55w0rdZ@example.org/x";\n',  # pragma: allowlist secret
    "deploy/values.yaml": f"slack:\n  token: {SLACK}\nimage: nginx\nsecret_key: 'Q8zTgY2wP5nR7vK1'\n",  # pragma: allowlist secret
    "config/app.ini": "[db]\npassword = hunter2hunter2\nhost = 10.0.0.1\n",
    "keys/id_rsa": PRIVATE,
    "notes": "api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\nserver 8.8.8.8\n",
    "hex.txt": 'key = "a1b2c3d4e5f60718293a4b5c6d7e8f90"\n',  # pragma: allowlist secret
}


def _ds_findings(root: Path) -> set[tuple[str, str, str, int]]:
    found = set()
    with default_settings():
        get_settings().disable_filters("detect_secrets.filters.common.is_invalid_file")
        for rel in SAMPLES:
            for secret in ds_scan.scan_file(str(root / rel)):
                rel_name = Path(secret.filename).relative_to(root).as_posix()
                found.add((rel_name, secret.secret_hash, secret.type, secret.line_number))
    return found


def test_same_findings_as_detect_secrets(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", SAMPLES)
    theirs = _ds_findings(root)
    listing = repo_listing(root, ["."], [])
    outcomes = scan_serial(listing.tasks, EngineOptions())
    ours = {(f.rel, f.hashed_secret, f.type, f.line) for o in outcomes for f in o.findings}
    theirs_first = {t for t in theirs}
    assert {t[:3] for t in ours} == {t[:3] for t in theirs_first}
    assert len(theirs) >= 8  # the corpus really exercises the plugins
    assert not any(t[0] == "app/settings.py" and t[3] == 5 for t in ours)  # pragma honoured


def test_no_network_verification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("detect-secrets tried to verify a secret over the network")

    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests, "post", refuse)
    root = make_repo(tmp_path / "r", SAMPLES)
    with engine.LOCK:
        engine.configure(EngineOptions())
        filters = get_settings().filters
    assert "detect_secrets.filters.common.is_ignored_due_to_verification_policies" not in filters
    outcomes = scan_serial(repo_listing(root, ["."], []).tasks, EngineOptions())
    assert sum(len(o.findings) for o in outcomes) >= 8


LOCKS = {
    "pnpm-lock.yaml": (
        "packages:\n  /left-pad@1.3.0:\n    resolution: {integrity: "
        "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQIsRvU8F7hWYzhkCqtHk+K8p3VvKtqGjoq3ULpUN3gP7Vcg==}\n"
    ),
    "uv.lock": 'sdist = { url = "https://x.invalid/a.tar.gz", hash = "sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0" }\n',
    "bun.lock": '{"packages": {"a": ["a@1.0.0", "", {}, "sha512-Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5dGhvZGRwbGFjZQ=="]}}\n',
    "yarn.lock": f'a@1:\n  resolved "https://deploy:{GITHUB_TOKEN}@npm.pkg.github.com/a.tgz"\n',
}


def test_lock_files_are_data(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", LOCKS)
    outcomes = scan_serial(repo_listing(root, ["."], []).tasks, EngineOptions())
    found = {(f.rel, f.type) for o in outcomes for f in o.findings}
    assert not any(rel in ("pnpm-lock.yaml", "uv.lock", "bun.lock") for rel, _ in found)
    assert ("yarn.lock", "GitHub Token") in found  # a real credential in a lock file still counts
    assert not any("Entropy" in kind for _, kind in found)


def test_bad_input_is_skipped_with_reasons(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "image.bin.dat": b"\x89PNG\x00\x00" + AWS_KEY.encode(),
        "big.txt": "a = 1\n" * 300,
        "latin1.py": b'password = "caf\xe9-Zx81-qwe-Poi9"\n',  # pragma: allowlist secret
        "ok.py": "x = 1\n",
    }
    root = make_repo(tmp_path / "r", files)
    outside = tmp_path / "outside.txt"
    outside.write_text(f"k = '{AWS_KEY}'\n")
    (root / "link.txt").symlink_to(outside)
    (root / ".git" / "leak").write_text(AWS_KEY)
    (root / "untracked.py").write_text(f"k = '{AWS_KEY}'\n")
    listing = repo_listing(root, [".", "nope/"], [])
    assert listing.missing == ["nope/"]
    outcomes = {
        o.task.rel: o for o in scan_serial(listing.tasks, EngineOptions(max_file_size=1000))
    }
    # A small file with NUL bytes is scanned as its text runs: the key inside is found.
    assert outcomes["image.bin.dat"].partial == "binary: only its text runs were scanned"
    assert outcomes["image.bin.dat"].findings
    assert outcomes["big.txt"].skipped == "too large"
    assert outcomes["latin1.py"].partial == "not valid UTF-8"
    assert outcomes["latin1.py"].findings  # scanned anyway
    assert "untracked.py" not in outcomes and not any(".git" in k for k in outcomes)
    (root / "link.txt").unlink()
    (root / "link.txt").symlink_to(outside)
    listing = repo_listing(root, ["."], [], only=[str(root / "link.txt")])
    assert listing.outside == ["link.txt"] and not listing.tasks


def test_outside_git_walks_everything_but_vcs_and_dependencies(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("x = 1\n")
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "i.js").write_text("x\n")
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "tests" / "fixtures" / "k.py").write_text("x\n")
    listing = repo_listing(tmp_path, ["."], ["tests/fixtures/**"])
    assert not listing.in_git
    assert [t.rel for t in listing.tasks] == ["src/a.py"]


def test_parallel_matches_serial(tmp_path: Path) -> None:
    files = {
        f"pkg/m{i}.py": f'token_{i} = "{GITHUB_TOKEN[:-3]}{i:03d}"\nx = {i}\n' for i in range(130)
    }
    root = make_repo(tmp_path / "r", files, commit=False)
    tasks = repo_listing(root, ["."], []).tasks
    serial = scan_serial(tasks, EngineOptions())
    parallel = scan(tasks, EngineOptions(), workers=2)
    assert [o.findings for o in parallel] == [o.findings for o in serial]
    assert sum(len(o.findings) for o in parallel) >= 130


def test_unreadable_file_is_reported_not_fatal(tmp_path: Path) -> None:
    task = Task(str(tmp_path / "gone.py"), "gone.py", Kind.REPO)
    with engine.LOCK:
        engine.configure(EngineOptions())
        outcome = scan_task(task)
        (tmp_path / "dir.py").mkdir()
        dir_outcome = scan_task(Task(str(tmp_path / "dir.py"), "dir.py", Kind.REPO))
    assert outcome.skipped == "missing"
    assert dir_outcome.skipped is not None and dir_outcome.skipped.startswith("unreadable")


FALSE_ALARMS = {
    "docker-compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n",
    "launchgate.yml": "env:\n  vars:\n    STRIPE_SECRET_KEY: {secret: true}\n",
    "docs/setup.md": "Connect with `https://user:pass@host/`.\n",
    "README.py": 'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"\napi_key = "your-api-key-here"\ntoken = "xxxxxxxxxxxxxxxx"\n',
    "index.html": '<script integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"></script>\n',  # pragma: allowlist secret
}


def test_common_false_alarms_are_not_reported(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", FALSE_ALARMS)
    outcomes = scan_serial(repo_listing(root, ["."], []).tasks, EngineOptions())
    assert [(f.rel, f.type) for o in outcomes for f in o.findings] == []
    real = {
        "compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Zx81-qwe-Poi9\n"
    }  # pragma: allowlist secret
    root = make_repo(tmp_path / "real", real)
    outcomes = scan_serial(repo_listing(root, ["."], []).tasks, EngineOptions())
    assert [f.type for o in outcomes for f in o.findings] == ["Secret Keyword"]


def test_a_detect_secrets_crash_on_one_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(rel: str, text: str, built: bool = False) -> list[object]:
        raise ValueError(f"cannot parse {text}")

    (tmp_path / "odd.py").write_text(f'K = "{AWS_KEY}"\n')
    monkeypatch.setattr(engine, "scan_text", explode)
    with engine.LOCK:
        engine.configure(EngineOptions())
        outcome = scan_task(Task(str(tmp_path / "odd.py"), "odd.py", Kind.REPO))
    assert outcome.skipped == "unreadable (detect-secrets failed: ValueError)"
    assert AWS_KEY not in repr(outcome)
