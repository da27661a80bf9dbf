"""What the run's HTTP client returns: exchanges, redirect chains and fetch errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from launchgate.net.transport import FetchError

MAX_HOPS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Response:
    """One HTTP exchange as received (header names lower-cased, in order)."""

    url: str
    method: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    truncated: bool = False
    elapsed: float = 0.0
    address: str = ""
    tls_version: str | None = None
    timings: Mapping[str, float] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES and self.header("location") is not None

    @property
    def location(self) -> str | None:
        """The absolute redirect target, or None."""
        loc = self.header("location")
        return urljoin(self.url, loc.strip()) if loc is not None else None

    @property
    def text(self) -> str:
        return self.body.decode(_charset(self.header("content-type")), errors="replace")


@dataclass(frozen=True)
class Chain:
    """A redirect chain from its first URL to the answer that did not redirect (if any)."""

    start: str
    hops: tuple[Response, ...]
    error: FetchError | None = None
    loop: bool = False
    too_many: bool = False

    @property
    def final(self) -> Response | None:
        """The last answer, when the chain ended normally (not a redirect, loop or error)."""
        if self.error or self.loop or self.too_many or not self.hops:
            return None
        return self.hops[-1]

    @property
    def redirects(self) -> tuple[Response, ...]:
        return tuple(h for h in self.hops if h.is_redirect)

    def lines(self) -> list[str]:
        """The chain as lines for a report: ``301 http://a/ → https://b/``."""
        out = [
            f"{h.status} {h.url}" + (f" → {h.location}" if h.is_redirect else "") for h in self.hops
        ]
        if self.loop:
            out.append("loop: the chain comes back to a URL it already visited")
        if self.too_many:
            out.append(f"stopped after {MAX_HOPS} hops")
        if self.error:
            out.append(f"error: {self.error.message}")
        return out

    def as_data(self) -> list[dict[str, object]]:
        return [{"url": h.url, "status": h.status, "location": h.location} for h in self.hops]


def _charset(content_type: str | None) -> str:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            name = value.strip("\"' ")
            try:
                "".encode(name)
                return name
            except LookupError:
                break
    return "utf-8"
