"""DMARC verdicts: record, syntax, policy strength, sp, pct, report addresses and their consent."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.email import rules as R
from launchgate.checks.email.dmarc import (
    POLICIES,
    DmarcLookup,
    DmarcRecord,
    find_dmarc,
    organizational_domain,
    report_authorized,
)
from launchgate.checks.email.lookup import Lookup
from launchgate.config.model import DmarcConfig
from launchgate.core.model import Result
from launchgate.net.dns import NXDOMAIN, Answer


def check_dmarc(dns: Lookup, domain: str, config: DmarcConfig) -> Iterator[Result]:
    found = find_dmarc(dns, domain)
    yield from judge_lookup(found, config)
    if found.record is not None:
        yield from judge_reports(dns, found, config)
        for dest in dict.fromkeys(u.domain for u in found.record.rua if u.domain):
            yield judge_mailbox(dns, dest)


def judge_lookup(found: DmarcLookup, config: DmarcConfig) -> Iterator[Result]:
    d = found.domain
    where = f"_dmarc.{found.policy_domain}"
    data = {"name": where, "records": found.records, "policy_domain": found.policy_domain}
    if found.status == "temperror":
        yield R.DMARC_RECORD.error(f"Could not verify DMARC of {d}: {found.error}", d)
        return
    if not found.records:
        yield R.DMARC_RECORD.fail(f"{d} publishes no DMARC record at _dmarc.{d}", d, data=data)
        return
    if len(found.records) > 1:
        yield R.DMARC_RECORD.fail(
            f"{where} has {len(found.records)} DMARC records; receivers ignore them all",
            d,
            details=found.records,
            remediation="Keep exactly one v=DMARC1 record.",
            data=data,
        )
        return
    yield R.DMARC_RECORD.passed(f"DMARC for {d} at {where}: {found.records[0]}", d, data=data)
    if found.record is None:
        yield R.DMARC_SYNTAX.fail(
            f"DMARC record at {where} is invalid: {found.error}",
            d,
            details=[f"published: {found.records[0]}"],
            data=data,
        )
        return
    inherited = found.policy_domain != d
    yield from judge_record(d, where, found.record, config, inherited)


def judge_record(
    d: str, where: str, record: DmarcRecord, config: DmarcConfig, inherited: bool = False
) -> Iterator[Result]:
    """``inherited``: the record is the organizational domain's, so ``sp=`` applies to ``d``."""
    shown = [f"published: {record.text}"]
    if record.problems:
        yield R.DMARC_SYNTAX.fail(
            f"DMARC record at {where} has errors ({'; '.join(record.problems)}); "
            "receivers treat it as p=none",
            d,
            details=shown,
        )
    else:
        yield R.DMARC_SYNTAX.passed(f"DMARC record at {where} is valid", d)
    yield _judge_policy(d, where, record, config, inherited)
    yield _judge_sp(d, where, record)
    yield _judge_pct(d, where, record)
    yield _judge_rua(d, where, record, config)


def _judge_policy(
    d: str, where: str, record: DmarcRecord, config: DmarcConfig, inherited: bool
) -> Result:
    tag, policy = ("sp", record.subdomain_policy) if inherited else ("p", record.policy)
    source = f" (inherited from {where})" if inherited else ""
    if POLICIES.index(policy) >= POLICIES.index(config.policy):
        return R.DMARC_POLICY.passed(f"DMARC policy of {d} is {tag}={policy}{source}", d)
    fix = f"Set {tag}={config.policy} in the record at {where}"
    if inherited:
        fix += f", or publish a record of its own at _dmarc.{d}"
    return R.DMARC_POLICY.fail(
        f"DMARC policy of {d} is {tag}={policy}{source}, weaker than the required "
        f"p={config.policy}",
        d,
        details=[f"published: {record.text}"],
        remediation=fix + ".",
    )


def _judge_sp(d: str, where: str, record: DmarcRecord) -> Result:
    if POLICIES.index(record.subdomain_policy) < POLICIES.index(record.policy):
        return R.DMARC_SUBDOMAIN.warn(
            f"DMARC at {where}: sp={record.subdomain_policy} is weaker than p={record.policy}",
            d,
            details=[f"published: {record.text}"],
        )
    return R.DMARC_SUBDOMAIN.passed(f"DMARC subdomain policy is {record.subdomain_policy}", d)


def _judge_pct(d: str, where: str, record: DmarcRecord) -> Result:
    if record.pct < 100:
        return R.DMARC_PCT.warn(
            f"DMARC at {where} applies p={record.policy} to only {record.pct}% of failing mail",
            d,
            details=[f"published: {record.text}"],
        )
    return R.DMARC_PCT.passed("DMARC applies to 100% of failing mail", d)


def _judge_rua(d: str, where: str, record: DmarcRecord, config: DmarcConfig) -> Result:
    addresses = [u.uri for u in record.rua]
    bad = [u.uri for u in record.rua + record.ruf if u.address is None or u.domain is None]
    if bad:
        return R.DMARC_RUA.fail(
            f"DMARC at {where} has report URIs that are not mailto: addresses: {', '.join(bad)}",
            d,
            details=[f"published: {record.text}"],
        )
    if not addresses and config.rua == "required":
        return R.DMARC_RUA.fail(
            f"DMARC at {where} sends aggregate reports nowhere (no rua=)",
            d,
            details=[f"published: {record.text}"],
        )
    if not addresses:
        return R.DMARC_RUA.passed(f"DMARC at {where} asks for no aggregate reports", d)
    return R.DMARC_RUA.passed(f"DMARC aggregate reports go to {', '.join(addresses)}", d)


def external_destinations(policy_domain: str, record: DmarcRecord) -> list[str]:
    """Report domains outside the policy domain's organizational domain."""
    org = organizational_domain(policy_domain)
    out: list[str] = []
    for uri in record.rua + record.ruf:
        dest = uri.domain
        if dest and organizational_domain(dest) != org and dest not in out:
            out.append(dest)
    return out


def judge_reports(dns: Lookup, found: DmarcLookup, config: DmarcConfig) -> Iterator[Result]:
    assert found.record is not None
    for dest in external_destinations(found.policy_domain, found.record):
        name = f"{found.policy_domain}._report._dmarc.{dest}"
        accepted, status = report_authorized(dns, found.policy_domain, dest)
        if accepted:
            yield R.DMARC_REPORT_AUTH.passed(f"{dest} accepts DMARC reports ({name})", dest)
        elif status == "temperror":
            yield R.DMARC_REPORT_AUTH.error(f"Could not verify {name} (DNS failure)", dest)
        else:
            yield R.DMARC_REPORT_AUTH.fail(
                f"DMARC reports to {dest} will be dropped: {name} has no valid v=DMARC1 record",
                dest,
                data={"name": name, "status": status},
            )


def judge_mailbox(dns: Lookup, dest: str) -> Result:
    """Whether mail to ``dest`` (a rua= domain) can be delivered at all."""
    mx = dns.query(dest, "MX")
    if mx.failed:
        return R.DMARC_RUA_MX.error(f"Could not verify MX of {dest}: {mx.explain()}", dest)
    exchanges = [r.to_text() for r in mx.rdatas]
    if exchanges and all(t.split()[-1] == "." for t in exchanges):
        return R.DMARC_RUA_MX.fail(
            f"DMARC reports to {dest} bounce: it publishes a null MX (accepts no mail)",
            dest,
            details=exchanges,
        )
    if exchanges:
        return R.DMARC_RUA_MX.passed(f"{dest} receives mail: MX {', '.join(exchanges)}", dest)
    if mx.status == NXDOMAIN:
        return R.DMARC_RUA_MX.fail(f"DMARC reports to {dest} bounce: {dest} does not exist", dest)
    return _implicit_mx(dns, dest)


def _implicit_mx(dns: Lookup, dest: str) -> Result:
    answers: list[Answer] = [dns.query(dest, t) for t in ("A", "AAAA")]
    addresses = [a for ans in answers for a in ans.texts()]
    if addresses:
        return R.DMARC_RUA_MX.passed(
            f"{dest} has no MX; mail goes to its address {addresses[0]} (implicit MX)", dest
        )
    failed = next((a for a in answers if a.failed), None)
    if failed is not None:
        return R.DMARC_RUA_MX.error(f"Could not verify {dest}: {failed.explain()}", dest)
    return R.DMARC_RUA_MX.fail(
        f"DMARC reports to {dest} bounce: it has no MX record and no address", dest
    )
