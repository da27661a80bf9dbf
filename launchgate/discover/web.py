"""Gather the web facts: canonical origin, TLS hosts, pages, health answers, assets, latency.

Judgements reuse the gate's own pure functions (redirect variants, security headers, caching),
so what discovery calls "passes today" is what the gate will say.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from launchgate.checks.http import caching, headers, redirects
from launchgate.checks.performance.measure import Plan, measure
from launchgate.discover import pages
from launchgate.discover.model import Health, Page, Redirect, Timing, WebFacts
from launchgate.discover.probe import BudgetSpent, Probe
from launchgate.net.http import Chain, FetchError, Response
from launchgate.net.timed import ClientOptions
from launchgate.net.url import Target

HEALTH_PATHS = ("/health", "/healthz", "/api/health", "/status")
MAX_HEALTH_HOSTS = 6
MAX_ASSETS = 3
MAX_API_READS = 3
MAX_REDIRECT_LINKS = 5
LATENCY_SAMPLES = 10


def origin(url: str) -> str:
    return redirects.origin(url)


def end_of(chain: Chain) -> str | None:
    """The origin a chain ends at (where its last redirect points, when it stopped on one)."""
    if not chain.hops:
        return None
    last = chain.hops[-1]
    return origin((last.location if last.is_redirect else None) or last.url)


def choose_canonical(chains: Sequence[Chain]) -> str | None:
    """The origin where most variants end (https preferred on a tie), or None."""
    ends = [end for end in map(end_of, chains) if end is not None]
    if not ends:
        return None
    counts = Counter(ends)
    return max(counts, key=lambda o: (counts[o], o.startswith("https://"), -ends.index(o)))


def security_missing(resp: Response) -> tuple[str, ...]:
    """Which of the security headers the gate asks for (``headers: [security]``) fail today."""
    https = urlsplit(resp.url).scheme == "https"
    csp = "; ".join(resp.header_all("content-security-policy")) or None
    verdicts = {
        "Strict-Transport-Security": headers.judge_hsts(
            resp.header("strict-transport-security"), https
        ),
        "X-Content-Type-Options": headers.judge_nosniff(resp.header("x-content-type-options")),
        "frame protection": headers.judge_frame(resp.header("x-frame-options"), csp),
        "Referrer-Policy": headers.judge_referrer(resp.header("referrer-policy")),
        "Content-Security-Policy": headers.judge_csp(
            csp, resp.header("content-security-policy-report-only")
        ),
    }
    return tuple(name for name, v in verdicts.items() if v.status != "pass")


def cookie_trouble(resp: Response) -> bool:
    https = urlsplit(resp.url).scheme == "https"
    if headers.judge_cookies(resp.header_all("set-cookie"), https).status != "pass":
        return True
    return bool(resp.header_all("set-cookie")) and caching.publicly_cacheable(resp)[0]


def good_asset(resp: Response) -> bool:
    """Cacheable at the edge, compressed, no cookie: what ``http.static`` will require."""
    return (
        resp.status == 200
        and caching.judge_static_cache(resp).status == "pass"
        and caching.judge_compress(resp).status == "pass"
        and not resp.header_all("set-cookie")
    )


class WebGatherer:
    """Walks the site within the probe's budget; ``facts()`` returns what it saw."""

    def __init__(self, probe: Probe, domain: str, hosts: Sequence[str]) -> None:
        self.probe = probe
        self.domain = domain
        self.hosts = list(hosts)
        self.canonical: str | None = None
        self.canonical_problems: list[str] = []
        self.pages: list[Page] = []
        self.tls_hosts: list[str] = []
        self.tls_problems: list[tuple[str, str]] = []
        self.linked: list[str] = []
        self.api_reads: list[str] = []
        self.static: list[str] = []
        self.health: list[Health] = []
        self.timings: list[Timing] = []
        self.redirects: list[Redirect] = []
        self.hsts: str | None = None
        self._links: list[tuple[str, str]] = []

    def gather(self) -> None:
        self._canonical()
        self._home_page()
        self._sitemap()
        self._tls_hosts()
        self._assets()
        self._redirect_links()
        self._health()
        self._latency()

    # -- steps ----------------------------------------------------------------------

    def _canonical(self) -> None:
        starts = [self.domain] + [h for h in self.hosts if h == f"www.{self.domain}"]
        variants = [f"{s}://{h}" for s in ("https", "http") for h in starts]
        chains = [self.probe.follow(v + redirects.PROBE_PATH) for v in variants]
        self.canonical = choose_canonical(chains)
        if self.canonical is None:
            return
        expected = self.canonical + redirects.PROBE_PATH
        for variant, chain in zip(variants, chains, strict=True):
            if variant == self.canonical:
                continue
            verdict = redirects.judge_variant(chain, expected, variant)
            if verdict.status != "pass":
                self.canonical_problems.append(verdict.message)

    def _home_page(self) -> None:
        if self.canonical is None:
            return
        answer = self.probe.fetch(self.canonical + "/")
        if isinstance(answer, FetchError):
            self.canonical_problems.append(f"{self.canonical}/ did not answer: {answer.message}")
            return
        if redirects.judge_canonical_self(answer).status != "pass":
            self.canonical_problems.append(redirects.judge_canonical_self(answer).message)
        self.hsts = answer.header("strict-transport-security")
        self.pages.append(self._page(answer))
        if pages.is_html(answer.header("content-type")):
            self._links = pages.page_links(answer.url, answer.text)
        csp = "; ".join(answer.header_all("content-security-policy"))
        self._learn_hosts(
            [u for _, u in self._links] + [f"https://{h}/" for h in pages.csp_hosts(csp)]
        )

    def _sitemap(self) -> None:
        if self.canonical is None:
            return
        robots = self.probe.fetch(self.canonical + "/robots.txt")
        maps = [self.canonical + "/sitemap.xml"]
        if isinstance(robots, Response) and robots.status == 200:
            maps = pages.robots_sitemaps(robots.text) or maps
        answer = self.probe.fetch(maps[0])
        if isinstance(answer, Response) and answer.status == 200:
            self._learn_hosts(pages.sitemap_urls(answer.text))

    def _tls_hosts(self) -> None:
        for host in [*self.hosts, *self.linked]:
            answer = self.probe.fetch(f"https://{host}/")
            if isinstance(answer, Response):
                self.tls_hosts.append(host)
            elif answer.kind == "tls":
                self.tls_problems.append((host, answer.message))

    def _assets(self) -> None:
        own = [u for tag, u in self._links if pages.is_asset(u) and self._own(u)]
        for url in list(dict.fromkeys(own))[:MAX_ASSETS]:
            answer = self.probe.fetch(url)
            if not isinstance(answer, Response):
                continue
            if good_asset(answer):
                self.static.append(url)
            if url.endswith((".js", ".mjs")):
                reads = [u for u in pages.script_urls(answer.text) if self._own(u)]
                self._learn_hosts(reads)
                self.api_reads.extend(u for u in reads if u not in self.api_reads)

    def _redirect_links(self) -> None:
        links = [u for tag, u in self._links if tag == "a" and self._own(u)]
        for url in list(dict.fromkeys(links))[:MAX_REDIRECT_LINKS]:
            answer = self.probe.fetch(url)
            if isinstance(answer, Response) and answer.status in redirects.PERMANENT:
                target = answer.location or ""
                if self._own(target):
                    self.redirects.append(Redirect(url, target, answer.status))

    def _health(self) -> None:
        hosts = [h for h in self.tls_hosts if h.split(".", 1)[0] in ("api", "app")]
        if self.canonical:
            hosts.insert(0, pages.host_of(self.canonical))
        for host in list(dict.fromkeys(hosts))[:MAX_HEALTH_HOSTS]:
            for path in HEALTH_PATHS:
                found = self._health_at(f"https://{host}{path}")
                if found is not None:
                    self.health.append(found)
                    break

    def _health_at(self, url: str) -> Health | None:
        answer = self.probe.fetch(url)
        if not isinstance(answer, Response) or answer.status != 200:
            return None
        if not pages.is_json(answer.header("content-type")):
            return None
        try:
            condition = pages.health_condition(json.loads(answer.text))
        except ValueError:
            return None
        self.pages.append(self._page(answer))
        return Health(url, condition)

    def _latency(self) -> None:
        """Today's p95 of the home page and the API reads the frontend makes."""
        urls = [self.canonical + "/"] if self.canonical else []
        reads = [u for u in self.api_reads if not pages.is_asset(u)][:MAX_API_READS]
        for url in reads:
            answer = self.probe.fetch(url)
            if isinstance(answer, Response) and answer.status == 200:
                urls.append(url)
        for url in urls:
            timing = self._measure(url)
            if timing is not None:
                self.timings.append(timing)

    def _measure(self, url: str) -> Timing | None:
        self.probe.spend_http(LATENCY_SAMPLES + 1)
        options = ClientOptions(
            timeout=self.probe.timeout,
            resolve=self.probe.connect_targets,
            ssl_context=self.probe.tls_context(),
        )
        result = measure(Target.parse(url), options, Plan(samples=LATENCY_SAMPLES, warmup=1))
        summary = result.summary()
        if summary is None or result.errors:
            return None
        return Timing(url, summary.p95, summary.count)

    # -- helpers --------------------------------------------------------------------

    def _own(self, url: str) -> bool:
        return pages.within(pages.host_of(url), self.domain)

    def _learn_hosts(self, urls: Iterable[str]) -> None:
        for host in pages.own_hosts(urls, self.domain):
            if host not in self.hosts and host not in self.linked:
                self.linked.append(host)

    def _page(self, resp: Response) -> Page:
        return Page(
            url=resp.url,
            status=resp.status,
            content_type=resp.header("content-type") or "",
            security_missing=security_missing(resp),
            hsts=resp.header("strict-transport-security"),
            cookie_trouble=cookie_trouble(resp),
        )

    def facts(self) -> WebFacts:
        return WebFacts(
            canonical=self.canonical,
            canonical_problems=tuple(self.canonical_problems),
            hsts=self.hsts,
            tls_hosts=tuple(self.tls_hosts),
            tls_problems=tuple(self.tls_problems),
            pages=tuple(self.pages),
            health=tuple(self.health),
            timings=tuple(self.timings),
            redirects=tuple(self.redirects),
            static=tuple(self.static),
            linked_hosts=tuple(self.linked),
        )


def gather_web(probe: Probe, domain: str, hosts: Sequence[str]) -> tuple[WebFacts, str | None]:
    """Web facts, and why gathering stopped early (a spent budget), if it did."""
    gatherer = WebGatherer(probe, domain, hosts)
    stopped = None
    try:
        gatherer.gather()
    except BudgetSpent as exc:
        stopped = str(exc)
    return gatherer.facts(), stopped
