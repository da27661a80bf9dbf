"""Pure judgements of redirect chains: canonical-origin variants and configured redirects."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from launchgate.checks.verdict import Verdict
from launchgate.net.http import Chain, FetchError, Response

PERMANENT = (301, 308)
PROBE_PATH = "/launchgate-probe/page?lg=1&utm=x"


def normalize(url: str) -> str:
    """Compare URLs as a browser would: case-insensitive scheme and host, default port dropped."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    default = port in ({"https": 443, "http": 80}.get(scheme), None)
    netloc = host if default else f"{host}:{port}"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{netloc}{parts.path or '/'}{query}"


def _same_page(location: str, expected: str) -> bool:
    """Equal URLs, or equal but for a trailing slash the site adds to every path (a
    trailing-slash policy keeps the page and the query: not a lost path)."""
    got, want = normalize(location), normalize(expected)
    if got == want:
        return True
    g, w = urlsplit(got), urlsplit(want)
    same_rest = (g.scheme, g.netloc, g.query) == (w.scheme, w.netloc, w.query)
    return same_rest and g.path.rstrip("/") == w.path.rstrip("/")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, as configured."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def registered_domain(host: str) -> str | None:
    """``acme.co.uk`` for ``www.acme.co.uk`` (public suffix list); None for an IP or a suffix."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None
    except ValueError:
        return _psl().privatesuffix(host.lower().rstrip("."))


def canonical_variants(canonical: str, apex: str | None = None) -> list[str]:
    """Every other scheme/host origin of ``canonical``: http and https, apex and www.

    The apex/www pair is only probed when the canonical host is the registered domain
    (``apex``) or its www; a deeper name like ``shop.acme.com`` has no www twin. When the
    canonical URL carries an explicit port, every variant keeps it (useful only for test
    servers that speak http and https on one port).
    """
    parts = urlsplit(canonical)
    host = (parts.hostname or "").lower()
    hosts = [host]
    if apex and host in (apex, f"www.{apex}"):
        hosts.append(apex if host.startswith("www.") else f"www.{apex}")
    port = f":{parts.port}" if parts.port else ""
    own = origin(canonical)
    candidates = [f"{s}://{h}{port}" for s in ("https", "http") for h in hosts]
    return [c for c in candidates if c != own]


SERVER_FAULTS = frozenset({"tls", "refused", "timeout", "reset", "protocol"})
"""Fetch errors that visitors would meet too: the server answered badly or not at all in time
(after accepting the connection). Resolver, connect and config failures stay "could not verify"."""


FAULT_FIXES = {
    "dns": "Publish an A/AAAA (or CNAME) record for the host at your DNS provider, or fix the "
    "host name in launchgate.yml.",
    "tls": "Fix the host's certificate (see the tls.* results for the reason): serve the full "
    "chain from a public CA for this exact name, or trust a private CA with network.ca_bundle.",
    "refused": "Nothing accepts connections on this port: start the server, or check the load "
    "balancer / firewall rules and the port in the URL.",
    "timeout": "The server accepted the connection but sent no complete answer in time: check "
    "the application's logs, workers and what it waits on (database, upstream APIs), or raise "
    "`timeout` if this URL is slow on purpose.",
    "reset": "The server dropped the connection: check that the application did not crash and "
    "that the proxy in front of it points at the right upstream (port, protocol).",
    "protocol": "The answer is not valid HTTP: check that the URL's scheme and port match what "
    "the server speaks (https on a plain-http port, or the reverse).",
}
"""What to do about each kind of fetch failure, instead of the rule's generic fix."""


def failure_verdict(error: FetchError, what: str, missing_name: str = "fail") -> Verdict:
    """A request that got no answer: a finding when visitors would see it, else unverified.

    ``missing_name`` is the status for a name that does not exist (a warning for optional
    variants such as the www twin; a failure for a configured URL).
    """
    fix = FAULT_FIXES.get(error.kind)
    if error.kind == "dns":
        return Verdict(missing_name, f"{what} does not resolve: {error.message}", remediation=fix)
    if error.kind in SERVER_FAULTS:
        return Verdict("fail", f"{what} fails: {error.message}", remediation=fix)
    return Verdict("error", f"{what} could not be checked: {error.message}")


def judge_variant(chain: Chain, expected: str, label: str | None = None) -> Verdict:
    """One variant must reach ``expected`` (same path and query) in one 301/308 hop.

    ``label`` names the variant in messages (its origin); the chain shows the probe URLs.
    """
    who = label or chain.start
    lines = tuple(chain.lines())
    if not chain.hops:
        assert chain.error is not None
        return failure_verdict(chain.error, who, missing_name="warn")
    first = chain.hops[0]
    if not first.is_redirect:
        kind = (
            "serves its own page (a duplicate for search engines)"
            if first.status < 300
            else "answers"
        )
        return Verdict(
            "fail",
            f"{who} {kind} with {first.status} instead of redirecting to {origin(expected)}",
            lines,
        )
    if first.status not in PERMANENT:
        return Verdict(
            "fail", f"{who} redirects with {first.status} (temporary), not 301/308", lines
        )
    if _same_page(first.location or "", expected):
        return Verdict("pass", f"{who} → {origin(expected)} in one {first.status} hop", lines)
    if (
        len(chain.redirects) > 1
        and chain.final
        and normalize(chain.final.url) == normalize(expected)
    ):
        return Verdict(
            "fail",
            f"{who} reaches {origin(expected)} in {len(chain.redirects)} hops, not one",
            lines,
        )
    target = first.location or ""
    if normalize(origin(target)) == normalize(origin(expected)):
        message = f"{who} {_what_is_lost(target, expected)}: it redirects to {target} instead of {expected}"
    else:
        message = f"{who} redirects to {target}, not to the canonical origin {origin(expected)}"
    return Verdict("fail", message, lines)


def _what_is_lost(target: str, expected: str) -> str:
    got, want = urlsplit(target), urlsplit(expected)
    if (got.path or "/") != (want.path or "/"):
        return "drops the path" + (" and the query string" if got.query != want.query else "")
    if got.query != want.query:
        return "drops the query string (links with ?utm= or ?ref= lose it)"
    return "changes the URL"


def judge_canonical_self(resp: Response) -> Verdict:
    if resp.is_redirect:
        return Verdict(
            "fail",
            f"the canonical URL {resp.url} itself redirects ({resp.status} → {resp.location})",
        )
    if resp.status >= 400:
        return Verdict("fail", f"the canonical URL {resp.url} answers {resp.status}")
    return Verdict(
        "pass", f"the canonical URL {resp.url} answers {resp.status} without redirecting"
    )


def judge_redirect(chain: Chain, to: str, statuses: tuple[int, ...]) -> Verdict:
    lines = tuple(chain.lines())
    if chain.loop:
        return Verdict("fail", f"{chain.start} is a redirect loop", lines)
    if chain.too_many:
        return Verdict("fail", f"{chain.start} redirects more than 10 times", lines)
    hops = chain.redirects
    if not hops and chain.error:
        return failure_verdict(chain.error, chain.start)
    if not hops:
        return Verdict(
            "fail",
            f"{chain.start} answers {chain.hops[0].status} instead of redirecting to {to}",
            lines,
        )
    wrong = [h for h in hops if h.status not in statuses]
    if wrong:
        allowed = "/".join(map(str, statuses))
        return Verdict(
            "fail", f"{wrong[0].url} redirects with {wrong[0].status}, expected {allowed}", lines
        )
    end = hops[-1].location or ""
    if normalize(end) != normalize(to):
        return Verdict("fail", f"{chain.start} ends at {end}, not {to}", lines)
    if chain.error:
        return Verdict(
            "fail", f"{chain.start} reaches {to}, which fails: {chain.error.message}", lines
        )
    n = len(hops)
    return Verdict("pass", f"{chain.start} → {to} in {n} hop{'s' if n > 1 else ''}", lines)
