"""DNS of ``domain``: expected records, subdomains (resolve, CNAME conflicts, dangling, spread),
CAA, CDN coverage and nameserver consistency. Judgements live in ``launchgate.dnsaudit``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from launchgate.checks.dns import rules as R
from launchgate.checks.dns.hosts import gather_host, judge_host
from launchgate.checks.dns.judge import Caa, compare_sets, judge_caa, load_ranges
from launchgate.checks.dns.nameservers import check_nameservers
from launchgate.checks.lookup_errors import explain_lookup_errors
from launchgate.config.model import DnsRecord, GateConfig
from launchgate.core.hostport import split_host_port
from launchgate.core.model import Result
from launchgate.core.rules import Check, RunContext
from launchgate.net.dns import Answer, Resolver, get_resolver

RULES = R.RULES
Run = Callable[[RunContext], Iterator[Result]]


def record_target(record: DnsRecord, taken: list[str | None]) -> str:
    """``name/TYPE``, with ``#2``, ``#3``… when the config lists the same pair again."""
    base = f"{record.name.lower().rstrip('.')}/{record.type}"
    target, n = base, 1
    while target in taken:
        n += 1
        target = f"{base}#{n}"
    return target


def _records(record: DnsRecord, target: str) -> Run:
    def run(ctx: RunContext) -> Iterator[Result]:
        yield check_record(get_resolver(ctx), record, target)

    return run


def check_record(dns: Resolver, record: DnsRecord, target: str) -> Result:
    answer = dns.query(record.name, record.type)
    if answer.failed:
        return R.RECORDS.error(
            f"Could not verify {record.type} of {record.name}: {answer.explain()}", target
        )
    actual = answer.texts()
    missing, extra = compare_sets(record.type, record.values, actual)
    data = {
        "name": record.name,
        "type": record.type,
        "expected": list(record.values),
        "actual": actual,
    }
    shown = [
        f"expected: {', '.join(record.values)}",
        f"published: {', '.join(actual) or answer.explain()}",
    ]
    if missing or extra:
        return R.RECORDS.fail(
            f"{record.type} of {record.name} is {actual or answer.explain()}, expected {list(record.values)}",
            target,
            details=shown,
            remediation=f"Set the {record.type} record(s) of {record.name} to exactly: "
            + ", ".join(record.values),
            data=data,
        )
    return R.RECORDS.passed(
        f"{record.type} of {record.name}: {', '.join(actual)}", target, data=data
    )


def public_hosts(config: GateConfig) -> list[str]:
    """The apex, approved subdomains and TLS hosts, each once."""
    assert config.domain and config.dns is not None
    apex = config.domain.lower().rstrip(".")
    hosts = [apex] + [
        f"{s.lower().rstrip('.')}.{apex}" for s in config.dns.subdomains if s not in ("@", "")
    ]
    if config.tls is not None:
        hosts += [split_host_port(h)[0].lower().rstrip(".") for h in config.tls.hosts]
    return list(dict.fromkeys(hosts))


def _host(host: str) -> Run:
    def run(ctx: RunContext) -> Iterator[Result]:
        assert ctx.config.dns is not None and ctx.config.domain
        facts = gather_host(get_resolver(ctx), host, ctx.config.domain)
        ranges = _ranges(ctx)  # also groups a CDN's addresses as one network
        yield from judge_host(facts, ranges, ctx.config.dns.cdn)

    return run


def _ranges(ctx: RunContext) -> Any:
    assert ctx.config.dns is not None
    override = ctx.config.dns.cdn_ranges
    return ctx.shared(
        "dns.cdn_ranges", lambda: load_ranges(Path(ctx.path(override)) if override else None)
    )


def _caa(ctx: RunContext) -> Iterator[Result]:
    assert ctx.config.dns is not None and ctx.config.dns.caa is not None and ctx.config.domain
    yield check_caa(get_resolver(ctx), ctx.config.domain.lower().rstrip("."), ctx.config.dns.caa)


def _caa_records(answer: Answer) -> list[Caa]:
    return [Caa(r.flags, r.tag.decode(), r.value.decode()) for r in answer.rdatas]  # type: ignore[attr-defined]


def check_caa(dns: Resolver, domain: str, allowed: tuple[str, ...]) -> Result:
    """CAA at the domain, else at its parents (RFC 8659 tree climbing, TLD excluded)."""
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        name = ".".join(labels[i:])
        answer = dns.query(name, "CAA")
        if answer.failed:
            return R.CAA.error(f"Could not verify CAA of {name}: {answer.explain()}", domain)
        if answer.ok:
            return _judge_caa(domain, name, answer, allowed)
    return R.CAA.fail(
        f"{domain} publishes no CAA record: any certificate authority may issue for it",
        domain,
        remediation="Publish CAA records for: " + ", ".join(allowed),
        data={"allowed": list(allowed)},
    )


def _judge_caa(domain: str, name: str, answer: Answer, allowed: tuple[str, ...]) -> Result:
    records = _caa_records(answer)
    verdict = judge_caa(records, allowed)
    published = answer.texts()
    data = {"name": name, "records": published, "allowed": list(allowed)}
    if not verdict.ok:
        return R.CAA.fail(
            f"CAA of {name} allows issuers outside {list(allowed)}: {', '.join(verdict.bad)}",
            domain,
            details=published,
            remediation="Publish "
            + ", ".join(f'`0 issue "{a}"`' for a in allowed)
            + f" at {name} and remove the CAA records of issuers you do not use.",
            data=data,
        )
    return R.CAA.passed(f"CAA of {name}: {', '.join(published)}", domain, data=data)


def _nameservers(ctx: RunContext) -> Iterator[Result]:
    assert ctx.config.domain
    yield check_nameservers(get_resolver(ctx), ctx.config.domain.lower().rstrip("."))


def _no_domain(ctx: RunContext) -> Iterator[Result]:
    yield R.RESOLVES.error("dns checks need 'domain:' in launchgate.yml")


def plan(config: GateConfig) -> list[Check]:
    dns = config.dns
    if dns is None:
        return []
    checks: list[Check] = []
    for i, rec in enumerate(dns.records):
        target = record_target(rec, [c.target for c in checks])
        checks.append(Check(R.RECORDS, _records(rec, target), target, f"dns.records.{i}"))
    if not config.domain:
        return [*checks, Check(R.RESOLVES, _no_domain, config_key="dns", network=False)]
    apex = config.domain.lower().rstrip(".")
    for host in public_hosts(config):
        checks.append(Check(R.RESOLVES, _host(host), target=host, config_key="dns.subdomains"))
    if dns.caa is not None:
        checks.append(Check(R.CAA, _caa, target=apex, config_key="dns.caa"))
    checks.append(Check(R.NS_CONSISTENCY, _nameservers, target=apex, config_key="dns"))
    return explain_lookup_errors(checks, RULES)
