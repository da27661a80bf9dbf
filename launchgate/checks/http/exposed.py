"""Files that must never be public, judged by their content (never by status alone).

Single-page apps answer 200 with index.html for every path, so a probe only counts when the
body looks like the real thing. The content itself is never shown.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_ENV_LINE = re.compile(rb"^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=")
_HASH = re.compile(rb"^[0-9a-f]{40}([0-9a-f]{24})?\s*$")
_MAP_URL = re.compile(r"[#@]\s*sourceMappingURL\s*=\s*(\S+)")
_HTML = re.compile(rb"<(!doctype|html|head|body|script)\b", re.I)


def _lines(body: bytes) -> list[bytes]:
    return [ln for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith(b"#")]


def looks_like_env(body: bytes) -> bool:
    """Mostly KEY=VALUE lines, and not an HTML page."""
    if _HTML.search(body[:2048]):
        return False
    lines = _lines(body[:65536])
    hits = sum(1 for ln in lines if _ENV_LINE.match(ln))
    return hits >= 1 and hits >= 0.6 * len(lines)


def env_values(body: bytes) -> list[str]:
    """The values of KEY=VALUE lines, to register with the redactor (never to show)."""
    values = []
    for line in _lines(body[:65536]):
        if _ENV_LINE.match(line):
            value = line.split(b"=", 1)[1].strip().strip(b"'\"")
            values.append(value.decode(errors="replace"))
    return [v for v in values if v and not _PLAIN_WORD.match(v)]


_PLAIN_WORD = re.compile(r"^([A-Za-z][A-Za-z-]{0,11}|[0-9.]+)$")
"""Settings such as ``production``, ``info`` or ``8080``: not secrets, and scrubbing them would
mangle every report line that contains the word (``/.env.production`` becomes ``/.env.…``)."""


def looks_like_git_head(body: bytes) -> bool:
    text = body[:200].strip()
    return text.startswith(b"ref: refs/") or bool(_HASH.match(text))


def looks_like_git_config(body: bytes) -> bool:
    return not _HTML.search(body[:2048]) and bool(re.search(rb"^\s*\[core\]", body[:8192], re.M))


def looks_like_ds_store(body: bytes) -> bool:
    return body[:8] == b"\x00\x00\x00\x01Bud1"


def looks_like_server_status(body: bytes) -> bool:
    """Apache mod_status, or nginx stub_status served at that path."""
    head = body[:65536]
    apache = b"Apache Server Status" in head or (b"Server uptime" in head and b"requests" in head)
    return apache or (head.startswith(b"Active connections:") and b"server accepts handled" in head)


def looks_like_phpinfo(body: bytes) -> bool:
    head = body[:200000]
    return b"PHP Version" in head and (
        b"phpinfo()" in head or b"PHP License" in head or b"php.ini" in head
    )


def looks_like_source_map(body: bytes) -> bool:
    """JSON with ``mappings``; a map cut at the body cap counts when its start says so."""
    text = body.lstrip()
    if text.startswith(b")]}'"):
        text = text[4:].lstrip()
    if not text.startswith(b"{"):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        head = text[:4096]
        return b'"version"' in head and (b'"mappings"' in text or b'"sources"' in head)
    return isinstance(data, dict) and "mappings" in data


@dataclass(frozen=True)
class Probe:
    path: str
    what: str
    looks_like: Callable[[bytes], bool]


PROBES = (
    Probe("/.env", "an environment file (secrets)", looks_like_env),
    Probe("/.env.production", "a production environment file (secrets)", looks_like_env),
    Probe("/.git/HEAD", "the git repository (source code and history)", looks_like_git_head),
    Probe("/.git/config", "the git repository configuration", looks_like_git_config),
    Probe("/.DS_Store", "a macOS folder index (lists file names)", looks_like_ds_store),
    Probe(
        "/server-status",
        "a server status page (live requests, client IPs)",
        looks_like_server_status,
    ),
    Probe(
        "/phpinfo.php", "a phpinfo() page (configuration, paths, environment)", looks_like_phpinfo
    ),
)


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src.strip())


class _MetaCsp(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.policy: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        equiv = (found.get("http-equiv") or "").lower()
        if tag == "meta" and equiv == "content-security-policy" and self.policy is None:
            self.policy = found.get("content")


def meta_csp(html: str) -> str | None:
    """The policy of a ``<meta http-equiv="Content-Security-Policy">`` tag, if any."""
    finder = _MetaCsp()
    with contextlib.suppress(AssertionError, ValueError):
        finder.feed(html[:200_000])
    return finder.policy


def script_urls(html: str, page_url: str) -> list[str]:
    """Absolute URLs of ``<script src>`` in a page, in order, without duplicates."""
    finder = _ScriptFinder()
    with contextlib.suppress(AssertionError, ValueError):
        finder.feed(html)
    urls = [urljoin(page_url, s) for s in finder.sources]
    return list(dict.fromkeys(u for u in urls if urlsplit(u).scheme in ("http", "https")))


def source_map_urls(script_url: str, script: str, header: str | None) -> tuple[list[str], bool]:
    """Map URLs a script names (SourceMap header, sourceMappingURL comment, ``<script>.map``).

    The boolean says the script carries an inline (``data:``) map, which exposes the source too.
    """
    named = [header] if header else []
    named += _MAP_URL.findall(script[-4096:] if len(script) > 4096 else script)
    inline = any(n.startswith("data:") for n in named)
    urls = [urljoin(script_url, n) for n in named if not n.startswith("data:")]
    guess = urlsplit(script_url)._replace(query="", fragment="").geturl() + ".map"
    return list(dict.fromkeys([*urls, guess])), inline
