"""Build a RunContext for TLS/HTTP checks against the sandbox servers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path

import yaml

from launchgate.checks.registry import find_rule
from launchgate.config.load import parse_config
from launchgate.core.model import Result
from launchgate.core.rules import Check, RunContext


def sandbox_context(
    config: Mapping[str, object],
    ca_pem: Path,
    hosts: Iterable[str] = (),
    now: Callable[[], datetime] | None = None,
    nameservers: Iterable[str] = (),
) -> RunContext:
    """A context whose config pins ``hosts`` to 127.0.0.1 and trusts the sandbox CA."""
    network: dict[str, object] = {"resolve": {h: "127.0.0.1" for h in hosts}}
    network.update(ca_bundle=str(ca_pem), nameservers=list(nameservers))
    text = yaml.safe_dump({"version": 1, "timeout": "2s", "network": network, **config})
    ctx = RunContext(config=parse_config(text, {}), base_dir=ca_pem.parent, environ={})
    if now is not None:
        ctx.now = now
    return ctx


def run_checks(ctx: RunContext, checks: Iterable[Check]) -> dict[str, Result]:
    """Run checks serially (like the runner, minus threads) and index results by check id.

    Also asserts the contract: ids are unique and every emitted rule is registered.
    """
    results: dict[str, Result] = {}
    for check in checks:
        for result in check.run(ctx):
            assert result.check_id not in results, f"duplicate id {result.check_id}"
            assert find_rule(result.check_id) is not None, f"unregistered rule {result.rule_id}"
            assert "\n" not in result.message, f"multi-line message in {result.check_id}"
            results[result.check_id] = result
    return results
