"""Do all nameservers of the domain answer, with the same SOA serial?

Each NS is asked directly (no recursion, no cache). It is asked on port 53, or on the port of
the configured resolver when that is not 53 (so a sandbox on one port can play every NS).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from launchgate.checks.dns import rules as R
from launchgate.core.model import Result
from launchgate.net.dns import Resolver


def _serial(answer_text: str) -> int | None:
    parts = answer_text.split()
    return int(parts[2]) if len(parts) >= 3 and parts[2].isdigit() else None


def ns_serials(dns: Resolver, domain: str) -> tuple[dict[str, int | None], str]:
    """NS host → its SOA serial (None if it did not answer); or ({}, why) on failure."""
    ns = dns.query(domain, "NS")
    if ns.failed:
        return {}, f"NS lookup failed: {ns.explain()}"
    hosts = sorted(r.to_text().rstrip(".").lower() for r in ns.rdatas)
    if not hosts:
        return {}, ""
    answers = dns.query_many([(h, t) for h in hosts for t in ("A", "AAAA")])
    addresses = [answers[i].texts() + answers[i + 1].texts() for i in range(0, len(answers), 2)]
    with ThreadPoolExecutor(max(1, len(hosts))) as pool:
        found = pool.map(lambda found: _first_serial(dns, domain, found), addresses)
        return dict(zip(hosts, found, strict=True)), ""


def _first_serial(dns: Resolver, domain: str, addresses: list[str]) -> int | None:
    for address in addresses:
        soa = dns.ask_at(address, dns.port, domain, "SOA")
        if soa.ok and soa.texts():
            return _serial(soa.texts()[0])
    return None


def judge_serials(domain: str, serials: dict[str, int | None]) -> Result:
    data = {"serials": serials}
    silent = [host for host, serial in serials.items() if serial is None]
    shown = [
        f"{host}: {serial if serial is not None else 'no answer'}"
        for host, serial in serials.items()
    ]
    if silent:
        return R.NS_CONSISTENCY.warn(
            f"Nameserver(s) of {domain} did not answer for its SOA: {', '.join(silent)}",
            domain,
            details=shown,
            data=data,
        )
    distinct = sorted({s for s in serials.values() if s is not None})
    if len(distinct) > 1:
        return R.NS_CONSISTENCY.warn(
            f"Nameservers of {domain} disagree on the SOA serial ({', '.join(shown)}): "
            "a change is still propagating",
            domain,
            details=shown,
            data=data,
        )
    return R.NS_CONSISTENCY.passed(
        f"{len(serials)} nameservers of {domain} agree on serial {distinct[0]}", domain, data=data
    )


def check_nameservers(dns: Resolver, domain: str) -> Result:
    serials, problem = ns_serials(dns, domain)
    if problem:
        return R.NS_CONSISTENCY.error(
            f"Could not verify the nameservers of {domain}: {problem}", domain
        )
    if not serials:
        return R.NS_CONSISTENCY.skip(f"{domain} has no NS records to compare", domain)
    return judge_serials(domain, serials)
