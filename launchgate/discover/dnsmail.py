"""Gather the domain's DNS and email facts through the probe (judging stays in ``render``)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace

from launchgate.checks.dns.judge import Ranges, load_ranges
from launchgate.checks.email.dkim import DkimError, looks_like_dkim, parse_key_record
from launchgate.checks.email.dmarc import DmarcError, is_dmarc, parse_dmarc
from launchgate.checks.email.spf_parse import SpfSyntaxError, is_spf, parse
from launchgate.discover.model import DkimFound, DnsFacts, MailFacts, RecordSet
from launchgate.discover.probe import Probe
from launchgate.discover.providers import provider_of, recognise, selectors_to_probe
from launchgate.net.dns import Answer

SUBDOMAINS = (
    "www", "app", "api", "admin", "shop", "store", "checkout", "community", "forum", "status",
    "mail", "auth", "login", "account", "blog", "docs", "help", "support", "cdn", "static",
    "assets", "dashboard", "portal",
)  # fmt: skip
PINNED_APEX_TYPES = ("MX", "CAA", "NS")


def _texts(answer: Answer) -> list[str]:
    return answer.texts() if answer.ok else []


def _host_of(value: str) -> str:
    return value.split()[-1].lower().rstrip(".")


def gather_dns(probe: Probe, domain: str) -> DnsFacts:
    """Apex records, and which of the usual subdomains resolve, and how."""
    wildcard_probe = f"lg-{secrets.token_hex(4)}.{domain}"
    wildcard = any(a.ok for a in probe.ask([(wildcard_probe, "A"), (wildcard_probe, "AAAA")]))
    names = [domain] if wildcard else [domain, *(f"{s}.{domain}" for s in SUBDOMAINS)]
    apex = probe.ask([(domain, t) for t in PINNED_APEX_TYPES])
    found = resolve_hosts(probe, names)
    records = list(found.records)
    for rdtype, answer in zip(PINNED_APEX_TYPES, apex, strict=True):
        if answer.ok and answer.rdatas:
            records.append(RecordSet(domain, rdtype, tuple(sorted(answer.texts()))))
    notes = ["every name under the domain resolves (wildcard DNS): usual subdomains not guessed"]
    return replace(
        found,
        domain=domain,
        records=tuple(records),
        caa=_caa_issuers(apex[1]),
        nameservers=tuple(_host_of(v) for v in _texts(apex[2])),
        wildcard=wildcard,
        notes=tuple(notes if wildcard else ()),
    )


def resolve_hosts(probe: Probe, names: Sequence[str]) -> DnsFacts:
    """Which of ``names`` resolve, with their pinned records and whether a CDN serves them."""
    ranges = _cloudflare()
    answers = probe.ask([(n, t) for n in names for t in ("A", "AAAA")])
    hosts: list[str] = []
    records: list[RecordSet] = []
    cdn = None
    for i, name in enumerate(names):
        a, aaaa = answers[2 * i], answers[2 * i + 1]
        addresses = _texts(a) + _texts(aaaa)
        if not addresses:
            continue
        hosts.append(name)
        behind_cdn = ranges is not None and any(ranges.contains(x) for x in addresses)
        cdn = cdn or ("cloudflare" if behind_cdn else None)
        records.extend(_host_records(name, a, aaaa, behind_cdn))
    return DnsFacts(domain="", hosts=tuple(hosts), records=tuple(records), cdn=cdn)


def merge_hosts(facts: DnsFacts, more: DnsFacts) -> DnsFacts:
    """``facts`` plus the hosts (and their records) found later, e.g. named by the site."""
    return replace(
        facts,
        hosts=tuple(dict.fromkeys([*facts.hosts, *more.hosts])),
        records=facts.records + tuple(r for r in more.records if r not in facts.records),
        cdn=facts.cdn or more.cdn,
    )


def _cloudflare() -> Ranges | None:
    try:
        return load_ranges(None)
    except (OSError, ValueError):
        return None


def _host_records(name: str, a: Answer, aaaa: Answer, behind_cdn: bool) -> list[RecordSet]:
    """A CNAME target is pinned; addresses are pinned unless a CDN hands them out."""
    if a.cnames or aaaa.cnames:
        target = (a.cnames or aaaa.cnames)[0]
        return [RecordSet(name, "CNAME", (target + ".",))]
    if behind_cdn:
        return []
    return [
        RecordSet(name, answer.rdtype, tuple(sorted(answer.texts())))
        for answer in (a, aaaa)
        if answer.ok and answer.rdatas
    ]


def _caa_issuers(answer: Answer) -> tuple[str, ...] | None:
    if not answer.ok or not answer.rdatas:
        return None
    issuers = []
    for rdata in answer.rdatas:
        tag = rdata.tag.decode().lower()  # type: ignore[attr-defined]
        value = rdata.value.decode().split(";", 1)[0].strip().lower()  # type: ignore[attr-defined]
        if tag in ("issue", "issuewild") and value:
            issuers.append(value)
    return tuple(dict.fromkeys(issuers)) or None


def gather_mail(probe: Probe, domain: str) -> MailFacts:
    mx, txt, dmarc, sts, rpt = probe.ask(
        [
            (domain, "MX"),
            (domain, "TXT"),
            (f"_dmarc.{domain}", "TXT"),
            (f"_mta-sts.{domain}", "TXT"),
            (f"_smtp._tls.{domain}", "TXT"),
        ]
    )
    exchanges = [_host_of(v) for v in _texts(mx)]
    null_mx = exchanges == [""] or exchanges == ["."]
    spf = [t for t in _texts(txt) if is_spf(t)]
    senders, spf_all, spf_domains, spf_problem = _spf_terms(spf)
    hinted = recognise([] if null_mx else exchanges, spf_domains)
    dkim, probed = _probe_dkim(probe, domain, hinted)
    policy, rua = _dmarc_facts([t for t in _texts(dmarc) if is_dmarc(t)])
    return MailFacts(
        mx=() if null_mx else tuple(exchanges),
        null_mx=null_mx,
        spf=spf[0] if len(spf) == 1 else None,
        spf_senders=tuple(senders),
        spf_all=spf_all,
        spf_problem=spf_problem,
        dmarc=next((t for t in _texts(dmarc) if is_dmarc(t)), None),
        dmarc_policy=policy,
        dmarc_rua=tuple(rua),
        dkim=tuple(dkim),
        selectors_probed=probed,
        providers=tuple(p.name for p in hinted),
        unguessable=tuple(p.name for p in hinted if p.unguessable),
        mta_sts=next((t for t in _texts(sts) if t.lower().startswith("v=stsv1")), None),
        tls_rpt=next((t for t in _texts(rpt) if t.lower().startswith("v=tlsrptv1")), None),
    )


def _spf_terms(records: Sequence[str]) -> tuple[list[str], str | None, list[str], str | None]:
    """(authorizing top-level terms, qualifier of all, include/redirect domains, problem)."""
    if not records:
        return [], None, [], None
    if len(records) > 1:
        return [], None, [], f"{len(records)} SPF records (there must be exactly one)"
    try:
        record = parse(records[0])
    except SpfSyntaxError as exc:
        return [], None, [], f"the SPF record does not parse ({exc})"
    senders = [m.text for m in record.mechanisms if m.qualifier == "+" and m.name != "all"]
    senders += [m.text for m in record.modifiers if m.name == "redirect"]
    domains = [m.domain_spec or "" for m in record.mechanisms if m.name == "include"]
    domains += [record.redirect] if record.redirect else []
    qualifier = record.all.qualifier if record.all is not None else None
    return senders, qualifier, domains, None


def _probe_dkim(probe: Probe, domain: str, hinted: Sequence[object]) -> tuple[list[DkimFound], int]:
    selectors = selectors_to_probe(hinted)  # type: ignore[arg-type]
    answers = probe.ask([(f"{s}._domainkey.{domain}", "TXT") for s in selectors])
    found = []
    for selector, answer in zip(selectors, answers, strict=True):
        record = next((t for t in _texts(answer) if looks_like_dkim(t)), None)
        if record is None:
            continue
        try:
            key = parse_key_record(record)
        except DkimError:
            continue
        if not key.revoked:
            found.append(DkimFound(selector, provider_of(selector, hinted), key.key_bits))  # type: ignore[arg-type]
    return found, len(selectors)


def _dmarc_facts(records: Sequence[str]) -> tuple[str | None, list[str]]:
    if len(records) != 1:
        return None, []
    try:
        parsed = parse_dmarc(records[0])
    except DmarcError:
        return None, []
    return parsed.policy, [u.uri for u in parsed.rua]
