"""Judging a domain's SPF tree against launchgate.yml (pure functions over gathered facts)."""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Iterator
from typing import Any

from launchgate.checks.email import rules as R
from launchgate.checks.email.spf_eval import MAX_LOOKUPS, MAX_VOID, SpfResult
from launchgate.checks.email.spf_parse import Mechanism
from launchgate.checks.email.spf_tree import DNS_FAILED, LOOP, MULTIPLE, NONE, SYNTAX, SpfNode
from launchgate.config.model import SpfConfig
from launchgate.core.model import Result, Severity

_STRENGTH = {"pass": 0, "neutral": 1, "softfail": 2, "fail": 3}


def judge_tree(root: SpfNode, config: SpfConfig) -> Iterator[Result]:
    """Every SPF verdict about the record as published; stops early if there is no record."""
    data = {"tree": root.to_data()}
    if root.status == DNS_FAILED:
        yield R.SPF_RECORD.error(
            f"Could not verify SPF for {root.domain}: {root.problem}", root.domain, data=data
        )
        return
    if not _judge_record(root, data):
        yield from _record_results(root, data)
        return
    yield R.SPF_RECORD.passed(
        f"SPF for {root.domain}: {root.record}", root.domain, details=[root.record or ""], data=data
    )
    yield _judge_lookups(root, data)
    yield _judge_voids(root)
    yield from _judge_includes(root)
    yield _judge_all(root, config)
    yield _judge_ptr(root)
    if config.senders is not None:
        yield judge_senders(root, config.senders)


def _judge_record(root: SpfNode, data: dict[str, Any]) -> bool:
    return root.status not in (NONE, MULTIPLE, SYNTAX)


def _record_results(root: SpfNode, data: dict[str, Any]) -> Iterator[Result]:
    d = root.domain
    if root.status == NONE:
        yield R.SPF_RECORD.fail(f"{d} publishes no SPF record ({root.problem})", d, data=data)
    elif root.status == MULTIPLE:
        yield R.SPF_RECORD.fail(
            f"{d} publishes {len(root.records)} SPF records; receivers need exactly one",
            d,
            details=root.records,
            remediation="Merge them into one record: keep one v=spf1 and every sender term once.",
            data=data,
        )
    else:
        yield R.SPF_RECORD.passed(f"SPF for {d}: {root.records[0]}", d, data=data)
        yield R.SPF_SYNTAX.fail(
            f"SPF record of {d} has an invalid term {root.bad_term!r}: "
            + root.problem.removeprefix(f"{root.bad_term!r}: "),
            d,
            details=[f"published: {root.records[0]}"],
            remediation=f"Correct or remove {root.bad_term!r}{_did_you_mean(root.bad_term)}; "
            "receivers ignore the whole record.",
            data=data,
        )


def _branch_cost(node: SpfNode) -> list[str]:
    parts = []
    for child in node.children:
        parts.append(f"{child.via} ({1 + child.total_lookups})")
    direct = [
        t for t in (node.parsed.lookup_terms() if node.parsed else []) if not _is_child(node, t)
    ]
    parts += [f"{t} (1)" for t in direct]
    return parts


def _is_child(node: SpfNode, term: str) -> bool:
    return any(child.via == term for child in node.children)


def _judge_lookups(root: SpfNode, data: dict[str, Any]) -> Result:
    total = root.total_lookups
    cost = ", ".join(_branch_cost(root))
    facts = {**data, "lookups": total, "limit": MAX_LOOKUPS}
    if total > MAX_LOOKUPS:
        return R.SPF_LOOKUPS.fail(
            f"SPF for {root.domain} needs {total} DNS lookups (limit {MAX_LOOKUPS}): {cost}"
            " — flatten or drop a sender",
            root.domain,
            details=root.lines(),
            data=facts,
        )
    unknown = [node.via for node in root.walk() if node.status == DNS_FAILED]
    if unknown:
        return R.SPF_LOOKUPS.error(
            f"Could not count the DNS lookups of SPF for {root.domain}: {', '.join(unknown)} "
            f"did not answer (at least {total} so far)",
            root.domain,
            details=root.lines(),
            data=facts,
        )
    return R.SPF_LOOKUPS.passed(
        f"SPF for {root.domain} needs {total} of {MAX_LOOKUPS} DNS lookups",
        root.domain,
        details=root.lines(),
        data=facts,
    )


def _judge_voids(root: SpfNode) -> Result:
    voids = [f"{node.domain}: {term}" for node in root.walk() for term in node.void_terms]
    if len(voids) > MAX_VOID:
        return R.SPF_VOID.fail(
            f"SPF for {root.domain} has {len(voids)} void lookups (limit {MAX_VOID}): "
            + ", ".join(voids),
            root.domain,
            data={"void": voids},
        )
    failed = [f"{node.domain}: {term}" for node in root.walk() for term in node.failed_terms]
    failed += [node.via for node in root.walk() if node.status == DNS_FAILED]
    if failed:
        return R.SPF_VOID.error(
            f"Could not count the void lookups of SPF for {root.domain}: no answer for "
            + ", ".join(failed),
            root.domain,
            data={"void": voids, "unanswered": failed},
        )
    message = f"SPF for {root.domain} has {len(voids)} void lookup(s)"
    if voids:
        message += " (" + ", ".join(voids) + ")"
    return R.SPF_VOID.passed(message, root.domain, data={"void": voids})


def _judge_includes(root: SpfNode) -> Iterator[Result]:
    seen: set[str] = set()
    for node in list(root.walk())[1:]:
        if node.domain in seen:
            continue
        seen.add(node.domain)
        yield _judge_include(node)


def _judge_include(node: SpfNode) -> Result:
    target, data = node.domain, {"record": node.record, "via": node.via}
    if node.status == DNS_FAILED:
        return R.SPF_INCLUDE.error(f"Could not verify {node.via}: {node.problem}", target)
    if node.status == LOOP:
        return R.SPF_INCLUDE.fail(f"{node.via} creates a loop ({node.problem})", target)
    if node.status in (NONE, MULTIPLE, SYNTAX):
        none = (
            f"{target} does not exist (NXDOMAIN)"
            if node.problem == "domain does not exist"
            else f"{target} has no SPF record"
        )
        why = {NONE: none, MULTIPLE: f"{target} has several SPF records"}
        text = why.get(node.status, f"{target}'s SPF record is invalid: {node.problem}")
        return R.SPF_INCLUDE.fail(
            f"{node.via}: {text} — receivers return permerror for your whole SPF",
            target,
            details=node.records,
            data=data,
        )
    return R.SPF_INCLUDE.passed(f"{node.via}: {node.record}", target, data=data)


def effective_all(root: SpfNode) -> tuple[Mechanism | None, SpfNode]:
    """The 'all' that ends evaluation, following redirect= when the record has none."""
    node = root
    while node.parsed is not None and node.parsed.all is None:
        redirect = next((c for c in node.children if c.via.startswith("redirect=")), None)
        if redirect is None:
            break
        node = redirect
    return (node.parsed.all if node.parsed else None), node


def _judge_all(root: SpfNode, config: SpfConfig) -> Result:
    d = root.domain
    mech, node = effective_all(root)
    where = f" (via {node.via})" if node is not root else ""
    wanted = "-all" if config.all == "fail" else "~all or -all"
    if mech is None:
        return R.SPF_ALL.fail(
            f"SPF for {d} has no final 'all': mail from anyone gets 'neutral'",
            d,
            details=[f"published: {root.record}"],
            remediation=f"End the record with {wanted}.",
        )
    result = mech.result
    if result == "pass":
        return R.SPF_ALL.fail(
            f"SPF for {d} ends in {mech.text}{where}: every server on the internet may send as you",
            d,
            severity=Severity.CRITICAL,
            details=[f"published: {node.record}"],
            remediation=f"Replace {mech.text} with {wanted}.",
        )
    if _STRENGTH[result] < _STRENGTH[config.all]:
        return R.SPF_ALL.fail(
            f"SPF for {d} ends in {mech.text}{where}, weaker than the required {wanted}",
            d,
            details=[f"published: {node.record}"],
            remediation=f"Replace {mech.text} with {wanted}.",
        )
    return R.SPF_ALL.passed(f"SPF for {d} ends in {mech.text}{where}", d)


def _judge_ptr(root: SpfNode) -> Result:
    uses = [
        f"{node.domain}: {m.text}"
        for node in root.walk()
        if node.parsed
        for m in node.parsed.mechanisms
        if m.name == "ptr"
    ]
    if uses:
        return R.SPF_PTR.warn(
            f"SPF for {root.domain} uses the deprecated ptr mechanism: " + ", ".join(uses),
            root.domain,
        )
    return R.SPF_PTR.passed(f"SPF for {root.domain} does not use ptr", root.domain)


def _normal_term(term: str) -> str:
    """Compare terms without the '+' qualifier, case or a trailing dot on the domain."""
    text = term.strip().lower()
    text = text[1:] if text.startswith("+") else text
    return text.rstrip(".")


def authorizing_terms(root: SpfNode) -> list[str]:
    """Top-level terms that can make a sender pass: '+' mechanisms other than all, redirect=."""
    if root.parsed is None:
        return []
    terms = [m.text for m in root.parsed.mechanisms if m.qualifier == "+" and m.name != "all"]
    return terms + [m.text for m in root.parsed.modifiers if m.name == "redirect"]


def _network(term: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """The network of an ``ip4:``/``ip6:`` term (without qualifier), else None."""
    name, _, value = _normal_term(term).partition(":")
    if name not in ("ip4", "ip6") or not value:
        return None
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None
    return net if net.version == (4 if name == "ip4" else 6) else None


def is_approved(term: str, approved: tuple[str, ...]) -> bool:
    """The term is on the list, or is an address range inside an approved ``ip4:``/``ip6:``."""
    if _normal_term(term) in {_normal_term(t) for t in approved}:
        return True
    net = _network(term)
    ranges = [r for r in map(_network, approved) if r is not None]
    return net is not None and any(
        net.version == r.version and net.subnet_of(r)  # type: ignore[arg-type]
        for r in ranges
    )


def judge_senders(root: SpfNode, approved: tuple[str, ...]) -> Result:
    found = authorizing_terms(root)
    unknown = [t for t in found if not is_approved(t, approved)]
    data = {"authorizing": found, "approved": list(approved), "unknown": unknown}
    if unknown:
        return R.SPF_SENDERS.fail(
            f"SPF for {root.domain} authorizes senders not on the approved list: "
            + ", ".join(unknown),
            root.domain,
            details=[f"published: {root.record}", "approved: " + ", ".join(approved)],
            data=data,
        )
    return R.SPF_SENDERS.passed(
        f"SPF for {root.domain} authorizes only approved senders", root.domain, data=data
    )


def judge_authorize(ip: str, domain: str, result: SpfResult) -> Result:
    data = result.to_json()
    if result.result == "pass":
        return R.SPF_AUTHORIZE.passed(
            f"SPF for {domain} passes {ip} (matched {result.matched} in {result.matched_in})",
            ip,
            data=data,
        )
    if result.result == "temperror":
        return R.SPF_AUTHORIZE.error(
            f"Could not verify whether SPF for {domain} authorizes {ip}: {result.reason}",
            ip,
            data=data,
        )
    how = f"matched {result.matched}" if result.matched else result.reason or "no term matched"
    return R.SPF_AUTHORIZE.fail(
        f"SPF for {domain} gives {result.result} for {ip} ({how}), not pass",
        ip,
        details=result.trace[-10:],
        remediation=_authorize_fix(ip, domain, result),
        data=data,
    )


def _authorize_fix(ip: str, domain: str, result: SpfResult) -> str:
    if result.result == "permerror":
        return (
            f"The SPF record of {domain} is broken for every receiver ({result.reason}): fix it "
            "first (see the other email.spf results), then check this sender again."
        )
    return f"Add {'ip6' if ':' in ip else 'ip4'}:{ip} (or your provider's include:) to the SPF record of {domain}."


def _did_you_mean(term: str | None) -> str:
    """`` (did you mean include:x?)`` for a misspelt mechanism or modifier name."""
    if not term:
        return ""
    qualifier = term[0] if term[0] in "+-~?" else ""
    body = term[len(qualifier) :]
    name = body.split(":", 1)[0].split("=", 1)[0].split("/", 1)[0]
    known = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists", "redirect", "exp")
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.7)
    if not close or close[0] == name.lower():
        return ""
    return f" (did you mean {qualifier}{close[0]}{body[len(name) :]}?)"
