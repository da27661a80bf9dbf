"""Probing one origin for exposed files and source maps (facts), judged by ``web.exposed``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from launchgate.checks.http.edge import BOT_WALL_FIX, is_passable_challenge
from launchgate.checks.http.exposed import (
    PROBES,
    env_values,
    looks_like_env,
    looks_like_source_map,
    script_urls,
    source_map_urls,
)
from launchgate.checks.http.rules import EXPOSED
from launchgate.core.model import Result
from launchgate.net.http import FetchError, HttpClient, Response

PROBE_CAP = 256 * 1024
MAX_SCRIPTS = 10


@dataclass
class Scope:
    """Which script hosts are the user's, and which findings were already reported this run.

    Scripts on other sites (analytics, payment widgets) are not the user's to fix, so their
    maps are not probed. A map referenced from several origins is reported once.
    """

    hosts: frozenset[str]
    domain: str | None = None
    redact: Callable[[str], None] = lambda _value: None
    _claimed: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        netloc = urlsplit(url).netloc.lower()
        under = bool(self.domain) and (host == self.domain or host.endswith(f".{self.domain}"))
        return netloc in self.hosts or host in self.hosts or under

    def claim(self, url: str) -> bool:
        """True the first time ``url`` is claimed in this run."""
        with self._lock:
            if url in self._claimed:
                return False
            self._claimed.add(url)
            return True


def _found(url: str, what: str) -> Result:
    return EXPOSED.fail(
        f"{url} is publicly readable: it looks like {what}",
        url,
        details=["the content is not shown; open the URL yourself from a safe place"],
        data={"url": url, "kind": what},
    )


@dataclass
class _Probe:
    client: HttpClient
    origin: str
    scope: Scope
    unchecked: list[str] = field(default_factory=list)

    challenged: bool = False

    def fetch(self, url: str, cap: int = PROBE_CAP) -> Response | None:
        try:
            resp = self.client.request(url, max_body=cap)
        except FetchError as exc:
            self.unchecked.append(f"{url}: {exc.message}")
            stops = ("timeout", "connect", "dns", "resolver", "refused", "tls")
            if exc.kind in stops and _same_host(url, self.origin):
                raise
            return None
        why = is_passable_challenge(resp)
        if why:  # a human who passes the challenge could still read the file
            self.challenged = True
            self.unchecked.append(f"{url}: a CDN/WAF challenge answered ({why})")
            return None
        return resp if 200 <= resp.status < 300 else None


def probe_origin(
    client: HttpClient, origin: str, pages: list[str], scope: Scope
) -> Iterator[Result]:
    """Critical results for each exposed file, else one pass (or error) for the origin."""
    probe = _Probe(client, origin, scope)
    found: list[Result] = []
    try:
        for item in PROBES:
            resp = probe.fetch(origin + item.path)
            if resp is not None and item.looks_like(resp.body):
                found.append(_found(origin + item.path, item.what))
                if item.looks_like is looks_like_env:
                    for value in env_values(resp.body):
                        scope.redact(value)
        found += list(_source_maps(probe, pages))
    except FetchError:
        pass  # the origin stopped answering: reported below as not fully probed
    yield from found
    if found:
        return
    if probe.unchecked:
        first = probe.unchecked[0].split(": ", 1)[-1]
        yield EXPOSED.error(
            f"{origin} could not be fully probed for exposed files ({first})",
            origin,
            details=probe.unchecked,
            remediation=BOT_WALL_FIX if probe.challenged else None,
        )
    else:
        yield EXPOSED.passed(
            f"none of {len(PROBES)} sensitive paths nor source maps are exposed on {origin}", origin
        )


def _same_host(url: str, origin: str) -> bool:
    return urlsplit(url).netloc.lower() == urlsplit(origin).netloc.lower()


def _scripts(probe: _Probe, pages: list[str]) -> list[str]:
    scripts: list[str] = []
    for page in (p for p in pages if _same_host(p, probe.origin)):
        if urlsplit(page).path.endswith((".js", ".mjs")):
            scripts.append(page)
            continue
        try:
            resp = probe.client.get(page)
        except FetchError:
            continue  # the page's own check reports it; only its scripts go unlisted
        if "html" in (resp.header("content-type") or ""):
            scripts += script_urls(resp.text, resp.url)
    mine = [s for s in dict.fromkeys(scripts) if probe.scope.owns(s)]
    return mine[:MAX_SCRIPTS]


def _source_maps(probe: _Probe, pages: list[str]) -> Iterator[Result]:
    for script in _scripts(probe, pages):
        resp = probe.fetch(script, cap=probe.client.max_body)
        if resp is None:
            continue
        named = resp.header("sourcemap") or resp.header("x-sourcemap")
        maps, inline = source_map_urls(script, resp.text, named)
        if inline and probe.scope.claim(script):
            yield _found(script, "a script with an inline source map (your original source code)")
        for url in maps:
            found = probe.fetch(url, cap=probe.client.max_body)
            if found is not None and looks_like_source_map(found.body):
                if probe.scope.claim(url):
                    yield _found(url, "a JavaScript source map (your original source code)")
                break
