"""What discovery found, as plain frozen facts: gathered by ``probe``/``dnsmail``/``web``,
turned into launchgate.yml text by ``render`` (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordSet:
    """An answer set worth pinning: ``dns.records`` will require exactly these values."""

    name: str
    type: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DnsFacts:
    domain: str
    hosts: tuple[str, ...] = ()  # names that resolve: apex, www, usual subdomains, linked hosts
    records: tuple[RecordSet, ...] = ()
    caa: tuple[str, ...] | None = None  # issuers allowed by CAA "issue"; None: no CAA
    nameservers: tuple[str, ...] = ()
    cdn: str | None = None
    wildcard: bool = False  # every name resolves: subdomain guesses prove nothing
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DkimFound:
    selector: str
    provider: str
    bits: int | None = None


@dataclass(frozen=True)
class MailFacts:
    mx: tuple[str, ...] = ()
    null_mx: bool = False
    spf: str | None = None
    spf_senders: tuple[str, ...] = ()
    spf_all: str | None = None  # "-", "~", "?", "+" or None (no all)
    spf_problem: str | None = None
    dmarc: str | None = None
    dmarc_policy: str | None = None
    dmarc_rua: tuple[str, ...] = ()
    dkim: tuple[DkimFound, ...] = ()
    selectors_probed: int = 0
    providers: tuple[str, ...] = ()  # recognised from MX and SPF
    unguessable: tuple[str, ...] = ()  # providers whose selectors cannot be probed
    mta_sts: str | None = None
    tls_rpt: str | None = None


@dataclass(frozen=True)
class Page:
    """One URL as it answered today."""

    url: str
    status: int
    content_type: str = ""
    security_missing: tuple[str, ...] = ()  # security headers it lacks today
    hsts: str | None = None
    cookie_trouble: bool = False  # the gate's cookie checks fail on it today


@dataclass(frozen=True)
class Health:
    url: str
    condition: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Timing:
    url: str
    p95_ms: float
    samples: int

    @property
    def budget_ms(self) -> int:
        """max(3 × today's p95, 300 ms), rounded up to 50 ms."""
        raw = max(3 * self.p95_ms, 300.0)
        return int(-(-raw // 50) * 50)


@dataclass(frozen=True)
class Redirect:
    source: str
    target: str
    status: int


@dataclass(frozen=True)
class WebFacts:
    canonical: str | None = None
    canonical_problems: tuple[str, ...] = ()  # why the canonical check would fail today
    hsts: str | None = None
    tls_hosts: tuple[str, ...] = ()
    tls_problems: tuple[tuple[str, str], ...] = ()  # (host, why) broken today
    pages: tuple[Page, ...] = ()
    health: tuple[Health, ...] = ()
    timings: tuple[Timing, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    static: tuple[str, ...] = ()
    linked_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnvFacts:
    example: str | None = None  # the example file's name, relative to the project
    names: tuple[str, ...] = ()
    secret_names: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # deploy env files present (read by the gate, not by discovery)
    framework: str | None = None
    conventions: tuple[str, ...] = ()  # conventional names the example does not list
    artifacts: tuple[str, ...] = ()  # built output folders found


@dataclass(frozen=True)
class NetworkSettings:
    """How discovery reached the site; written to ``network:`` when it is not the default."""

    nameservers: tuple[str, ...] = ()
    resolve: Mapping[str, str] = field(default_factory=dict)
    ca_bundle: str | None = None


@dataclass(frozen=True)
class Findings:
    domain: str
    dns: DnsFacts
    mail: MailFacts
    web: WebFacts
    env: EnvFacts
    network: NetworkSettings
    queried: tuple[str, ...] = ()  # what was asked, one line per kind
    stopped: str | None = None  # a budget or deadline cut discovery short
