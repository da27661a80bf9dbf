"""``launchgate init --discover``: write a config from what the live setup shows today.

Facts are gathered in one place (``probe`` is the only module that touches the network;
``dnsmail``, ``web`` and ``envnames`` use it), turned into text by pure functions (``render``),
then verified: the gate runs once on the draft, and every key that fails today is commented
out with a TODO saying why, so the file that is written passes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from launchgate.discover.dnsmail import gather_dns, gather_mail, merge_hosts, resolve_hosts
from launchgate.discover.envnames import gather_env
from launchgate.discover.model import DnsFacts, Findings, MailFacts, NetworkSettings, WebFacts
from launchgate.discover.probe import ANY_HOST, BudgetSpent, Pin, Probe
from launchgate.discover.render import render
from launchgate.discover.verify import Draft, verify
from launchgate.discover.web import gather_web


@dataclass(frozen=True)
class DiscoverOptions:
    domain: str
    project_dir: Path
    nameservers: tuple[str, ...] = ()
    pins: tuple[Pin, ...] = ()
    ca_bundle: str | None = None  # as it will be written (relative to the config's folder)
    ca_path: str | None = None  # as discovery opens it
    timeout: float = 5.0
    deadline: float = 120.0


def discover(options: DiscoverOptions) -> Findings:
    """Every fact discovery can gather within its budget; never raises for network trouble."""
    probe = Probe(
        nameservers=options.nameservers,
        pins=options.pins,
        ca_bundle=options.ca_path,
        timeout=options.timeout,
        deadline=options.deadline,
    )
    domain = options.domain
    dns, mail, web = DnsFacts(domain), MailFacts(), WebFacts()
    stopped = None
    try:
        dns = gather_dns(probe, domain)
        mail = gather_mail(probe, domain)
        web, stopped = gather_web(probe, domain, dns.hosts)
        if web.linked_hosts and stopped is None:
            dns = merge_hosts(dns, resolve_hosts(probe, web.linked_hosts))
    except BudgetSpent as exc:
        stopped = str(exc)
    finally:
        probe.close()
    return Findings(
        domain=domain,
        dns=dns,
        mail=mail,
        web=web,
        env=gather_env(options.project_dir),
        network=_network(options, probe.pinned),
        queried=(probe.summary(),),
        stopped=stopped,
    )


def _network(options: DiscoverOptions, used: Mapping[str, str]) -> NetworkSettings:
    """Pins as the gate reads them: explicit ones as given, a wildcard as the hosts it served."""
    resolve: dict[str, str] = {}
    for pin in options.pins:
        if pin.host == ANY_HOST:
            continue
        key = pin.host + (f":{pin.port}" if pin.port else "")
        resolve[key] = pin.address + (f":{pin.to_port}" if pin.to_port else "")
    if any(p.host == ANY_HOST for p in options.pins):
        resolve.update({k: v for k, v in sorted(used.items()) if k not in resolve})
    return NetworkSettings(options.nameservers, resolve, options.ca_bundle)


def write_config(
    options: DiscoverOptions,
    output: Path,
    environ: Mapping[str, str] | None = None,
    check: bool = True,
    written_on: str = "",
) -> tuple[Findings, Draft]:
    """Discover, render and (unless ``check`` is off) verify; the caller writes the text."""
    findings = discover(options)
    text = render(findings, written_on)
    if not check:
        return findings, Draft(text)
    env = dict(os.environ if environ is None else environ)
    return findings, verify(text, output, env)


__all__ = ["DiscoverOptions", "Draft", "Findings", "discover", "write_config"]
