"""The run's DNS resolver (minimal first version; the DNS issue extends it).

Public API other modules rely on:
  get_resolver(ctx) -> Resolver          one per run (ctx.shared)
  Resolver.addresses(host) -> list[str]  A and AAAA answers, CNAMEs followed
"""

from __future__ import annotations

import dns.resolver

from launchgate.checks.base import RunContext
from launchgate.schema import split_host_port


class Resolver:
    def __init__(self, nameservers: tuple[str, ...], timeout: float) -> None:
        if nameservers:
            self._resolver = dns.resolver.Resolver(configure=False)
            hosts = [split_host_port(ns) for ns in nameservers]
            self._resolver.nameservers = [h for h, _ in hosts]
            ports = {p for _, p in hosts if p}
            if ports:
                self._resolver.port = ports.pop()
        else:
            self._resolver = dns.resolver.Resolver()
        self._resolver.timeout = timeout
        self._resolver.lifetime = timeout * 2

    def addresses(self, host: str) -> list[str]:
        out: list[str] = []
        for rdtype in ("A", "AAAA"):
            try:
                answer = self._resolver.resolve(host, rdtype)
            except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
                continue
            out.extend(r.to_text() for r in answer)
        return out


def get_resolver(ctx: RunContext) -> Resolver:
    return ctx.shared(
        "dns.resolver",
        lambda: Resolver(ctx.config.network.nameservers, ctx.config.timeout),
    )
