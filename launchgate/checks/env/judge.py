"""Judging environment facts: pure functions from EnvFacts to Results (never a raw secret)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from launchgate.checks.env import rules as R
from launchgate.checks.env.credentials import recognised_credential
from launchgate.checks.env.facts import ENVIRONMENT, DotenvFile, EnvFacts, Resolved
from launchgate.checks.secrets.judge import PUBLIC_PREFIXES
from launchgate.config.model import EnvConfig, EnvVar
from launchgate.config.userregex import search
from launchgate.core.model import Result, Severity
from launchgate.core.redact import redact

PRODUCTION_NAMES = {"production", "prod", "live"}
_ON = {"1", "true", "yes", "on"}
_DEBUG_FLAGS = ("DEBUG", "FLASK_DEBUG", "APP_DEBUG", "DJANGO_DEBUG")
_SECRET_NAME = re.compile(
    r"(?i)(KEY|SECRET|TOKEN|PASS|PWD|CREDENTIAL|PRIVATE|AUTH|DSN|SIGNING|SALT|COOKIE)"
)
_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]*:[^/@\s]+@", re.I)


def looks_secret(name: str, value: str | None) -> bool:
    """A variable treated as secret although not marked: by its name, or a URL password."""
    return bool(_SECRET_NAME.search(name) or (value and _USERINFO.match(value)))


# Values a secret-sounding name may hold that are settings, not credentials: masking them
# would scrub every "production" or "github" from the reports (and, on GitHub, the job log).
_PLAIN_SETTING = re.compile(r"(?i)^(?:[a-z]+(?:[-_ .][a-z]+)*|\d+(?:\.\d+)*)$")
_STRONG_NAME = re.compile(r"(?i)(KEY|SECRET|TOKEN|PASS|PWD|CREDENTIAL|PRIVATE)")
_KNOWN_SETTINGS = frozenset(
    {"production", "prod", "development", "dev", "staging", "test", "local", "true", "false",
     "none", "lax", "strict", "github", "google", "gitlab", "email", "password", "oauth",
     "oidc", "saml", "jwt", "database", "redis", "memory", "cookie", "session", "hs256",
     "rs256", "es256", "bcrypt", "argon2"}
)  # fmt: skip


def should_mask(name: str, value: str | None, secret: bool = False) -> bool:
    """Whether a value is registered with the redactor: ``secret: true`` values always;
    values of secret-sounding names unless they are settings (a known setting word; or, for
    names like AUTH_MODE or COOKIE_DOMAIN, a plain word, number or URL without password)."""
    if not value:
        return False
    if secret:
        return True
    if not looks_secret(name, value) or value.strip().lower() in _KNOWN_SETTINGS:
        return False
    if _USERINFO.match(value) or _STRONG_NAME.search(name):
        return True
    return not (
        _PLAIN_SETTING.match(value.strip()) or re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I)
    )


def shown(value: str, secret: bool | None) -> str:
    """How a value may appear in a message: only a value declared ``secret: false`` is shown,
    and never one a detector recognises as a credential. The name does not decide: a value
    that fails its pattern may be a live key under any name."""
    if secret is not False or recognised_credential(value):
        return redact(value)
    return repr(value if len(value) <= 60 else value[:57] + "...")


def must_hide(name: str, var: EnvVar, value: str | None) -> bool:
    """Whether a value is registered with the redactor, so that no output shows it: a
    recognised credential always; else (unless declared ``secret: false``) a secret or
    secret-looking value, and a value that fails its pattern or forbid, unless it is a
    plain word or number (masking those would scrub every "production" from the reports)."""
    if not value:
        return False
    if recognised_credential(value):
        return True
    if var.secret is False:
        return False
    if should_mask(name, value, bool(var.secret)):
        return True
    return fails(var, value) and not _PLAIN_SETTING.match(value.strip())


def fails(var: EnvVar, value: str) -> bool:
    """The value fails its pattern or matches a forbidden one."""
    if var.pattern and not search(var.pattern, value):
        return True
    return any(search(f, value) for f in var.forbid)


def where(resolved: Resolved) -> str:
    if resolved.source == ENVIRONMENT:
        return "set in the environment"
    line = f" line {resolved.line}" if resolved.line else ""
    return f"set in {resolved.source}{line}"


def _loc(resolved: Resolved) -> dict[str, Any]:
    if resolved.source and resolved.source != ENVIRONMENT:
        return {"file": resolved.source, "line": resolved.line}
    return {}


def judge_var(name: str, var: EnvVar, resolved: Resolved) -> list[Result]:
    """env.required, env.pattern and env.forbid for one variable."""
    value = resolved.value
    if not value:
        return [_missing(name, var, resolved)]
    out = [R.REQUIRED.passed(f"{name} is {where(resolved)}", name, **_loc(resolved))]
    if var.pattern:
        out.append(_pattern(name, var, value, resolved))
    bad = [f for f in var.forbid if search(f, value)]
    for pattern in bad:
        message = (
            f"{name} matches the forbidden pattern {pattern} (value {shown(value, var.secret)})"
        )
        out.append(
            R.FORBID.fail(message, f"{name}:{pattern}", details=[where(resolved)], **_loc(resolved))
        )
    if var.forbid and not bad:
        out.append(R.FORBID.passed(f"{name} matches no forbidden pattern", name))
    return out


def _missing(name: str, var: EnvVar, resolved: Resolved) -> Result:
    looked = ", ".join(resolved.looked_in)
    if not var.required:
        return R.REQUIRED.skip(f"{name} is not set (optional)", name)
    state = f"is empty in {', '.join(resolved.empty_in)}" if resolved.empty_in else "is not set"
    return R.REQUIRED.fail(f"{name} {state}: looked in {looked}", name,
                           details=[f"purpose: {var.purpose}"] if var.purpose else [])  # fmt: skip


def _pattern(name: str, var: EnvVar, value: str, resolved: Resolved) -> Result:
    assert var.pattern is not None
    if search(var.pattern, value):
        return R.PATTERN.passed(f"{name} matches {var.pattern}", name)
    message = f"{name} does not match {var.pattern} (value {shown(value, var.secret)})"
    hint = _hint(var.pattern, value)
    return R.PATTERN.fail(message + (f": {hint}" if hint else ""), name,
                          details=[where(resolved)], **_loc(resolved))  # fmt: skip


def _hint(pattern: str, value: str) -> str:
    if "live" in pattern and re.search(r"(?i)(^|_)test(_|$)", value):
        return "this looks like a test key"
    if re.search(r"(?i)localhost|127\.0\.0\.1", value):
        return "this points at a local machine"
    return ""


def judge_distinct(config: EnvConfig, facts: EnvFacts) -> list[Result]:
    """env.distinct: a secret value also found in another environment's file."""
    out = []
    for name, value in facts.secret_values(config).items():
        shared = [
            (other.rel, key, other.lines.get(key))
            for other in facts.distinct
            for key, other_value in other.values.items()
            if other_value == value
        ]
        if shared:
            out.append(_shared(name, shared))
        elif any(f.ok for f in facts.distinct):
            message = f"{name} is not shared with {_names(facts.distinct)}"
            out.append(R.DISTINCT.passed(message, name))
    return out


def _shared(name: str, shared: list[tuple[str, str, int | None]]) -> Result:
    rel, key, _line = shared[0]
    message = (
        f"{name} has the same value as {key} in {rel}: "
        "production shares a credential with another environment"
    )
    details = [f"{r} line {n}: {k}" for r, k, n in shared]
    return R.DISTINCT.fail(message, name, details=details, data={"shared_with": details})


def _names(files: Iterable[DotenvFile]) -> str:
    return ", ".join(f.rel for f in files if f.ok)


def judge_example(config: EnvConfig, facts: EnvFacts) -> list[Result]:
    """env.example (required vars missing from it) and env.example_drift (stale vars)."""
    example = facts.example
    if example is None:
        return []
    if not example.ok:
        return [R.EXAMPLE.fail(f"The example file {example.rel} {example.error}", example.rel,
                               remediation=f"Create {example.rel} listing every variable the app needs, with placeholder values.")]  # fmt: skip
    out = []
    for name, var in config.vars.items():
        if var.required and name not in example.values:
            out.append(R.EXAMPLE.fail(f"{name} is required but missing from {example.rel}",
                                      name, file=example.rel))  # fmt: skip
    for key in example.values:
        if config.vars and key not in config.vars:
            out.append(R.EXAMPLE_DRIFT.warn(
                f"{key} is in {example.rel} but launchgate.yml does not name it",
                key, file=example.rel, line=example.lines.get(key)))  # fmt: skip
    if not out:
        out.append(R.EXAMPLE.passed(f"{example.rel} lists every required variable", example.rel))
    return out


def judge_files(facts: EnvFacts) -> list[Result]:
    """env.file: configured files that are missing or hold lines dotenv cannot parse."""
    out = []
    for env_file in (*facts.files, *facts.distinct):
        if not env_file.ok:
            out.append(
                R.FILE.skip(
                    f"{env_file.rel} {env_file.error}: variables were looked up elsewhere",
                    env_file.rel,
                )
            )
        elif env_file.bad_lines:
            lines = ", ".join(str(n) for n in env_file.bad_lines[:5])
            fix = (
                f"Fix line {lines} of {env_file.rel}: write NAME=value, quote values holding "
                "spaces or #, and close every quote (the app's dotenv drops such lines too)."
            )
            out.append(R.FILE.warn(f"{env_file.rel} has lines dotenv cannot parse (line {lines})",
                                   env_file.rel, file=env_file.rel, line=env_file.bad_lines[0],
                                   remediation=fix))  # fmt: skip
    return out


def judge_committed(committed: Sequence[DotenvFile]) -> list[Result]:
    """env.committed: env files tracked by git, naming (never showing) what they hold.

    Next.js and Vite document committing ``.env``/``.env.production`` with public defaults
    (secrets go to ``.env*.local``): such a file with nothing secret-looking is a low warning,
    not a critical failure.
    """
    out = []
    for env_file in committed:
        names = [k for k, v in env_file.values.items() if v]
        secrets = _secret_names(env_file)
        if not names:
            out.append(R.COMMITTED.warn(f"{env_file.rel} is committed to git (it holds no values yet)",
                                        env_file.rel, severity=Severity.LOW, file=env_file.rel, line=1))  # fmt: skip
            continue
        listed = _listed(names)
        if not secrets:
            out.append(_public_only(env_file, names, listed))
            continue
        first_line = min(env_file.lines[k] for k in names)
        message = f"{env_file.rel} is committed to git with {len(names)} value(s): {listed}"
        fix = f"Rotate every secret it held ({_listed(secrets)}), then `git rm --cached {env_file.rel}`, add it to .gitignore and commit a placeholder-only example."
        out.append(R.COMMITTED.fail(message, env_file.rel, file=env_file.rel, line=first_line,
                                    remediation=fix, data={"variables": names, "secrets": secrets}))  # fmt: skip
    return out


def _public_only(env_file: DotenvFile, names: list[str], listed: str) -> Result:
    message = (
        f"{env_file.rel} is committed to git with {len(names)} value(s), none of which looks "
        f"secret ({listed})"
    )
    fix = (
        f"Fine for public settings, but a secret added to {env_file.rel} later is leaked: keep "
        "secrets in an ignored .env.local or the host's settings."
    )
    first_line = min(env_file.lines[k] for k in names)
    return R.COMMITTED.warn(message, env_file.rel, severity=Severity.LOW, file=env_file.rel,
                            line=first_line, remediation=fix, data={"variables": names})  # fmt: skip


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


_LOCAL_URL = re.compile(
    r"^[a-z][a-z0-9+.-]*://[^/\s]*@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/?]|$)", re.I
)


def _secret_names(env_file: DotenvFile) -> list[str]:
    """Variables of a committed file that may hold a secret: public (browser) variables and
    credentials of a database on localhost are not."""
    return [
        k
        for k, v in env_file.values.items()
        if v
        and looks_secret(k, v)
        and not k.startswith(PUBLIC_PREFIXES)
        and not _LOCAL_URL.match(v)
    ]


def judge_unignored(paths: Sequence[str]) -> list[Result]:
    return [
        R.NOT_IGNORED.warn(
            f"{p} is not ignored by git: one `git add .` from being committed", p, file=p
        )
        for p in paths
    ]


def judge_debug(
    environment: str, environ: Mapping[str, str], files: Sequence[DotenvFile]
) -> list[Result]:
    """env.debug: debug switches on while the gate guards production."""
    if environment.strip().lower() not in PRODUCTION_NAMES:
        return []
    sources: list[tuple[str, Mapping[str, str | None], Mapping[str, int]]] = [
        (ENVIRONMENT, environ, {})
    ]
    sources += [(f.rel, f.values, f.lines) for f in files if f.ok]
    out = []
    for flag in (*_DEBUG_FLAGS, "NODE_ENV", "FLASK_ENV"):
        # The first source that sets it wins, as when dotenv loads without overriding.
        for source, values, lines in sources:
            value = values.get(flag)
            if value:
                if _is_on(flag, value):
                    out.append(_debug_fail(flag, value, source, lines.get(flag), environment))
                break
    return out or [R.DEBUG.passed("No debug switch is on", None)]


def _is_on(flag: str, value: str) -> bool:
    if flag == "NODE_ENV":
        return value.strip().lower() != "production"
    if flag == "FLASK_ENV":
        return value.strip().lower() == "development"
    return value.strip().lower() in _ON


def _debug_fail(flag: str, value: str, source: str, line: int | None, environment: str) -> Result:
    place = "in the environment" if source == ENVIRONMENT else f"in {source}"
    plain = _PLAIN_SETTING.match(value.strip()) and not recognised_credential(value)
    message = f"{flag}={value[:20] if plain else redact(value)} {place} while the gate guards {environment}"
    fix = "Set NODE_ENV=production" if flag == "NODE_ENV" else f"Unset {flag} or set it to 0/false"
    loc = {"file": source, "line": line} if source != ENVIRONMENT else {}
    remediation = f"{fix} in the production environment."
    if source == ENVIRONMENT:
        remediation += (
            " If it is only set for this CI job (e.g. NODE_ENV=test for the tests), run the gate "
            "in the deploy job or unset it for the launchgate step."
        )
    return R.DEBUG.fail(message, flag, remediation=remediation, **loc)


def inventory(config: EnvConfig, facts: EnvFacts) -> list[dict[str, Any]]:
    """The env inventory for JSON/Markdown reports: names and where they are set, never values."""
    return [
        {
            "name": name,
            "required": var.required,
            "set": bool(facts.resolved[name].value),
            "where": facts.resolved[name].source,
            "secret": bool(var.secret),
            "owner": var.owner,
            "purpose": var.purpose,
        }
        for name, var in config.vars.items()
    ]
