"""Pure judgements of security headers and cookies (the values as a server sent them)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from launchgate.checks.verdict import Verdict

HSTS_MIN_AGE = 180 * 86400
REFERRER_POLICIES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
_VERSION = re.compile(r"(?:/|\s|\()v?\d+\.\d+")  # nginx/1.22.1, PHP/8.1, Passenger 6.0.4
_SESSION = re.compile(r"sess|sid$|^sid|auth|token|jwt|login|remember|identity|connect\.sid", re.I)
# Cookies whose names match _SESSION but that hold no credential and are meant for scripts,
# e.g. Auth.js / NextAuth's `next-auth.callback-url`.
_NOT_SESSION = re.compile(
    r"callback[-_.]?url|redirect|return[-_]?(to|url)|locale|lang(uage)?$|theme|consent", re.I
)
_CSRF = re.compile(r"csrf|xsrf", re.I)


def directives(value: str) -> dict[str, str]:
    """``a=1; b; c="x"`` or ``a, b=2`` → {"a": "1", "b": "", "c": "x"} (names lower-cased)."""
    out: dict[str, str] = {}
    for part in re.split(r"[;,]", value):
        name, _, arg = part.strip().partition("=")
        if name:
            out.setdefault(name.strip().lower(), arg.strip().strip('"'))
    return out


def hsts_max_age(value: str | None) -> int | None:
    if not value:
        return None
    raw = directives(value).get("max-age", "")
    return int(raw) if raw.isdigit() else None


def judge_hsts(value: str | None, https: bool) -> Verdict:
    if not https:
        return Verdict("fail", "the page is served over plain http, where HSTS has no effect")
    if value is None:
        return Verdict("fail", "no Strict-Transport-Security header")
    age = hsts_max_age(value)
    if age is None:
        return Verdict("fail", f"Strict-Transport-Security has no valid max-age: {value!r}")
    if age < HSTS_MIN_AGE:
        days = age // 86400
        return Verdict("fail", f"HSTS max-age is {age}s ({days} days), under 180 days")
    return Verdict("pass", f"HSTS max-age {age}s ({age // 86400} days)", (f"value: {value}",))


def _tokens(value: str | None) -> set[str]:
    """The distinct comma-separated values of a header a proxy may have repeated."""
    return {t.strip().lower() for t in (value or "").split(",") if t.strip()}


def judge_nosniff(value: str | None) -> Verdict:
    if _tokens(value) == {"nosniff"}:
        return Verdict("pass", "X-Content-Type-Options: nosniff")
    if value is None:
        return Verdict("fail", "no X-Content-Type-Options: nosniff header")
    return Verdict("fail", f"X-Content-Type-Options is {value!r}, not 'nosniff'")


def csp_directive(csp: str | None, name: str) -> str | None:
    for part in (csp or "").split(";"):
        tokens = part.strip().split(None, 1)
        if tokens and tokens[0].lower() == name:
            return tokens[1] if len(tokens) > 1 else ""
    return None


def judge_frame(xfo: str | None, csp: str | None) -> Verdict:
    ancestors = csp_directive(csp, "frame-ancestors")
    if ancestors is not None:
        return Verdict("pass", f"CSP frame-ancestors {ancestors or '(empty)'}")
    tokens = _tokens(xfo)
    if len(tokens) == 1 and tokens <= {"deny", "sameorigin"}:
        return Verdict("pass", f"X-Frame-Options: {tokens.pop().upper()}")
    if xfo:
        return Verdict(
            "fail", f"X-Frame-Options {xfo!r} is not DENY or SAMEORIGIN (browsers ignore it)"
        )
    return Verdict("fail", "no X-Frame-Options and no CSP frame-ancestors: the page can be framed")


def judge_referrer(value: str | None) -> Verdict:
    if not value:
        return Verdict("fail", "no Referrer-Policy header")
    tokens = [t.strip().lower() for t in value.split(",") if t.strip()]
    known = [t for t in tokens if t in REFERRER_POLICIES]
    if not known:
        return Verdict("fail", f"Referrer-Policy {value!r} is not a policy browsers know")
    if known[-1] == "unsafe-url":
        return Verdict(
            "fail", "Referrer-Policy unsafe-url sends full URLs (with query strings) to every site"
        )
    return Verdict("pass", f"Referrer-Policy: {known[-1]}")


def judge_csp(csp: str | None, report_only: str | None, meta: str | None = None) -> Verdict:
    """``meta`` is a policy from a ``<meta http-equiv>`` tag, used when no header is sent."""
    if csp is None and meta:
        return judge_csp(meta, None).with_message_suffix(" (set in a <meta> tag)")
    if csp is None:
        if report_only is not None:
            return Verdict(
                "fail",
                "only Content-Security-Policy-Report-Only is set: it reports, it does not protect",
            )
        return Verdict("fail", "no Content-Security-Policy header")
    if csp_directive(csp, "default-src") is None and csp_directive(csp, "script-src") is None:
        return Verdict(
            "warn",
            "the Content-Security-Policy has no default-src or script-src: scripts are not restricted",
        )
    return Verdict("pass", "Content-Security-Policy is set", (f"value: {csp[:300]}",))


def judge_server_banner(headers: Sequence[tuple[str, str]]) -> Verdict:
    leaks = [
        f"{name}: {value}"
        for name, value in headers
        if (name in ("server", "x-powered-by") and _VERSION.search(value))
        or name in ("x-aspnet-version", "x-aspnetmvc-version")
    ]
    if leaks:
        return Verdict(
            "fail", f"the response reveals software versions: {'; '.join(leaks)}", tuple(leaks)
        )
    return Verdict("pass", "no software version in Server or X-Powered-By")


@dataclass(frozen=True)
class Cookie:
    name: str
    attributes: dict[str, str]

    @property
    def deleting(self) -> bool:
        """A Set-Cookie that removes the cookie (Max-Age=0 or an Expires in the past)."""
        age = self.attributes.get("max-age", "")
        if age.lstrip("-").isdigit():
            return int(age) <= 0
        try:
            expires = parsedate_to_datetime(self.attributes.get("expires", ""))
        except (TypeError, ValueError):
            return False
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        return expires < datetime.now(timezone.utc)


def parse_set_cookie(value: str) -> Cookie:
    first, *rest = value.split(";")
    name = first.split("=", 1)[0].strip()
    attributes: dict[str, str] = {}
    for part in rest:
        key, _, arg = part.strip().partition("=")
        if key:
            attributes[key.strip().lower()] = arg.strip()
    return Cookie(name, attributes)


def cookie_problems(cookie: Cookie, https: bool) -> list[str]:
    problems = []
    if https and "secure" not in cookie.attributes:
        problems.append("not Secure (it can leak over plain http)")
    if (
        _SESSION.search(cookie.name)
        and not _CSRF.search(cookie.name)
        and not _NOT_SESSION.search(cookie.name)
        and "httponly" not in cookie.attributes
    ):
        problems.append("looks like a session cookie but is not HttpOnly (scripts can steal it)")
    samesite = cookie.attributes.get("samesite", "").lower()
    if samesite not in ("strict", "lax", "none"):
        problems.append(
            "has no SameSite attribute"
            if not samesite
            else f"has SameSite={samesite}, not Strict/Lax/None"
        )
    elif samesite == "none" and "secure" not in cookie.attributes:
        problems.append("has SameSite=None without Secure, which browsers reject")
    return problems


def judge_cookies(set_cookies: Sequence[str], https: bool) -> Verdict:
    """Cookie names are shown, never their values."""
    cookies = [c for c in map(parse_set_cookie, set_cookies) if not c.deleting]
    if not cookies:
        return Verdict("pass", "the response sets no cookie")
    lines = tuple(f"cookie {c.name}: {p}" for c in cookies for p in cookie_problems(c, https))
    names = ", ".join(c.name for c in cookies)
    if lines:
        bad = sorted({line.split(":")[0][7:] for line in lines})
        return Verdict(
            "fail",
            f"cookie flags missing on {', '.join(bad)}",
            lines,
            data={"cookies": [c.name for c in cookies]},
        )
    return Verdict(
        "pass",
        f"cookies {names} have Secure, HttpOnly where needed and SameSite",
        data={"cookies": [c.name for c in cookies]},
    )
