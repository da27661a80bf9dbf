"""Root cause: which network layer each problem broke at, and which problems follow from another.

A host that does not resolve makes its TLS handshake, every page on it and its latency fail
too. Reported one by one, those consequences bury the cause; here each one is tied to the
result that explains it (``Result.caused_by``), so reports and alerts show the cause first and
its consequences under it. Everything is judged from the results alone (pure functions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from launchgate.core.model import Result, Severity, Status, counts_against_gate

# Lowest first: a failure at one layer explains failures above it on the same host.
LAYERS = ("dns", "connect", "tls", "http", "app")
LAYER_LABEL = {"dns": "DNS", "connect": "Connect", "tls": "TLS", "http": "HTTP", "app": "App"}
NETWORK_AREAS = frozenset({"dns", "email", "tls", "http", "performance"})
# Areas whose checks open a connection to a host, so a dead host takes them down with it.
CONNECTING_AREAS = frozenset({"tls", "http", "performance"})

# Wording of the run's own resolver and HTTP client (net/dns.py, net/http.py, net/addr.py).
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "dns",
        (
            "does not resolve",
            "could not be resolved",
            "nxdomain",
            "does not exist",
            "no a or aaaa record",
            "the resolver",
        ),
    ),
    (
        "connect",
        (
            "connection refused",
            "could not connect",
            "no complete answer within",
            "got no answer",
            "closed the connection",
            "reset the connection",
            "timed out",
        ),
    ),
    ("tls", ("certificate", "tls handshake", "handshake failed")),
)
_KIND_LAYER = {
    "dns": "dns",
    "resolver": "dns",
    "refused": "connect",
    "connect": "connect",
    "timeout": "connect",
    "reset": "connect",
    "tls": "tls",
    "protocol": "http",
}
_RULE_PRIORITY = ("dns.resolves", "dns.", "email.mx", "email.", "tls.handshake", "tls.", "http.")


def layer_of(result: Result) -> str | None:
    """The layer a failing network result broke at; None for passes and local checks.

    A check may say it outright (``data["layer"]``); otherwise the client's error kind
    (``data["error"]``), then the client's own wording, then the check's area decide.
    """
    if not result.is_problem or result.area not in NETWORK_AREAS:
        return None
    stated = result.data.get("layer")
    if isinstance(stated, str) and stated in LAYERS:
        return stated
    kind = result.data.get("error")
    if isinstance(kind, str) and kind in _KIND_LAYER:
        return _KIND_LAYER[kind]
    return _layer_from_wording(result) or _layer_from_rule(result)


def _layer_from_wording(result: Result) -> str | None:
    if result.area not in CONNECTING_AREAS:
        return None
    text = result.message.lower()
    found = [(text.find(p), layer) for layer, ps in _PHRASES for p in ps if p in text]
    return min(found)[1] if found else None


def _layer_from_rule(result: Result) -> str:
    if result.area in ("dns", "email"):
        return "dns"
    if result.area == "tls":
        return "tls"
    status = result.data.get("status")
    if isinstance(status, int) and status >= 500:
        return "app"
    if result.area == "performance" or result.rule_id in ("http.json", "http.body"):
        return "app"
    return "http"


def host_of(result: Result) -> str | None:
    """The host a result is about (from its target), lower-case, without port."""
    named = result.data.get("host") or (
        result.data.get("name") if result.rule_id == "dns.records" else None
    )
    if isinstance(named, str) and named:
        return named.lower().rstrip(".")
    target = result.target
    if not target:
        return None
    target = target.split("#", 1)[0]
    if "://" in target:
        return (urlsplit(target).hostname or "").rstrip(".") or None
    host = target.rsplit(":", 1)[0] if target.count(":") == 1 else target
    host = host.strip("[]").lower().rstrip(".")
    return host if "." in host or host == "localhost" else None


def endpoint_of(result: Result) -> str | None:
    """``host:port`` a connecting result reaches (443 unless the target says otherwise)."""
    host = host_of(result)
    if host is None:
        return None
    target = (result.target or "").split("#", 1)[0]
    if "://" in target:
        parts = urlsplit(target)
        port = parts.port or (80 if parts.scheme == "http" else 443)
    else:
        port = int(target.rsplit(":", 1)[1]) if target.count(":") == 1 else 443
    return f"{host}:{port}"


def is_nxdomain(result: Result) -> bool:
    """The name does not exist at all, so no name under it does either (RFC 8020)."""
    return result.rule_id == "dns.resolves" and "NXDOMAIN" in result.message


def points_elsewhere(result: Result) -> bool:
    """An address record that answers, but not what the config expects: connections to the
    host go to the wrong place, so their refusals and certificate errors follow from it."""
    return (
        result.rule_id == "dns.records"
        and result.status is Status.FAIL
        and str(result.data.get("type", "")).upper() in ("A", "AAAA", "CNAME")
    )


def _explains(cause: Result, other: Result, layers: dict[str, str | None]) -> bool:
    layer, other_layer = layers[cause.check_id], layers[other.check_id]
    if other.check_id == cause.check_id or not other.is_problem or other_layer is None:
        return False
    if layer == "dns":
        cause_host, host = host_of(cause), host_of(other)
        if cause_host is None or host is None:
            return False
        under = host == cause_host or host.endswith("." + cause_host)
        if is_nxdomain(cause) and other_layer == "dns" and under:
            return True
        if host != cause_host or other.area not in CONNECTING_AREAS:
            return False
        return other_layer == "dns" or (
            points_elsewhere(cause) and other_layer in ("connect", "tls")
        )
    same = layer == other_layer and cause.area in CONNECTING_AREAS
    return same and other.area in CONNECTING_AREAS and endpoint_of(cause) == endpoint_of(other)


def _cause_order(result: Result, layers: dict[str, str | None]) -> tuple[int, int, int, int, str]:
    layer = layers[result.check_id] or "app"
    rule = next((i for i, p in enumerate(_RULE_PRIORITY) if result.rule_id.startswith(p)), 99)
    depth = (host_of(result) or "").count(".")
    return (LAYERS.index(layer), 0 if is_nxdomain(result) else 1, depth, rule, result.check_id)


def diagnose(results: Sequence[Result]) -> list[Result]:
    """Each result with its ``layer``; consequences with ``caused_by`` naming their cause.

    Causes are tried from the lowest layer and the most general name up, so a chain
    (the domain does not exist → www does not resolve → its page fails) points at the root.
    """
    layers = {r.check_id: layer_of(r) for r in results}
    candidates = [
        r
        for r in results
        if r.status in (Status.FAIL, Status.ERROR)
        and layers[r.check_id] in ("dns", "connect", "tls")
    ]
    caused_by: dict[str, str] = {}
    for cause in sorted(candidates, key=lambda r: _cause_order(r, layers)):
        if cause.check_id in caused_by:
            continue
        for other in results:
            if other.check_id not in caused_by and _explains(cause, other, layers):
                caused_by[other.check_id] = cause.check_id
    return [
        r.with_changes(layer=layers[r.check_id], caused_by=caused_by.get(r.check_id))
        for r in results
    ]


def consequences(results: Iterable[Result], cause: Result) -> list[Result]:
    return [r for r in results if r.caused_by == cause.check_id]


def group_severity(results: Sequence[Result], root: Result) -> Severity:
    """The worst severity of a cause and everything that follows from it."""
    members = [root, *consequences(results, root)]
    return max((r.severity for r in members), key=lambda s: s.rank)


def blocking_roots(results: Sequence[Result], fail_on: Severity) -> list[str]:
    """Ids of the independent problems that fail the gate: a cause counts once, with its
    consequences; a consequence never counts on its own."""
    roots: list[str] = []
    for result in results:
        if counts_against_gate(result, fail_on):
            root = result.caused_by or result.check_id
            if root not in roots:
                roots.append(root)
    return roots


def lead(result: Result) -> str:
    """The message led by its layer: ``DNS: www.shop.example does not resolve …``."""
    if result.layer is None:
        return result.message
    return f"{LAYER_LABEL[result.layer]}: {result.message}"
