"""Pure readings of what the site sends: hosts and URLs named by pages, sitemaps, CSP and
bundles; which health answers are stable enough to pin. No network here."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_URLS = 200
_URL_IN_TEXT = re.compile(r"""["'`](https?://[A-Za-z0-9.\-]+(?::\d+)?/[^"'`\s<>]*)["'`]""")
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_ROBOTS_SITEMAP = re.compile(r"^\s*sitemap:\s*(\S+)", re.I | re.M)
_CSP_HOST = re.compile(r"(?:https?://)?(\*\.)?([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)(?::\d+)?")
# Keys whose value is the health verdict itself; anything else in a health answer (version,
# uptime, timestamps, commit) changes on every deploy and must not be pinned.
HEALTH_KEYS = frozenset({"status", "ok", "healthy", "health", "state", "result", "alive", "up"})
HEALTHY_WORDS = frozenset({"ok", "up", "healthy", "pass", "passing", "green", "alive", "ready"})


class _Links(HTMLParser):
    """href/src/action of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value and len(self.found) < MAX_URLS:
                self.found.append((tag, value.strip()))


def page_links(base: str, html: str) -> list[tuple[str, str]]:
    """(tag, absolute http(s) URL) for every link, script, stylesheet and form on a page."""
    parser = _Links()
    # HTMLParser is lenient; a pathological page just yields what was read before it broke
    with contextlib.suppress(Exception):
        parser.feed(html[:1_000_000])
    out = []
    for tag, value in parser.found:
        url = urljoin(base, value)
        if urlsplit(url).scheme in ("http", "https"):
            out.append((tag, url.split("#", 1)[0]))
    return out


def script_urls(text: str) -> list[str]:
    """Absolute URLs quoted in a script bundle (the API reads the frontend makes)."""
    return list(dict.fromkeys(m.group(1) for m in _URL_IN_TEXT.finditer(text[:2_000_000])))[
        :MAX_URLS
    ]


def sitemap_urls(text: str) -> list[str]:
    return [m.group(1) for m in _SITEMAP_LOC.finditer(text[:2_000_000])][:MAX_URLS]


def robots_sitemaps(text: str) -> list[str]:
    return [m.group(1) for m in _ROBOTS_SITEMAP.finditer(text[:200_000])][:5]


def csp_hosts(csp: str | None) -> list[str]:
    """Host names a Content-Security-Policy allows (wildcards dropped to their base)."""
    if not csp:
        return []
    hosts = []
    for directive in csp.split(";"):
        for token in directive.split()[1:]:
            if token.startswith("'") or token.endswith(":"):
                continue
            match = _CSP_HOST.fullmatch(token.rstrip("/"))
            if match:
                hosts.append(match.group(2).lower())
    return list(dict.fromkeys(hosts))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def own_hosts(urls: Iterable[str], domain: str) -> list[str]:
    """The hosts under ``domain`` that these URLs name, in order."""
    return list(dict.fromkeys(h for h in map(host_of, urls) if h and within(h, domain)))


def health_condition(doc: Any) -> dict[str, Any]:
    """The part of a JSON health answer that says "healthy" and should stay so.

    Only top-level verdict keys (``status``, ``ok``, ``healthy``…) with a boolean or a short
    healthy word are kept; versions, uptimes and timestamps change with every deploy.
    """
    if not isinstance(doc, Mapping):
        return {}
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if str(key).lower() not in HEALTH_KEYS:
            continue
        if isinstance(value, bool) or (
            isinstance(value, str) and value.strip().lower() in HEALTHY_WORDS
        ):
            out[str(key)] = value
    return out


def is_json(content_type: str | None) -> bool:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def is_html(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() in ("text/html", "")


def is_asset(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".js", ".mjs", ".css", ".woff2", ".woff", ".svg", ".png", ".webp"))
