"""Environment variable names from the project's example file and its framework. Values are
never read: only what is left of ``=`` on each line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from launchgate.discover.model import EnvFacts

EXAMPLES = (".env.example", ".env.sample", ".env.template", ".env.dist", "example.env")
DEPLOY_FILES = (".env.production", ".env.prod")
ARTIFACT_DIRS = ("dist", "build", "out", ".next", "public/build")
_NAME = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
_SECRET = re.compile(
    r"SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|_KEY$|^KEY$|DSN|DATABASE_URL|_URI$", re.I
)
# Prefixes frameworks ship to the browser: such a variable is public by design.
PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "NUXT_PUBLIC_",
    "PUBLIC_",
    "GATSBY_",
    "EXPO_PUBLIC_",
)
FRAMEWORK_SECRETS = {
    "django": ("SECRET_KEY",),
    "rails": ("SECRET_KEY_BASE",),
    "laravel": ("APP_KEY",),
    "next": (),
}
MAX_NAMES = 200


def names_in(text: str) -> list[str]:
    """Variable names assigned in dotenv text, in order, without values."""
    found = (m.group(1) for m in map(_NAME.match, text.splitlines()) if m)
    return list(dict.fromkeys(found))[:MAX_NAMES]


def looks_secret(name: str) -> bool:
    if name.upper().startswith(PUBLIC_PREFIXES):
        return False
    return bool(_SECRET.search(name))


def detect_framework(root: Path) -> str | None:
    if (root / "manage.py").is_file():
        return "django"
    if (root / "config" / "application.rb").is_file():
        return "rails"
    if (root / "artisan").is_file():
        return "laravel"
    try:
        package = json.loads((root / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    deps = {**(package.get("dependencies") or {}), **(package.get("devDependencies") or {})}
    return "next" if isinstance(deps, dict) and "next" in deps else None


def first_file(root: Path, names: tuple[str, ...]) -> str | None:
    return next((n for n in names if (root / n).is_file()), None)


def gather_env(root: Path) -> EnvFacts:
    """Names from the example file (never a value), deploy env files and build output present."""
    example = first_file(root, EXAMPLES)
    names: list[str] = []
    if example is not None:
        try:
            names = names_in((root / example).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            names = []
    framework = detect_framework(root)
    missing = [n for n in FRAMEWORK_SECRETS.get(framework or "", ()) if n not in names]
    return EnvFacts(
        example=example,
        names=tuple(names),
        secret_names=tuple(n for n in names if looks_secret(n)),
        files=tuple(n for n in DEPLOY_FILES if (root / n).is_file()),
        framework=framework,
        conventions=tuple(missing),
        artifacts=tuple(d for d in ARTIFACT_DIRS if (root / d).is_dir()),
    )
