"""What visitors, crawlers, CDNs and payment providers meet (``http:`` in launchgate.yml).

Facts come from the run's HTTP client (``launchgate.net.http``); verdicts from the pure
judges in ``launchgate.web``. Rules live in ``launchgate.checks.http.rules``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from launchgate.checks.http import caching, edge, headers, redirects
from launchgate.checks.http.exposed import meta_csp
from launchgate.checks.http.exposed_run import Scope, probe_origin
from launchgate.checks.http.rules import (
    CACHEABLE_COOKIE,
    CANONICAL,
    CANONICAL_HSTS,
    CDN,
    COOKIES,
    CSP,
    EXPOSED,
    FRAME,
    HSTS,
    JSON,
    NOSNIFF,
    REDIRECT,
    REFERRER,
    RULES,
    SERVER_BANNER,
    STATIC_CACHE,
    STATIC_CDN_HIT,
    STATIC_COMPRESS,
    STATIC_COOKIE,
    STATUS,
    WEBHOOK,
)  # fmt: skip
from launchgate.checks.lookup_errors import UNREACHED_FIX, explain_lookup_errors
from launchgate.checks.verdict import Verdict, to_result
from launchgate.config.model import Endpoint, GateConfig, HttpConfig, Redirect
from launchgate.core.model import Result
from launchgate.core.rules import Check, Rule, RunContext
from launchgate.net.http import FetchError, HttpClient, Response, get_client

__all__ = ["RULES", "plan"]

WEBHOOK_BODY = json.dumps({"id": "evt_launchgate_probe", "type": "launchgate.probe"}).encode()


def plan(config: GateConfig) -> list[Check]:
    if config.http is None:
        return []
    http, t = config.http, config.timeout
    checks: list[Check] = []
    if http.canonical:
        run = partial(run_canonical, canonical=http.canonical, covered=covered_by_endpoints(http))
        checks.append(Check(CANONICAL, run, http.canonical, "http.canonical", timeout=30 * t + 5))
    for i, r in enumerate(http.redirects):
        run = partial(run_redirect, redirect=r)
        checks.append(Check(REDIRECT, run, r.from_, f"http.redirects.{i}", timeout=12 * t + 5))
    for i, e in enumerate(http.endpoints):
        run = partial(run_endpoint, endpoint=e)
        checks.append(Check(STATUS, run, e.url, f"http.endpoints.{i}", timeout=t + 5))
    checks += _per_url(STATIC_CACHE, run_static, http.static, "http.static", 2 * t + 5)
    checks += _per_url(WEBHOOK, run_webhook, http.webhooks, "http.webhooks", t + 5)
    return explain_lookup_errors(checks + _per_origin(config, http, t), RULES, UNREACHED_FIX)


def same_page(a: str, b: str) -> bool:
    """``https://www.a.test`` and ``https://WWW.a.test/`` are one page."""
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme.lower(), x.netloc.lower(), x.path or "/", x.query) == (
        y.scheme.lower(),
        y.netloc.lower(),
        y.path or "/",
        y.query,
    )


def covered_by_endpoints(http: HttpConfig) -> frozenset[str]:
    """What the endpoints already judge on the canonical page: "cookies", "hsts".

    The canonical check leaves those to them, so one problem is reported once.
    """
    assert http.canonical
    mine = [e for e in http.endpoints if same_page(e.url, http.canonical)]
    found = {"cookies"} if mine else set()
    if any("security" in e.headers for e in mine):
        found.add("hsts")
    return frozenset(found)


def _per_url(rule: Rule, run: Any, urls: tuple[str, ...], key: str, timeout: float) -> list[Check]:
    return [
        Check(rule, partial(run, url=url), url, f"{key}.{i}", timeout=timeout)
        for i, url in enumerate(urls)
    ]


def _per_origin(config: GateConfig, http: HttpConfig, t: float) -> list[Check]:
    checks: list[Check] = []
    tls_hosts = config.tls.hosts if config.tls else ()
    for origin in exposed_origins(http, tls_hosts):
        if http.exposed:
            run = partial(run_exposed, origin=origin, pages=page_urls(http))
            checks.append(Check(EXPOSED, run, origin, "http.exposed", timeout=40 * t + 5))
        if config.dns and config.dns.cdn == "cloudflare":
            run = partial(run_cdn, origin=origin)
            checks.append(Check(CDN, run, origin, "dns.cdn", timeout=t + 5))
    return checks


def _all_urls(http: HttpConfig) -> list[str]:
    urls = [http.canonical] if http.canonical else []
    urls += [r.from_ for r in http.redirects] + [r.to for r in http.redirects]
    return urls + [e.url for e in http.endpoints] + list(http.static) + list(http.webhooks)


def page_urls(http: HttpConfig) -> list[str]:
    """Pages whose scripts are looked at for source maps (plus static JavaScript)."""
    pages = [http.canonical] if http.canonical else []
    return list(dict.fromkeys(pages + [e.url for e in http.endpoints] + list(http.static)))


def exposed_origins(http: HttpConfig, tls_hosts: tuple[str, ...] = ()) -> list[str]:
    """One origin per host named in the http section (https preferred over http), then
    ``https://`` of each ``tls.hosts`` entry not named there (they serve HTTPS too)."""
    found: dict[str, str] = {}
    for url in _all_urls(http):
        host = urlsplit(url).netloc.lower()
        scheme = urlsplit(url).scheme.lower()
        if host not in found or scheme == "https":
            found[host] = f"{scheme}://{host}"
    for name in tls_hosts:
        host = name.lower().removesuffix(":443")
        found.setdefault(host, f"https://{host}")
    return list(found.values())


def _fetch_failure(rule: Any, error: FetchError, target: str) -> Result:
    return to_result(rule, redirects.failure_verdict(error, target), target)


def run_canonical(
    ctx: RunContext, canonical: str, covered: frozenset[str] = frozenset()
) -> Iterator[Result]:
    client = get_client(ctx)
    own = redirects.origin(canonical)
    expected = own + redirects.PROBE_PATH
    apex = redirects.registered_domain(urlsplit(canonical).hostname or "")
    variants = redirects.canonical_variants(canonical, apex)
    # All at once: a server that hangs costs one timeout, not one per variant.
    with ThreadPoolExecutor(len(variants) + 1) as pool:
        page = pool.submit(_fetch, client, canonical)
        chains = list(pool.map(lambda v: client.follow(v + redirects.PROBE_PATH), variants))
        resp = page.result()
    if isinstance(resp, FetchError):
        yield _fetch_failure(CANONICAL, resp, canonical)
    else:
        yield from _canonical_page(resp, canonical, covered)
    for variant, chain in zip(variants, chains, strict=True):
        first = chain.hops[0] if chain.hops else None
        blocked = edge.blocked_by_bot_wall(first, variant) if first else None
        verdict = blocked or redirects.judge_variant(chain, expected, variant)
        yield to_result(
            CANONICAL, verdict, variant, {"chain": chain.as_data(), "expected": expected}
        )


def _fetch(client: HttpClient, url: str) -> Response | FetchError:
    try:
        response: Response = client.get(url)
    except FetchError as exc:
        return exc
    return response


def _canonical_page(resp: Response, canonical: str, covered: frozenset[str]) -> Iterator[Result]:
    """The canonical URL answers without redirecting, sends HSTS, sets no cacheable cookie."""
    blocked = edge.blocked_by_bot_wall(resp, canonical)
    verdict = blocked or redirects.judge_canonical_self(resp)
    yield to_result(CANONICAL, verdict, canonical, {"status": resp.status})
    if blocked:
        return  # the challenge page's headers say nothing about the site
    if "hsts" not in covered:
        https = urlsplit(canonical).scheme == "https"
        hsts = headers.judge_hsts(resp.header("strict-transport-security"), https)
        yield to_result(CANONICAL_HSTS, hsts, redirects.origin(canonical))
    if "cookies" not in covered:
        yield _cacheable_cookie(resp, canonical)


def run_redirect(ctx: RunContext, redirect: Redirect) -> Iterator[Result]:
    chain = get_client(ctx).follow(redirect.from_)
    verdict = redirects.judge_redirect(chain, redirect.to, redirect.status)
    yield to_result(
        REDIRECT, verdict, redirect.from_, {"chain": chain.as_data(), "to": redirect.to}
    )


def run_endpoint(ctx: RunContext, endpoint: Endpoint) -> Iterator[Result]:
    url = endpoint.url
    try:
        resp = get_client(ctx).get(url)
    except FetchError as exc:
        yield _fetch_failure(STATUS, exc, url)
        return
    status = judge_status(resp, endpoint.status)
    yield to_result(STATUS, status, url, {"status": resp.status})
    if status.status == "error":
        return  # a CDN/WAF challenge answered: its body and headers say nothing about the site
    if endpoint.json is not None:
        yield to_result(JSON, judge_json(resp, endpoint.json), url)
    if "security" in endpoint.headers:
        yield from _security_headers(resp, url)
    https = urlsplit(url).scheme == "https"
    yield to_result(COOKIES, headers.judge_cookies(resp.header_all("set-cookie"), https), url)
    yield _cacheable_cookie(resp, url)


def judge_status(resp: Response, expected: int) -> Verdict:
    blocked = edge.blocked_by_bot_wall(resp, resp.url) if resp.status != expected else None
    if blocked:
        return blocked
    if resp.status == expected:
        return Verdict("pass", f"{resp.url} answers {resp.status}")
    where = f" → {resp.location}" if resp.is_redirect else ""
    return Verdict(
        "fail", f"{resp.url} answers {resp.status} {resp.reason}{where}, expected {expected}"
    )


def json_mismatches(expected: Mapping[str, Any], actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` lacks the values of ``expected`` (nested mappings are searched)."""
    out: list[str] = []
    for key, want in expected.items():
        where = f"{path}.{key}" if path else str(key)
        if not isinstance(actual, dict) or key not in actual:
            out.append(f"{where}: missing")
        elif isinstance(want, Mapping):
            out += json_mismatches(want, actual[key], where)
        elif actual[key] != want:
            out.append(f"{where}: {json.dumps(actual[key])[:80]}, expected {json.dumps(want)}")
    return out


def judge_json(resp: Response, expected: Mapping[str, Any]) -> Verdict:
    if resp.truncated:
        return Verdict("fail", f"the body of {resp.url} is larger than the cap; not parsed")
    try:
        body = json.loads(resp.text.lstrip("\ufeff"))
    except ValueError:
        ctype = resp.header("content-type") or "no content type"
        return Verdict("fail", f"{resp.url} does not answer JSON ({ctype})")
    problems = json_mismatches(expected, body)
    if problems:
        return Verdict(
            "fail",
            f"{resp.url} answers JSON without the expected values: {problems[0]}",
            tuple(problems),
        )
    return Verdict("pass", f"{resp.url} answers the expected JSON")


def _security_headers(resp: Response, url: str) -> Iterator[Result]:
    https = urlsplit(url).scheme == "https"
    csp = "; ".join(resp.header_all("content-security-policy")) or None
    yield to_result(HSTS, headers.judge_hsts(resp.header("strict-transport-security"), https), url)
    yield to_result(NOSNIFF, headers.judge_nosniff(resp.header("x-content-type-options")), url)
    yield to_result(FRAME, headers.judge_frame(resp.header("x-frame-options"), csp), url)
    yield to_result(REFERRER, headers.judge_referrer(resp.header("referrer-policy")), url)
    report_only = resp.header("content-security-policy-report-only")
    is_html = "html" in (resp.header("content-type") or "")
    meta = meta_csp(resp.text) if is_html and csp is None else None
    yield to_result(CSP, headers.judge_csp(csp, report_only, meta), url)
    yield to_result(SERVER_BANNER, headers.judge_server_banner(resp.headers), url)


def _cacheable_cookie(resp: Response, url: str) -> Result:
    cookies = [
        c for c in map(headers.parse_set_cookie, resp.header_all("set-cookie")) if not c.deleting
    ]
    cacheable, why = caching.publicly_cacheable(resp)
    names = ", ".join(c.name for c in cookies)
    if cookies and cacheable:
        verdict = Verdict("fail", f"{url} sets cookie {names} and is publicly cacheable ({why})")
    elif cookies:
        verdict = Verdict("pass", f"{url} sets cookies but is not publicly cacheable ({why})")
    else:
        verdict = Verdict("pass", f"{url} sets no cookie")
    return to_result(CACHEABLE_COOKIE, verdict, url)


def run_static(ctx: RunContext, url: str) -> Iterator[Result]:
    client = get_client(ctx)
    accept = {"Accept-Encoding": "gzip, br"}
    try:
        resp = client.request(url, headers=accept)
    except FetchError as exc:
        yield _fetch_failure(STATIC_CACHE, exc, url)
        return
    if resp.status != 200:
        yield STATIC_CACHE.fail(f"{url} answers {resp.status} {resp.reason}, not the asset", url)
        return
    if _html_instead_of_asset(url, resp):
        yield STATIC_CACHE.fail(
            f"{url} answers an HTML page, not the asset: the file is probably missing (a "
            "single-page app or CDN answers 200 with index.html for unknown paths)",
            url,
            remediation="Check that the build output contains this file and that the URL in "
            "launchgate.yml is current (fingerprinted names change on every build).",
        )
        return
    yield to_result(STATIC_CACHE, caching.judge_static_cache(resp), url)
    yield to_result(STATIC_COMPRESS, caching.judge_compress(resp), url)
    yield to_result(STATIC_COOKIE, judge_static_cookie(resp), url)
    try:
        second = client.request(url, headers=accept)
    except FetchError as exc:
        yield _fetch_failure(STATIC_CDN_HIT, exc, url)
        return
    yield to_result(STATIC_CDN_HIT, caching.judge_cdn_hit(second), url)


ASSET_SUFFIXES = (".js", ".mjs", ".css", ".map", ".json", ".png", ".jpg", ".jpeg", ".gif",
                  ".webp", ".avif", ".svg", ".ico", ".woff", ".woff2", ".ttf", ".wasm")  # fmt: skip


def _html_instead_of_asset(url: str, resp: Response) -> bool:
    path = urlsplit(url).path.lower()
    html = "html" in (resp.header("content-type") or "").lower()
    return html and path.endswith(ASSET_SUFFIXES)


def judge_static_cookie(resp: Response) -> Verdict:
    cookies = [headers.parse_set_cookie(v).name for v in resp.header_all("set-cookie")]
    if not cookies:
        return Verdict("pass", "the asset sets no cookie")
    cacheable, why = caching.edge_lifetime(resp)
    if cacheable or caching.publicly_cacheable(resp)[0]:
        return Verdict(
            "fail", f"the cacheable asset sets cookie {', '.join(cookies)}: a CDN would share it"
        )
    return Verdict("warn", f"the asset sets cookie {', '.join(cookies)} (not cached now: {why})")


def run_exposed(ctx: RunContext, origin: str, pages: list[str]) -> Iterator[Result]:
    http = ctx.config.http
    assert http is not None
    hosts = frozenset(h for url in _all_urls(http) for h in _hosts(url))
    scope = ctx.shared(
        "http.exposed.scope", lambda: Scope(hosts, ctx.config.domain, ctx.redactor.add)
    )
    yield from probe_origin(get_client(ctx), origin, pages, scope)


def _hosts(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower(), (parts.hostname or "").lower()


def run_webhook(ctx: RunContext, url: str) -> Iterator[Result]:
    request_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    answer: Response | FetchError
    try:
        answer = get_client(ctx).request(
            url, "POST", request_headers, WEBHOOK_BODY, max_body=256 * 1024
        )
    except FetchError as exc:
        answer = exc
    data = {"status": answer.status} if isinstance(answer, Response) else {"error": answer.kind}
    yield to_result(WEBHOOK, edge.judge_webhook(answer), url, data)


def run_cdn(ctx: RunContext, origin: str) -> Iterator[Result]:
    try:
        resp = get_client(ctx).get(origin + "/")
    except FetchError as exc:
        yield to_result(
            CDN, Verdict("error", f"{origin} could not be checked: {exc.message}"), origin
        )
        return
    yield to_result(
        CDN,
        edge.judge_cloudflare(resp),
        origin,
        {"server": resp.header("server"), "cf_ray": resp.header("cf-ray")},
    )
