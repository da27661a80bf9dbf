"""Email authentication of ``domain``: MX, SPF (RFC 7208), DKIM, DMARC, MTA-STS, TLS-RPT.

The library code (parsers, check_host, judges) lives in ``launchgate.checks.email.lookup``; this module
plans one Check per concern so that they all run (and ask DNS) at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from launchgate.checks.email import rules as R
from launchgate.checks.email.delivery_judge import check_dkim, check_mx, check_presence
from launchgate.checks.email.dmarc_judge import check_dmarc
from launchgate.checks.email.spf_eval import check_host
from launchgate.checks.email.spf_judge import judge_authorize, judge_tree
from launchgate.checks.email.spf_tree import build_tree
from launchgate.checks.lookup_errors import explain_lookup_errors
from launchgate.config.model import GateConfig
from launchgate.core.model import Result
from launchgate.core.rules import Check, RunContext
from launchgate.net.dns import get_resolver

RULES = R.RULES
Run = Callable[[RunContext], Iterator[Result]]
SPF_TIMEOUT_FACTOR = 12
"""SPF walks chains of dependent lookups (up to 10 terms, their MX hosts, void checks)."""


def _domain(ctx: RunContext) -> str:
    assert ctx.config.domain
    return ctx.config.domain.lower().rstrip(".")


def _mx(ctx: RunContext) -> Iterator[Result]:
    assert ctx.config.email is not None
    yield from check_mx(get_resolver(ctx), _domain(ctx), ctx.config.email.mx)


def _spf(ctx: RunContext) -> Iterator[Result]:
    assert ctx.config.email is not None and ctx.config.email.spf is not None
    tree = build_tree(get_resolver(ctx), _domain(ctx))
    yield from judge_tree(tree, ctx.config.email.spf)


def _authorize(ip: str) -> Run:
    def run(ctx: RunContext) -> Iterator[Result]:
        domain = _domain(ctx)
        outcome = check_host(
            ip,
            domain,
            f"postmaster@{domain}",
            domain,
            dns=get_resolver(ctx),
            now=int(ctx.now().timestamp()),
        )
        yield judge_authorize(ip, domain, outcome)

    return run


def _dkim(selector: str) -> Run:
    def run(ctx: RunContext) -> Iterator[Result]:
        assert ctx.config.email is not None and ctx.config.email.dkim is not None
        yield check_dkim(get_resolver(ctx), _domain(ctx), selector, ctx.config.email.dkim)

    return run


def _dmarc(ctx: RunContext) -> Iterator[Result]:
    assert ctx.config.email is not None and ctx.config.email.dmarc is not None
    yield from check_dmarc(get_resolver(ctx), _domain(ctx), ctx.config.email.dmarc)


def _presence(ctx: RunContext) -> Iterator[Result]:
    yield from check_presence(get_resolver(ctx), _domain(ctx))


def _no_domain(ctx: RunContext) -> Iterator[Result]:
    yield R.SPF_RECORD.error("email checks need 'domain:' in launchgate.yml", None)


def plan(config: GateConfig) -> list[Check]:
    email = config.email
    if email is None:
        return []
    if not config.domain:
        return [Check(R.SPF_RECORD, _no_domain, config_key="email", network=False)]
    d = config.domain.lower().rstrip(".")
    checks = [Check(R.MTA_STS, _presence, target=d, config_key="email")]
    if email.mx is not False:
        checks.append(Check(R.MX, _mx, target=d, config_key="email.mx"))
    if email.spf is not None:
        slow = SPF_TIMEOUT_FACTOR * config.timeout
        checks.append(Check(R.SPF_RECORD, _spf, target=d, config_key="email.spf", timeout=slow))
        for ip in dict.fromkeys(email.spf.authorize):
            run = _authorize(ip)
            checks.append(Check(R.SPF_AUTHORIZE, run, ip, "email.spf.authorize", timeout=slow))
    if email.dkim is not None:
        for sel in dict.fromkeys(email.dkim.selectors):
            checks.append(Check(R.DKIM, _dkim(sel), target=sel, config_key="email.dkim"))
    if email.dmarc is not None:
        checks.append(Check(R.DMARC_RECORD, _dmarc, target=d, config_key="email.dmarc"))
    return explain_lookup_errors(checks, RULES)
