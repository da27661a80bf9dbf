"""A "could not verify" result tells how to make it verifiable, not how to fix the finding.

The rules' own fixes ("publish an MX record", "add an A record", "redirect with a 301") are wrong
advice when the lookup or request itself failed: the thing checked may be fine. ``explain_lookup_errors`` wraps a check's run so that its
``error`` results that still carry the rule's default fix get this advice instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from launchgate.core.model import Result, Status
from launchgate.core.rules import Check, Rule, RunContext

UNREACHED_FIX = (
    "Nothing was judged because the request did not complete (see the message): check that the "
    "host resolves and is reachable from where launchgate runs (network.resolve, "
    "network.nameservers, a firewall), that its certificate is trusted (network.ca_bundle for a "
    "private CA) and that the server is up, then run again."
)
LOOKUP_FIX = (
    "Nothing was judged because the DNS lookup failed: check that the resolver answers "
    "(network.nameservers in launchgate.yml or --nameserver; try `dig @<resolver> <name> <type>`) "
    "and that the domain's nameservers are up, then run again."
)


def _explained(result: Result, rules: dict[str, Rule], fix: str) -> Result:
    rule = rules.get(result.rule_id)
    if result.status is not Status.ERROR or rule is None or result.remediation != rule.fix:
        return result
    return result.with_changes(remediation=fix)


def _wrap(
    run: Callable[[RunContext], Iterable[Result]], rules: dict[str, Rule], fix: str
) -> Callable[[RunContext], Iterator[Result]]:
    def explained(ctx: RunContext) -> Iterator[Result]:
        for result in run(ctx):
            yield _explained(result, rules, fix)

    return explained


def explain_lookup_errors(
    checks: Sequence[Check], rules: Iterable[Rule], fix: str = LOOKUP_FIX
) -> list[Check]:
    """``checks`` whose error results (with the rule's default fix) get ``fix`` instead."""
    by_id = {rule.id: rule for rule in rules}
    return [replace(c, run=_wrap(c.run, by_id, fix)) if c.network else c for c in checks]
