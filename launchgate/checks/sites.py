"""Plan a config of many sites: every network area's checks once per site.

Each site's checks run against a config holding only that site (its domain and merged blocks),
in a context that shares the run's network clients (one DNS cache, one HTTP client, one TLS
prober for every site) and keeps everything else per site. A check id that does not already
name the site's domain gets ``@<domain>`` after its target, so ids stay unique across sites.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from launchgate.config.model import SITE_SECTIONS, GateConfig, SiteConfig
from launchgate.core.model import Result
from launchgate.core.rules import Check, CheckFamily, Rule, RunContext

# ctx.shared keys that depend only on `network:` and `timeout:`, which every site shares.
RUN_WIDE = frozenset({"net.http", "dns.resolver", "tls.prober", "performance.ssl_context"})


def site_config(config: GateConfig, site: SiteConfig) -> GateConfig:
    """The config one site's checks see: its domain and blocks, no local areas, no sites."""
    blocks = {section: getattr(site, section) for section in SITE_SECTIONS}
    return replace(config, domain=site.domain, env=None, secrets=None, sites=(), **blocks)


def configures(config: GateConfig, area: str) -> bool:
    """Whether the config asks for any check of ``area`` (top level or in a site)."""
    if getattr(config, area, None) is not None:
        return True
    return any(getattr(site, area, None) is not None for site in config.sites)


def mentions(target: str, domain: str) -> bool:
    """Whether ``target`` (a URL, a host[:port] or a name) is under ``domain``."""
    host = urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]
    host = (host or "").lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


def qualify(target: str | None, domain: str) -> str:
    """A target unique across sites: as is when it names the domain, else ``target@domain``."""
    if not target:
        return domain
    return target if mentions(target, domain) else f"{target}@{domain}"


def qualify_result(result: Result, domain: str) -> Result:
    rule_id, _, rest = result.check_id.partition(":")
    target, hash_, count = rest.partition("#")
    qualified = f"{rule_id}:{qualify(target or None, domain)}{hash_}{count}"
    return result if qualified == result.check_id else result.with_changes(check_id=qualified)


class _SiteShared(dict[str, Any]):
    """A site's ``ctx.shared`` store: run-wide keys live in the run's store, others here."""

    def __init__(self, run: dict[str, Any]) -> None:
        super().__init__()
        self.run = run

    def __contains__(self, key: object) -> bool:
        return key in self.run if key in RUN_WIDE else super().__contains__(key)

    def __getitem__(self, key: str) -> Any:
        return self.run[key] if key in RUN_WIDE else super().__getitem__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key in RUN_WIDE:
            self.run[key] = value
        else:
            super().__setitem__(key, value)


def site_context(ctx: RunContext, config: GateConfig, domain: str) -> RunContext:
    """One context per site and run (made once, kept in the run's context)."""

    def make() -> RunContext:  # called by ctx.shared, which holds the run's lock
        inventory = ctx.inventories.setdefault("sites", {}).setdefault(domain, {})
        return replace(ctx, config=config, inventories=inventory, _shared=_SiteShared(ctx._shared))

    return ctx.shared(f"site:{domain}", make)


def _for_site(check: Check, config: GateConfig, index: int) -> Check:
    domain = config.domain or ""

    def run(ctx: RunContext) -> Iterator[Result]:
        site_ctx = site_context(ctx, config, domain)
        for result in check.run(site_ctx):
            yield qualify_result(result, domain)

    key = f"sites.{index}.{check.config_key or check.area}"
    return replace(check, run=run, target=qualify(check.target, domain), config_key=key)


class SiteFamily:
    """An area's family that plans once per site when the config lists sites."""

    def __init__(self, area: str, inner: CheckFamily) -> None:
        self.area = area
        self.inner = inner
        self.RULES: Sequence[Rule] = inner.RULES

    def plan(self, config: GateConfig) -> list[Check]:
        if not config.sites or self.area not in SITE_SECTIONS:
            return self.inner.plan(config)
        checks: list[Check] = []
        for index, site in enumerate(config.sites):
            one = site_config(config, site)
            checks.extend(_for_site(c, one, index) for c in self.inner.plan(one))
        return checks


def for_sites(families: Mapping[str, CheckFamily]) -> dict[str, CheckFamily]:
    return {area: SiteFamily(area, family) for area, family in families.items()}
