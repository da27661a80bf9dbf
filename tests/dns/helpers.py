"""Run a check family against the sandbox DNS server and index its results."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from launchgate.config.load import parse_config
from launchgate.config.model import GateConfig
from launchgate.core.model import Result
from launchgate.core.rules import RunContext
from launchgate.sandbox.dns_server import SandboxDNS


def config(
    server: SandboxDNS, body: str, timeout: str = "2s", domain: str = "acme.test"
) -> GateConfig:
    head = (
        f"version: 1\ndomain: {domain}\ntimeout: {timeout}\n"
        f'network: {{nameservers: ["{server.address}"]}}\n'
    )
    return parse_config(head + body, {})


def run(family: ModuleType, cfg: GateConfig, base: Path = Path(".")) -> dict[str, Result]:
    """Every result of the family's plan by check id (ids must be unique)."""
    ctx = RunContext(cfg, base, {})
    out: dict[str, Result] = {}
    for check in family.plan(cfg):
        for result in check.run(ctx):
            assert result.check_id not in out, f"duplicate id {result.check_id}"
            assert result.rule_id in {r.id for r in family.RULES}
            out[result.check_id] = result
    return out
