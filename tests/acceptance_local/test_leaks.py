"""Leak hunt: known secret values planted everywhere never reach any output, whole or in part."""

from __future__ import annotations

from pathlib import Path

from tests.acceptance_local import shop as S
from tests.acceptance_local.harness import launch
from tests.acceptance_local.test_planted import PRIVATE_KEY
from tests.secrets.gitrepo import AWS_KEY, GITHUB_TOKEN, commit_all, git, write

JWT = S.JWT_FIXTURE
KEYWORD_SECRET = "Qm8-zT4" + "vLp2Wn7Rk"
BROKEN_LINE_SECRET = "zR7qW2" + "mX9vK4pL8n"
SHORTEST = 9


def plant(root: Path) -> list[str]:
    """The same secrets in env files, committed files, bundles and logs; returns them."""
    prod = root / ".env.production"
    prod.write_text(
        prod.read_text().replace("DEBUG=false", "DEBUG=true")
        + f'BROKEN_LINE "{BROKEN_LINE_SECRET}\n'
    )
    (root / ".env.staging").write_text(
        f"SESSION_SECRET={S.SESSION_SECRET}\nDATABASE_URL={S.DB_URL}\n"
    )
    write(
        root,
        {
            "src/keys.ts": f"const aws = '{AWS_KEY}';\nconst gh = \"{GITHUB_TOKEN}\";\n",
            "api/db.py": f'password = "{KEYWORD_SECRET}"\nURL = "{S.DB_URL}"\n',
            "keys/server.key": PRIVATE_KEY,
            "dist/assets/app.js": S.minified_bundle(
                extra=f'var a="{S.STRIPE_LIVE}",b="{S.SESSION_SECRET}",c="{AWS_KEY}";'
            )
            + "//# sourceMappingURL=app.js.map\n",
            "logs/app.log": (
                f"Authorization: Bearer {JWT}\nuser=ceo@acme-shop.com token={GITHUB_TOKEN}\n"
                f"db={S.DB_URL}\n"
            ),
        },
    )
    git(root, "add", "-f", ".env.production")
    commit_all(root)
    return [
        S.DB_URL, S.STRIPE_LIVE, S.SESSION_SECRET, S.STAGING_DB_URL, AWS_KEY, GITHUB_TOKEN,
        KEYWORD_SECRET, BROKEN_LINE_SECRET, JWT, *PRIVATE_KEY.splitlines()[1:-1],
    ]  # fmt: skip


def leaks(text: str, values: list[str]) -> list[str]:
    """Every planted value, or a piece of one longer than SHORTEST - 1 chars, found in text."""
    found = []
    for value in values:
        for start in range(len(value) - SHORTEST + 1):
            piece = value[start : start + SHORTEST]
            if piece in text:
                found.append(f"{piece!r} of {value[:4]}…")
                break
    return found


def test_no_planted_value_in_any_output(tmp_path: Path) -> None:
    root = S.clean_shop(tmp_path / "shop")
    values = plant(root)
    run = launch(root, github=True, verbose=True)
    assert run.code == 1
    ids = set(run.problems())
    assert "env.committed:.env.production" in ids and "env.distinct:SESSION_SECRET" in ids
    assert any(i.startswith("secrets.env_value_in_artifact:") for i in ids)
    assert "secrets.logs:logs/app.log" in ids
    masks = [line for line in run.out.splitlines() if line.startswith("::add-mask::")]
    assert masks, "GitHub masks come first"
    body = "\n".join(
        line for line in run.everything().splitlines() if not line.startswith("::add-mask::")
    )
    assert leaks(body, values) == []


def test_masks_cover_every_secret_value_before_anything_else(tmp_path: Path) -> None:
    root = S.clean_shop(tmp_path / "shop")
    plant(root)
    run = launch(root, github=True)
    lines = run.out.splitlines()
    first_other = next(i for i, line in enumerate(lines) if not line.startswith("::add-mask::"))
    masked = {line.removeprefix("::add-mask::") for line in lines[:first_other]}
    for value in (S.DB_URL, S.STRIPE_LIVE, S.SESSION_SECRET, AWS_KEY, GITHUB_TOKEN, JWT):
        assert value in masked, value[:4]


def test_the_real_command_line_leaks_nothing(tmp_path: Path) -> None:
    """The same hunt through a real `python -m launchgate check` process."""
    import os
    import subprocess
    import sys

    root = S.clean_shop(tmp_path / "shop")
    values = plant(root)
    out_dir = tmp_path / "out"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(out_dir / "summary.md"),
        "GITHUB_OUTPUT": str(out_dir / "output.txt"),
    }
    out_dir.mkdir()
    args = ["--junit", "j.xml", "--json", "r.json", "--sarif", "r.sarif", "--markdown", "s.md"]
    proc = subprocess.run(
        [sys.executable, "-m", "launchgate", "check", "--offline", "-v",
         *[a if a.startswith("--") else str(out_dir / a) for a in args]],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    files = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out_dir.iterdir()))
    assert len(list(out_dir.iterdir())) == 6
    printed = "\n".join(
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if not line.startswith("::add-mask::")
    )
    assert leaks(printed + files, values) == []
