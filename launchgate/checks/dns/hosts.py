"""One public host: where it points (CNAME chain, addresses) and what is wrong with that."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from launchgate.checks.dns import rules as R
from launchgate.checks.dns.judge import Ranges, conflicting_groups
from launchgate.core.model import Result
from launchgate.net.dns import NXDOMAIN, Answer, Resolver

_CONFLICT_TYPES = ("A", "AAAA", "TXT", "MX")


@dataclass
class HostFacts:
    host: str
    apex: bool
    cname: list[str] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    beside_cname: list[str] = field(default_factory=list)
    ends_nxdomain: bool = False
    failure: str = ""
    why_empty: str = ""

    def to_data(self) -> dict[str, Any]:
        """The host's line of a DNS map: host → records → where it points."""
        return {
            "host": self.host,
            "cname": self.cname,
            "chain": [self.host, *self.chain],
            "addresses": self.addresses,
            "records": {"CNAME": self.cname, "A/AAAA": self.addresses},
        }


def gather_host(dns: Resolver, host: str, apex: str) -> HostFacts:
    """Ask everything about ``host`` at once: A, AAAA, CNAME (then what sits beside a CNAME)."""
    a, aaaa, cname = dns.query_many([(host, "A"), (host, "AAAA"), (host, "CNAME")])
    facts = HostFacts(host, host == apex.lower().rstrip("."))
    failed = [ans for ans in (a, aaaa, cname) if ans.failed]
    if failed:
        facts.failure = f"{failed[0].rdtype}: {failed[0].explain()}"
        return facts
    facts.cname = [r.to_text().rstrip(".").lower() for r in cname.rdatas]
    facts.chain = list(a.cnames or aaaa.cnames)
    facts.addresses = a.texts() + aaaa.texts()
    facts.ends_nxdomain = bool(facts.cname) and NXDOMAIN in (a.status, aaaa.status)
    facts.why_empty = a.explain() if a.status == NXDOMAIN else "it has no A or AAAA record"
    if facts.cname:
        facts.beside_cname = _beside(dns, host, a, aaaa)
    return facts


def _beside(dns: Resolver, host: str, a: Answer, aaaa: Answer) -> list[str]:
    """Types answered at the name itself although it has a CNAME."""
    txt, mx = dns.query_many([(host, "TXT"), (host, "MX")])
    found = [ans.rdtype for ans in (a, aaaa, txt, mx) if ans.ok and not ans.cnames]
    return [t for t in _CONFLICT_TYPES if t in found]


def judge_host(facts: HostFacts, ranges: Ranges | None, cdn: str | None) -> Iterator[Result]:
    if facts.failure:
        yield R.RESOLVES.error(f"Could not verify {facts.host}: {facts.failure}", facts.host)
        return
    yield _resolves(facts)
    if facts.cname:
        yield _dangling(facts)
        yield _cname_conflict(facts)
    if len(facts.addresses) > 1:
        yield _conflicting(facts, ranges)
    if cdn and ranges is not None and facts.addresses:
        yield _cdn(facts, ranges, cdn)


def _route(facts: HostFacts) -> str:
    return " → ".join([facts.host, *facts.chain])


def _resolves(facts: HostFacts) -> Result:
    data = facts.to_data()
    if facts.addresses:
        return R.RESOLVES.passed(
            f"{_route(facts)} → {', '.join(facts.addresses)}", facts.host, data=data
        )
    where = f" (via {_route(facts)})" if facts.chain else ""
    return R.RESOLVES.fail(
        f"{facts.host} does not resolve{where}: {facts.why_empty}", facts.host, data=data
    )


def _dangling(facts: HostFacts) -> Result:
    if facts.ends_nxdomain:
        end = facts.chain[-1] if facts.chain else facts.cname[0]
        return R.DANGLING.fail(
            f"{facts.host} is a CNAME to {end}, which does not exist: anyone who registers "
            f"{end} can serve content on {facts.host}",
            facts.host,
            details=[f"chain: {_route(facts)} → NXDOMAIN"],
            remediation=f"Delete the CNAME of {facts.host}, or re-create {end}.",
            data=facts.to_data(),
        )
    return R.DANGLING.passed(f"CNAME chain of {facts.host} ends in a name that exists", facts.host)


def _cname_conflict(facts: HostFacts) -> Result:
    if facts.apex:
        return R.CNAME_CONFLICT.fail(
            f"The apex {facts.host} is a CNAME (to {facts.cname[0]}); the apex must hold SOA/NS "
            "and cannot be a CNAME",
            facts.host,
            remediation="Use A/AAAA records or your provider's ALIAS/CNAME flattening at the apex.",
        )
    if facts.beside_cname:
        return R.CNAME_CONFLICT.fail(
            f"{facts.host} has a CNAME (to {facts.cname[0]}) and also "
            + ", ".join(facts.beside_cname)
            + " records at the same name",
            facts.host,
            remediation=f"Keep either the CNAME or the other records at {facts.host}, not both.",
        )
    return R.CNAME_CONFLICT.passed(f"The CNAME of {facts.host} stands alone", facts.host)


def _conflicting(facts: HostFacts, ranges: Ranges | None) -> Result:
    """Spread addresses set by hand suggest a stale record; behind a CNAME (a CDN or load
    balancer) or inside the known CDN ranges they are the provider's pool."""
    if facts.chain:
        return R.CONFLICTING.passed(
            f"The addresses of {facts.host} come from {facts.chain[-1]} (the provider's pool)",
            facts.host,
        )
    groups = conflicting_groups(facts.addresses, ranges)
    if groups:
        shown = "; ".join(", ".join(g) for g in groups)
        return R.CONFLICTING.warn(
            f"{facts.host} points to unrelated networks ({shown}): a stale record?",
            facts.host,
            details=[f"{facts.host} → {', '.join(facts.addresses)}"],
            data={"groups": groups},
        )
    return R.CONFLICTING.passed(f"The addresses of {facts.host} are in one network", facts.host)


def _cdn(facts: HostFacts, ranges: Ranges, cdn: str) -> Result:
    outside = [ip for ip in facts.addresses if not ranges.contains(ip)]
    data = {"outside": outside, "ranges": ranges.source, "ranges_date": ranges.dated}
    if outside:
        return R.CDN.fail(
            f"{facts.host} bypasses {cdn}: {', '.join(outside)} is outside its ranges "
            "(the origin is exposed)",
            facts.host,
            details=[f"{_route(facts)} → {', '.join(facts.addresses)}", f"ranges: {ranges.source}"],
            data=data,
        )
    return R.CDN.passed(f"{facts.host} resolves only into {cdn}", facts.host, data=data)
