"""MX, DKIM, MTA-STS and TLS-RPT verdicts: gather with a Lookup, judge in small pure steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from launchgate.checks.email import rules as R
from launchgate.checks.email.dkim import DkimError, looks_like_dkim, parse_key_record
from launchgate.checks.email.lookup import Lookup
from launchgate.checks.email.spf_parse import is_spf
from launchgate.config.model import DkimConfig
from launchgate.core.model import Result
from launchgate.net.dns import Answer


def _mx_hosts(answer: Answer) -> list[tuple[int, str]]:
    return sorted(
        (int(r.preference), r.exchange.to_text().rstrip(".").lower())  # type: ignore[attr-defined]
        for r in answer.rdatas
    )


def check_mx(dns: Lookup, domain: str, expected: bool | tuple[str, ...]) -> Iterator[Result]:
    answer = dns.query(domain, "MX")
    if answer.failed:
        yield R.MX.error(f"Could not verify MX of {domain}: {answer.explain()}", domain)
        return
    hosts = _mx_hosts(answer)
    published = [f"{pref} {host}." for pref, host in hosts]
    data: dict[str, Any] = {"mx": published}
    if not hosts:
        yield R.MX.fail(f"{domain} has no MX records ({answer.explain()})", domain, data=data)
        return
    if len(hosts) == 1 and hosts[0][1] in ("", "."):
        yield _judge_null_mx(dns, domain, expected, published)
        return
    yield _judge_mx(domain, hosts, expected, _unresolved(dns, hosts), data)


def _sends_no_mail(dns: Lookup, domain: str) -> bool:
    """Whether the domain's one SPF record is ``v=spf1 -all`` (it authorizes no sender)."""
    records = [t for t in dns.query(domain, "TXT").texts() if is_spf(t)]
    return len(records) == 1 and records[0].lower().split()[1:] == ["-all"]


def _judge_null_mx(
    dns: Lookup, domain: str, expected: bool | tuple[str, ...], published: list[str]
) -> Result:
    """A null MX (RFC 7505) is right for a domain that neither receives nor sends mail."""
    data = {"mx": published, "null_mx": True}
    if isinstance(expected, tuple) and expected:
        why = f"expected MX {', '.join(expected)}"
    elif _sends_no_mail(dns, domain):
        return R.MX.passed(
            f"{domain} publishes a null MX (RFC 7505) and SPF -all: it receives and sends no mail",
            domain,
            details=published,
            data=data,
        )
    else:
        why = (
            "yet it does not lock sending down with SPF 'v=spf1 -all' (receivers may refuse "
            "mail from a domain that cannot take bounces, RFC 7505 section 4.2)"
        )
    return R.MX.fail(
        f"{domain} publishes a null MX (RFC 7505): this domain receives no mail, {why}",
        domain,
        details=published,
        remediation="Replace the null MX with your mail provider's MX records.",
        data=data,
    )


def _unresolved(dns: Lookup, hosts: list[tuple[int, str]]) -> dict[str, str]:
    """Exchanges without an address (host → why)."""
    questions = [(host, rdtype) for _, host in hosts for rdtype in ("A", "AAAA")]
    many = getattr(dns, "query_many", None)
    answers = many(questions) if many else [dns.query(*q) for q in questions]
    out: dict[str, str] = {}
    for _, host in hosts:
        mine = [a for a in answers if a.name == host]
        if any(a.ok for a in mine):
            continue
        failed = [a for a in mine if a.failed]
        out[host] = (failed[0] if failed else mine[0]).explain()
    return out


def _judge_mx(
    domain: str,
    hosts: list[tuple[int, str]],
    expected: bool | tuple[str, ...],
    unresolved: dict[str, str],
    data: dict[str, Any],
) -> Result:
    published: list[str] = data["mx"]
    if unresolved:
        broken = ", ".join(f"{h} ({why})" for h, why in unresolved.items())
        return R.MX.fail(
            f"MX of {domain}: exchange(s) without an address: {broken}",
            domain,
            details=published,
            data=data,
        )
    if isinstance(expected, tuple):
        want = {h.lower().rstrip(".") for h in expected}
        have = {h for _, h in hosts}
        if want != have:
            return R.MX.fail(
                f"MX of {domain} are {sorted(have)}, expected {sorted(want)}",
                domain,
                details=[f"missing: {sorted(want - have)}", f"unexpected: {sorted(have - want)}"],
                data=data,
            )
    return R.MX.passed(f"MX of {domain}: " + ", ".join(published), domain, data=data)


def check_dkim(dns: Lookup, domain: str, selector: str, config: DkimConfig) -> Result:
    name = f"{selector}._domainkey.{domain}"
    answer = dns.query(name, "TXT")
    if answer.failed:
        return R.DKIM.error(f"Could not verify DKIM key {name}: {answer.explain()}", selector)
    texts = answer.texts()
    data: dict[str, Any] = {"name": name, "records": texts, "cnames": list(answer.cnames)}
    candidates = [t for t in texts if looks_like_dkim(t)]
    if not candidates:
        return R.DKIM.fail(f"No DKIM key at {name} ({answer.explain()})", selector, data=data)
    if len(candidates) > 1:
        return R.DKIM.fail(
            f"{len(candidates)} DKIM key records at {name}; receivers need exactly one",
            selector,
            details=candidates,
            data=data,
        )
    return judge_dkim(name, selector, candidates[0], config, data)


def judge_dkim(
    name: str, selector: str, text: str, config: DkimConfig, data: dict[str, Any]
) -> Result:
    shown = text if len(text) < 120 else text[:100] + "…"
    try:
        key = parse_key_record(text)
    except DkimError as exc:
        return R.DKIM.fail(
            f"DKIM key at {name} is invalid: {exc}", selector, details=[shown], data=data
        )
    data = {**data, "key_type": key.key_type, "key_bits": key.key_bits, "testing": key.testing}
    if key.revoked:
        return R.DKIM.fail(
            f"DKIM key at {name} is revoked (empty p=): mail signed with it fails",
            selector,
            details=[shown],
            remediation="Publish the current public key from your mail provider in p=.",
            data=data,
        )
    bits = key.key_bits or 0
    if key.key_type == "rsa" and bits < config.min_key_bits:
        return R.DKIM.fail(
            f"DKIM key at {name} is RSA-{bits}, below the minimum of {config.min_key_bits} bits",
            selector,
            details=[shown],
            remediation=f"Rotate to an RSA key of at least {config.min_key_bits} bits.",
            data=data,
        )
    if key.testing:
        return R.DKIM.warn(
            f"DKIM key at {name} is in testing mode (t=y): receivers may ignore failures",
            selector,
            details=[shown],
            remediation="Remove t=y once signing works.",
            data=data,
        )
    return R.DKIM.passed(f"DKIM key at {name}: {key.key_type}-{bits}", selector, data=data)


def check_presence(dns: Lookup, domain: str) -> Iterator[Result]:
    """MTA-STS and TLS-RPT: presence as information."""
    wanted = (
        (R.MTA_STS, f"_mta-sts.{domain}", "v=STSv1"),
        (R.TLS_RPT, f"_smtp._tls.{domain}", "v=TLSRPTv1"),
    )
    questions = [(name, "TXT") for _, name, _ in wanted]
    many = getattr(dns, "query_many", None)
    answers = many(questions) if many else [dns.query(*q) for q in questions]
    for (rule, name, prefix), answer in zip(wanted, answers, strict=True):
        found = [t for t in answer.texts() if t.replace(" ", "").startswith(prefix)]
        if answer.failed:
            yield rule.error(f"Could not look up {name}: {answer.explain()}", domain)
        elif found:
            yield rule.passed(f"{name}: {found[0]}", domain, data={"records": found})
        else:
            yield rule.skip(f"{domain} publishes no {prefix} record at {name}", domain)
