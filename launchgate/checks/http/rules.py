"""The rules of the HTTP family (what, why, how to fix): ``launchgate explain`` and SARIF read them."""

from __future__ import annotations

from launchgate.core.model import Severity
from launchgate.core.rules import Rule

C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW

CANONICAL = Rule(
    "http.canonical", "Canonical origin", H,
    "Every scheme and host variant (http/https, apex/www) reaches the canonical origin in exactly "
    "one 301 or 308 hop keeping path and query, and the canonical URL answers without redirecting.",
    "Duplicate pages split search ranking, temporary or multi-hop redirects waste crawl budget and "
    "slow every first visit, and a lost path or query breaks shared links and ad tracking.",
    "Redirect every variant straight to the canonical origin with a 301, keeping the request URI, "
    "e.g. nginx `return 301 https://www.example.com$request_uri;` in the other server blocks.",
)  # fmt: skip
CANONICAL_HSTS = Rule(
    "http.canonical.hsts", "HSTS on the canonical origin", H,
    "The canonical origin sends Strict-Transport-Security with a max-age of at least 180 days.",
    "Without HSTS a visitor's first http request can be intercepted and downgraded.",
    "Add `Strict-Transport-Security: max-age=31536000; includeSubDomains` to https responses "
    "(nginx: `add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;`).",
)  # fmt: skip
REDIRECT = Rule(
    "http.redirect", "Redirect", H,
    "A configured `from` URL reaches its `to` URL with allowed statuses (default 301/308), without "
    "loops or more than 10 hops.",
    "Broken or temporary redirects lose visitors and search ranking of moved pages.",
    "Add a permanent redirect from the old URL straight to the new one (one hop).",
)  # fmt: skip
STATUS = Rule(
    "http.status", "Endpoint status", H,
    "The endpoint answers with the expected status, without redirecting.",
    "A page or API that errors, redirects or times out is down for its users.",
    "Fix the route or the deployment so that the URL answers the expected status directly.",
)  # fmt: skip
JSON = Rule(
    "http.json", "Endpoint JSON", H,
    "The endpoint's body is JSON with the expected values at the expected (nested) keys.",
    "A health or API endpoint that answers 200 with the wrong content hides an outage.",
    "Make the endpoint return the expected JSON; check its dependencies (database, config).",
)  # fmt: skip
HSTS = Rule(
    "http.headers.hsts", "Strict-Transport-Security", H,
    "The page sends HSTS with a max-age of at least 180 days (15552000 seconds).",
    "HSTS makes browsers refuse plain http, closing SSL-stripping attacks on public Wi-Fi.",
    "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every https response.",
)  # fmt: skip
NOSNIFF = Rule(
    "http.headers.nosniff", "X-Content-Type-Options", M,
    "The page sends `X-Content-Type-Options: nosniff`.",
    "Without it browsers may guess content types and run uploaded files as scripts.",
    "Send `X-Content-Type-Options: nosniff` on every response (nginx: `add_header ... always;`).",
)  # fmt: skip
FRAME = Rule(
    "http.headers.frame", "Frame protection", M,
    "The page forbids framing by other sites: `X-Frame-Options: DENY|SAMEORIGIN` or CSP "
    "`frame-ancestors`.",
    "A page that can be framed can be used for clickjacking (tricking users into clicks).",
    "Send `Content-Security-Policy: frame-ancestors 'self'` (or `X-Frame-Options: DENY`).",
)  # fmt: skip
REFERRER = Rule(
    "http.headers.referrer", "Referrer-Policy", M,
    "The page sends a Referrer-Policy other than `unsafe-url`.",
    "Without it full URLs (with tokens or search terms in the query) can leak to other sites.",
    "Send `Referrer-Policy: strict-origin-when-cross-origin`.",
)  # fmt: skip
CSP = Rule(
    "http.headers.csp", "Content-Security-Policy", M,
    "The page sends a Content-Security-Policy that restricts scripts (default-src or script-src).",
    "A CSP is the main defence in depth against cross-site scripting.",
    "Start with `Content-Security-Policy: default-src 'self'` (in report-only mode first if "
    "needed), then list the third-party origins the page really uses.",
)  # fmt: skip
SERVER_BANNER = Rule(
    "http.headers.server_banner", "Software version banner", L,
    "Server, X-Powered-By and X-AspNet-Version headers do not reveal software versions.",
    "Version banners tell attackers which known vulnerabilities to try.",
    "Hide versions: nginx `server_tokens off;`, Express `app.disable('x-powered-by')`, PHP "
    "`expose_php = Off`.",
)  # fmt: skip
COOKIES = Rule(
    "http.cookies", "Cookie flags", H,
    "Cookies set over https are Secure, session-looking cookies are HttpOnly, and every cookie has "
    "SameSite.",
    "Cookies without these flags can be stolen over plain http, by injected scripts, or sent "
    "along with cross-site requests (CSRF).",
    "Set cookies with `Secure; HttpOnly; SameSite=Lax` (your framework's session settings).",
)  # fmt: skip
STATIC_CACHE = Rule(
    "http.static.cache", "Static asset caching", M,
    "The asset is cacheable at the edge: Cache-Control public or a max-age/s-maxage of at least a "
    "day, or immutable.",
    "Uncached assets make every visit slower and put all the load on your origin.",
    "Serve fingerprinted assets with `Cache-Control: public, max-age=31536000, immutable`.",
)  # fmt: skip
STATIC_COMPRESS = Rule(
    "http.static.compress", "Static asset compression", M,
    "Text assets are compressed (gzip, br or zstd) when the client accepts it.",
    "Uncompressed JavaScript and CSS are often 3-5 times larger: slower first visits on mobile.",
    "Enable compression for text types (nginx: `gzip on; gzip_types text/css application/javascript "
    "application/json image/svg+xml;`) or let the CDN compress.",
)  # fmt: skip
STATIC_COOKIE = Rule(
    "http.static.cookie", "Cookie on a cached asset", C,
    "A cacheable static response sets no cookie.",
    "A CDN would store the Set-Cookie with the asset and hand one visitor's session to the next.",
    "Do not run session middleware for static paths; serve assets from a cookie-free path or host.",
)  # fmt: skip
STATIC_CDN_HIT = Rule(
    "http.static.cdn_hit", "CDN cache hit", L,
    "On a second request a CDN cache header (cf-cache-status, x-cache, age) shows a hit.",
    "If repeated views still hit the origin, the CDN gives no speed or load benefit for the asset.",
    "Make the asset cacheable (Cache-Control) and check the CDN's cache rules for this path.",
)  # fmt: skip
CACHEABLE_COOKIE = Rule(
    "http.cacheable_cookie", "Cookie on a publicly cacheable page", C,
    "A page that sets a cookie is not publicly cacheable (no public, s-maxage or max-age without "
    "private).",
    "A shared cache would store the page with its Set-Cookie and give one user's session to others.",
    "Mark pages that set cookies `Cache-Control: private, no-store`, or stop setting the cookie there.",
)  # fmt: skip
EXPOSED = Rule(
    "http.exposed", "Exposed files", C,
    "No public host serves /.env, /.git, .DS_Store, server-status, phpinfo or JavaScript source "
    "maps (judged by content, not by status).",
    "These files give away secrets, the whole source code or the server's internals.",
    "Remove the file from the web root (rebuild without it) and block dotfiles, e.g. nginx "
    "`location ~ /\\. { deny all; }`; rotate every secret a leaked file contained.",
)  # fmt: skip
WEBHOOK = Rule(
    "http.webhook", "Webhook reachability", H,
    "A plain POST with a JSON body and no cookies reaches the application: no CDN challenge, no "
    "redirect, no TLS failure, no 5xx (a 400/401 for the missing signature is fine).",
    "Payment and other providers cannot solve challenges or follow redirects: events are lost.",
    "Exempt the webhook path from bot protection/WAF challenges, use the final URL (no redirect) in "
    "the provider's settings, and keep the route up.",
)  # fmt: skip
CDN = Rule(
    "http.cdn", "Served through Cloudflare", H,
    "A host said to be behind Cloudflare (dns.cdn) answers with `server: cloudflare` and a "
    "`cf-ray` header.",
    "If traffic bypasses the CDN, its protection and caching do nothing and the origin is exposed.",
    "Turn the proxy on (orange cloud) for this DNS record, or point it at Cloudflare.",
)  # fmt: skip

SECURITY_HEADER_RULES = (HSTS, NOSNIFF, FRAME, REFERRER, CSP, SERVER_BANNER)

RULES = [
    CANONICAL, CANONICAL_HSTS, REDIRECT, STATUS, JSON, *SECURITY_HEADER_RULES, COOKIES,
    STATIC_CACHE, STATIC_COMPRESS, STATIC_COOKIE, STATIC_CDN_HIT, CACHEABLE_COOKIE, EXPOSED,
    WEBHOOK, CDN,
]  # fmt: skip
