"""The demo shop's repository: code, env files, a built bundle and logs, in a real git repo.

The planted launch failure here is the classic one: a server-side key inlined into the
frontend bundle. Its value is random per run, so no real-looking secret is ever shipped.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DemoSecrets:
    database_url: str
    stripe_key: str
    sentry_dsn: str


def make_secrets() -> DemoSecrets:
    return DemoSecrets(
        database_url=f"postgresql://shop:{secrets.token_urlsafe(18)}@db.internal:5432/shop",
        stripe_key="sk_live_" + secrets.token_hex(16),
        sentry_dsn=f"https://{secrets.token_hex(16)}@o1.ingest.sentry.invalid/42",
    )


def _files(keys: DemoSecrets) -> dict[str, str]:
    return {
        "README.md": "# Acme shop\n\nA small shop. `npm run build` writes dist/.\n",
        ".gitignore": ".env\n.env.*\n!.env.example\ndist/\nlogs/\nnode_modules/\n",
        ".env.example": "DATABASE_URL=\nSTRIPE_SECRET_KEY=\nSENTRY_DSN=\nDEBUG=\n",
        ".env.production": (
            f"DATABASE_URL={keys.database_url}\n"
            f"STRIPE_SECRET_KEY={keys.stripe_key}\n"
            f"SENTRY_DSN={keys.sentry_dsn}\n"
            "DEBUG=false\n"
        ),
        "package.json": '{"name": "acme-shop", "private": true, "scripts": {"build": "vite build"}}\n',
        "app/server.py": (
            "import os\n\n\n"
            "def stripe_key() -> str:\n"
            '    return os.environ["STRIPE_SECRET_KEY"]\n\n\n'
            "def database_url() -> str:\n"
            '    return os.environ["DATABASE_URL"]\n'
        ),
        "app/checkout.js": (
            "export async function checkout(cart) {\n"
            "  const res = await fetch('/api/checkout', {method: 'POST', body: JSON.stringify(cart)});\n"
            "  return res.json();\n}\n"
        ),
        # The built bundle: someone used process.env.STRIPE_SECRET_KEY in frontend code.
        "dist/assets/app.js": (
            '(()=>{"use strict";const e={apiBase:"/api",stripeKey:"'
            + keys.stripe_key
            + '"};function t(n){return fetch(e.apiBase+"/checkout",{method:"POST",'
            "body:JSON.stringify(n)}).then(r=>r.json())}window.checkout=t})();\n"
        ),
        "dist/index.html": (
            '<!doctype html><html><head><script src="/assets/app.js"></script></head>'
            "<body>Acme</body></html>\n"
        ),
        "logs/app.log": (
            "2026-11-28T10:00:01Z INFO started worker pid=311\n"
            "2026-11-28T10:00:02Z INFO GET /products 200 12ms\n"
            "2026-11-28T10:00:03Z INFO POST /api/checkout 201 88ms\n"
        ),
    }


def build_project(root: Path, keys: DemoSecrets) -> Path:
    """Write the shop into ``root`` and commit what git would track."""
    if root.exists():
        shutil.rmtree(root)
    for relative, text in _files(keys).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git_commit(root)
    return root


def _git_commit(root: Path) -> None:
    if shutil.which("git") is None:
        return
    env_args = [
        "-c",
        "user.name=Acme",
        "-c",
        "user.email=dev@acme.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        [*env_args, "commit", "-q", "-m", "Shop"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
