"""launchgate.yml as typed, frozen objects. The loader lives in ``configload.py``.

Every field's ``doc`` is what ``launchgate schema`` and the README's config reference say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from launchgate.config.convert import (
    Duration,
    Hostname,
    HostPort,
    IPAddress,
    NameServer,
    Percent,
    PinKey,
    PinTarget,
    Regex,
    Size,
    Url,
)
from launchgate.config.monitoring import MonitorConfig, NotifyConfig
from launchgate.core.model import Severity

SeverityName = Literal["critical", "high", "medium", "low", "info"]
FailOn = Literal["critical", "high", "medium", "low"]


def doc(text: str, **extra: Any) -> Any:
    return {"doc": text, **extra}


@dataclass(frozen=True)
class NetworkConfig:
    """How launchgate reaches the network."""

    nameservers: tuple[NameServer, ...] = field(
        default=(),
        metadata=doc('Resolvers by address, "ip" or "ip:port"; default: the system resolver'),
    )
    resolve: Mapping[PinKey, PinTarget] = field(
        default_factory=dict,
        metadata=doc(
            "Pin host names to addresses for HTTP/TLS checks, like curl --resolve; "
            '"host:port": "address:port" also moves the port, like curl --connect-to'
        ),
    )
    ca_bundle: str | None = field(
        default=None, metadata=doc("Extra PEM bundle trusted for TLS besides the system store")
    )


@dataclass(frozen=True)
class EnvVar:
    """One environment variable the deploy needs."""

    required: bool = field(default=True, metadata=doc("Missing or empty fails the gate"))
    pattern: Regex | None = field(default=None, metadata=doc("Regex the value must match"))
    forbid: tuple[Regex, ...] = field(default=(), metadata=doc("Regexes the value must not match"))
    secret: bool | None = field(
        default=None,
        metadata=doc(
            "true: never printed, its value is hunted for in artifacts; false: its value may "
            "be shown (never a recognised credential); unset: shown only if it passes"
        ),
    )
    owner: str | None = field(default=None, metadata=doc("Who owns it (inventory)"))
    purpose: str | None = field(default=None, metadata=doc("What it is for (inventory)"))


@dataclass(frozen=True)
class EnvConfig:
    """Environment variables of the deploy."""

    files: tuple[str, ...] = field(
        default=(), metadata=doc("Dotenv files read in addition to the process environment")
    )
    distinct_from: tuple[str, ...] = field(
        default=(), metadata=doc("No secret var may share its value with these files")
    )
    example: str | None = field(
        default=None,
        metadata=doc("Every required var must be listed in this file, and nothing stale"),
    )
    vars: Mapping[str, EnvVar] = field(
        default_factory=dict, metadata=doc("Variables by name; each is required unless said not")
    )


@dataclass(frozen=True)
class SecretsConfig:
    """Secret scanning of the repository, built artifacts and logs."""

    paths: tuple[str, ...] = field(
        default=(".",),
        metadata=doc("Scanned as git sees them (tracked files), or all files outside git"),
    )
    exclude: tuple[str, ...] = field(default=(), metadata=doc("Glob patterns left out of the scan"))
    baseline: str | None = field(
        default=None, metadata=doc("detect-secrets baseline: audited findings do not fail")
    )
    artifacts: tuple[str, ...] = field(
        default=(), metadata=doc("Built output: secrets, values of secret env vars, source maps")
    )
    logs: tuple[str, ...] = field(
        default=(), metadata=doc("Log globs scanned for tokens and personal data")
    )
    max_file_size: Size = field(
        default=1024 * 1024,
        metadata=doc("Files larger than this are skipped (e.g. 1MiB)", range=(1, 2**30)),
    )


@dataclass(frozen=True)
class DnsRecord:
    """An exact answer set expected for one name and type."""

    name: Hostname = field(metadata=doc("Owner name", required=True))
    type: str = field(metadata=doc("Record type: A, AAAA, CNAME, MX, TXT, NS, CAA…", required=True))
    values: tuple[str, ...] = field(metadata=doc("Expected answers, any order", required=True))

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", self.type.upper())


@dataclass(frozen=True)
class DnsConfig:
    """DNS records of the domain."""

    records: tuple[DnsRecord, ...] = field(default=(), metadata=doc("Exact answer sets expected"))
    subdomains: tuple[str, ...] = field(
        default=(),
        metadata=doc("Approved subdomains: each must resolve; none may dangle; no CNAME conflicts"),
    )
    caa: tuple[str, ...] | None = field(
        default=None, metadata=doc("CAA must exist and allow only these issuers")
    )
    cdn: Literal["cloudflare"] | None = field(
        default=None, metadata=doc("Public hosts must be served through this CDN")
    )
    cdn_ranges: str | None = field(
        default=None, metadata=doc("File of CIDR ranges replacing the shipped list of the CDN")
    )


@dataclass(frozen=True)
class SpfConfig:
    """SPF (RFC 7208)."""

    senders: tuple[str, ...] | None = field(
        default=None, metadata=doc("Only these top-level terms may authorize senders")
    )
    all: Literal["fail", "softfail"] = field(
        default="softfail",
        metadata=doc("Required final qualifier: fail (-all) or softfail (~all or -all)"),
    )
    authorize: tuple[IPAddress, ...] = field(
        default=(), metadata=doc('These sending IPs must get "pass" from check_host')
    )


@dataclass(frozen=True)
class DkimConfig:
    """DKIM keys by selector."""

    selectors: tuple[str, ...] = field(default=(), metadata=doc("Selectors whose keys must exist"))
    min_key_bits: int = field(
        default=1024, metadata=doc("Smallest acceptable RSA key size", range=(512, 16384))
    )


@dataclass(frozen=True)
class DmarcConfig:
    """DMARC (RFC 7489)."""

    policy: Literal["none", "quarantine", "reject"] = field(
        default="none", metadata=doc("Weakest acceptable p= (none < quarantine < reject)")
    )
    rua: Literal["required", "optional"] = field(
        default="optional",
        metadata=doc("required: aggregate reports must go somewhere that accepts them"),
    )


@dataclass(frozen=True)
class EmailConfig:
    """Email authentication of the domain."""

    mx: bool | tuple[Hostname, ...] = field(
        default=False, metadata=doc("MX records must exist (or a list of expected exchanges)")
    )
    spf: SpfConfig | None = field(default=None, metadata=doc("SPF checks"))
    dkim: DkimConfig | None = field(default=None, metadata=doc("DKIM checks"))
    dmarc: DmarcConfig | None = field(default=None, metadata=doc("DMARC checks"))


@dataclass(frozen=True)
class TlsConfig:
    """TLS certificates and protocols."""

    hosts: tuple[HostPort, ...] = field(
        default=(), metadata=doc("Hosts to check (plus every https host named elsewhere)")
    )
    min_days: int = field(
        default=14, metadata=doc("Certificate must stay valid this long", range=(0, 3650))
    )
    min_version: Literal["TLSv1.2", "TLSv1.3"] = field(
        default="TLSv1.2", metadata=doc("Older protocols must be refused")
    )


@dataclass(frozen=True)
class Redirect:
    """A redirect that must exist."""

    from_: Url = field(metadata=doc("Where it starts", key="from", required=True))
    to: Url = field(metadata=doc("Where it must end", required=True))
    status: tuple[int, ...] = field(
        default=(301, 308), metadata=doc("Allowed redirect statuses", range=(300, 399))
    )


@dataclass(frozen=True)
class Endpoint:
    """A page or API that must answer."""

    url: Url = field(metadata=doc("The URL", required=True))
    status: int = field(default=200, metadata=doc("Expected status", range=(100, 599)))
    headers: tuple[Literal["security"], ...] = field(
        default=(),
        metadata=doc("security: HSTS, nosniff, frame protection, referrer policy, CSP"),
    )
    json: Mapping[str, Any] | None = field(
        default=None, metadata=doc("Body must be JSON containing these values")
    )


@dataclass(frozen=True)
class HttpConfig:
    """What visitors, crawlers, CDNs and payment providers meet."""

    canonical: Url | None = field(
        default=None,
        metadata=doc("Every scheme/host variant must reach it in one 301/308 hop"),
    )
    redirects: tuple[Redirect, ...] = field(default=(), metadata=doc("Redirects that must exist"))
    endpoints: tuple[Endpoint, ...] = field(default=(), metadata=doc("Pages and APIs to check"))
    static: tuple[Url, ...] = field(
        default=(),
        metadata=doc("Must be cacheable at the edge, compressed, and set no cookie"),
    )
    exposed: bool = field(
        default=False,
        metadata=doc("Probe every host for /.env, /.git/HEAD, source maps and the like"),
    )
    webhooks: tuple[Url, ...] = field(
        default=(), metadata=doc("Must answer a plain POST without a CDN challenge")
    )


@dataclass(frozen=True)
class PerfEndpoint:
    """An endpoint with a latency budget."""

    url: Url = field(metadata=doc("The URL", required=True))
    p95: Duration = field(
        metadata=doc("Budget for the 95th percentile", required=True, range=(0.001, 600.0))
    )
    status: int = field(
        default=200, metadata=doc("Expected status of every sample", range=(100, 599))
    )


@dataclass(frozen=True)
class LighthouseConfig:
    """A Lighthouse performance audit."""

    url: Url = field(metadata=doc("Page to audit", required=True))
    min_score: int = field(
        default=85, metadata=doc("Lowest acceptable performance score", range=(0, 100))
    )
    form_factor: Literal["mobile", "desktop"] = field(
        default="mobile", metadata=doc("Device emulated")
    )


@dataclass(frozen=True)
class PerformanceConfig:
    """Latency budgets, run after every other check."""

    samples: int = field(
        default=20, metadata=doc("Measured requests per endpoint", range=(1, 10_000))
    )
    warmup: int = field(
        default=2, metadata=doc("Requests sent first and not counted", range=(0, 1000))
    )
    concurrency: int = field(
        default=1, metadata=doc("Parallel workers per endpoint", range=(1, 256))
    )
    endpoints: tuple[PerfEndpoint, ...] = field(default=(), metadata=doc("Endpoints and budgets"))
    baseline: str | None = field(default=None, metadata=doc("Earlier run's figures (JSON)"))
    max_regression: Percent | None = field(
        default=None,
        metadata=doc("p95 may not grow more than this against the baseline", range=(0.0, 100.0)),
    )
    connections: Literal["reuse", "fresh"] = field(
        default="reuse",
        metadata=doc("fresh: a new connection (and TLS handshake) for every sample"),
    )
    max_errors: int = field(
        default=0, metadata=doc("Failed requests allowed per endpoint", range=(0, 10_000))
    )
    lighthouse: LighthouseConfig | None = field(
        default=None, metadata=doc("Lighthouse audit (needs lighthouse and Chrome)")
    )


@dataclass(frozen=True)
class ConfigSource:
    """Where the config came from, to point findings at its lines."""

    path: str | None
    locations: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, key_path: str) -> int | None:
        """Line of ``key_path`` (e.g. ``dns.records.0``), else of its nearest configured parent."""
        parts = key_path.split(".")
        while parts:
            found = self.locations.get(".".join(parts))
            if found:
                return found[0]
            parts.pop()
        root = self.locations.get("")
        return root[0] if root else None


SITE_SECTIONS = ("dns", "email", "tls", "http", "performance")


@dataclass(frozen=True)
class SiteConfig:
    """One site of a config that gates several.

    The top-level dns, email, tls, http and performance blocks are every site's defaults; a
    site's own block is merged over them key by key (a list replaces the default list, null
    turns the block off), and ``{domain}`` in any text becomes the site's domain.
    """

    domain: Hostname = field(metadata=doc("The site's registered domain", required=True))
    name: str = field(default="", metadata=doc("Shown in reports (default: the domain)"))
    dns: DnsConfig | None = field(
        default=None,
        metadata=doc("The site's dns block, merged over the top-level one", same_as="dns"),
    )
    email: EmailConfig | None = field(
        default=None,
        metadata=doc("The site's email block, merged over the top-level one", same_as="email"),
    )
    tls: TlsConfig | None = field(
        default=None,
        metadata=doc("The site's tls block, merged over the top-level one", same_as="tls"),
    )
    http: HttpConfig | None = field(
        default=None,
        metadata=doc("The site's http block, merged over the top-level one", same_as="http"),
    )
    performance: PerformanceConfig | None = field(
        default=None,
        metadata=doc(
            "The site's performance block, merged over the top-level one", same_as="performance"
        ),
    )

    @property
    def label(self) -> str:
        return self.name or self.domain


@dataclass(frozen=True)
class GateConfig:
    """The complete configuration of one deploy gate."""

    version: Literal[1] = field(metadata=doc("Format version; always 1", required=True))
    project: str = field(default="", metadata=doc("Shown in every report"))
    domain: Hostname | None = field(
        default=None, metadata=doc("Registered domain: dns and email checks start here")
    )
    environment: str = field(
        default="production",
        metadata=doc("Environment this gate guards (debug flags fail in production)"),
    )
    fail_on: FailOn = field(default="high", metadata=doc("Lowest severity that fails the build"))
    timeout: Duration = field(
        default=10.0, metadata=doc("Default for one network operation", range=(0.001, 600.0))
    )
    severity: Mapping[str, SeverityName] = field(
        default_factory=dict, metadata=doc("Per-check severity overrides by check id (globs)")
    )
    ignore: tuple[str, ...] = field(default=(), metadata=doc("Check ids (globs) not reported"))
    network: NetworkConfig = field(default_factory=NetworkConfig, metadata=doc("Network access"))
    env: EnvConfig | None = field(default=None, metadata=doc("Environment variable checks"))
    secrets: SecretsConfig | None = field(default=None, metadata=doc("Secret scanning"))
    dns: DnsConfig | None = field(default=None, metadata=doc("DNS checks"))
    email: EmailConfig | None = field(default=None, metadata=doc("Email authentication checks"))
    tls: TlsConfig | None = field(default=None, metadata=doc("TLS checks"))
    http: HttpConfig | None = field(default=None, metadata=doc("HTTP checks"))
    performance: PerformanceConfig | None = field(default=None, metadata=doc("Latency budgets"))
    monitor: MonitorConfig | None = field(
        default=None, metadata=doc("`launchgate watch`: interval, areas, confirmation, state")
    )
    notify: NotifyConfig | None = field(
        default=None, metadata=doc("Alerts of `watch` and `check --notify`: chat and email")
    )
    sites: tuple[SiteConfig, ...] = field(
        default=(),
        metadata=doc(
            "Several sites in one gate: each names its domain; the blocks above are their defaults"
        ),
    )
    source: ConfigSource = field(
        default_factory=lambda: ConfigSource(None),
        metadata={"internal": True},
        compare=False,
    )

    def secret_values(self) -> list[str]:
        """Secrets the config itself holds, known to the redactor before anything runs."""
        return self.notify.secret_values() if self.notify else []

    @property
    def fail_on_severity(self) -> Severity:
        return Severity(self.fail_on)

    def https_hosts(self) -> list[str]:
        """Every ``host[:port]`` of an https URL anywhere in the config, in order of appearance."""
        from urllib.parse import urlsplit

        urls: list[str] = []
        if self.http:
            urls += [self.http.canonical or ""]
            urls += [r.from_ for r in self.http.redirects] + [r.to for r in self.http.redirects]
            urls += [e.url for e in self.http.endpoints] + list(self.http.static)
            urls += list(self.http.webhooks)
        if self.performance:
            urls += [e.url for e in self.performance.endpoints]
        hosts: list[str] = []
        for url in urls:
            parts = urlsplit(url)
            host = parts.netloc.rpartition("@")[2].lower()
            if parts.scheme == "https" and host and host not in hosts:
                hosts.append(host)
        return hosts
