"""Pure judgements of caching and compression (RFC 9111 Cache-Control, CDN cache headers)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from launchgate.checks.http.headers import directives
from launchgate.checks.verdict import Verdict
from launchgate.net.http import Response

DAY = 86400
MIN_COMPRESS_BYTES = 1024
TEXT_TYPES = (
    "text/",
    "javascript",
    "json",
    "xml",
    "svg",
    "wasm",
    "font/ttf",
    "font/otf",
    "ecmascript",
)
COMPRESSIONS = frozenset({"gzip", "br", "zstd", "deflate", "x-gzip"})
HIT_WORDS = ("hit", "stale", "revalidated", "updating")


def cache_control(resp: Response) -> dict[str, str]:
    return directives(",".join(resp.header_all("cache-control")))


def _seconds(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def expires_in(resp: Response) -> float | None:
    """Seconds between Date and Expires, when both parse."""
    try:
        expires = parsedate_to_datetime(resp.header("expires") or "")
        date = parsedate_to_datetime(resp.header("date") or "")
        return (expires - date).total_seconds()
    except (TypeError, ValueError):
        return None


def edge_lifetime(resp: Response) -> tuple[bool, str]:
    """Whether a shared cache (a CDN) may keep this response a day or more, and why."""
    cc = cache_control(resp)
    for blocker in ("no-store", "private", "no-cache"):
        if blocker in cc:
            return False, f"Cache-Control has {blocker}"
    if "immutable" in cc:
        return True, "Cache-Control immutable"
    if "public" in cc and ("max-age" in cc or "s-maxage" in cc):
        age = _seconds(cc.get("s-maxage") or cc.get("max-age"))
        return age >= DAY, f"Cache-Control public with a lifetime of {age}s"
    age = _seconds(cc.get("s-maxage")) or _seconds(cc.get("max-age"))
    if age:
        return age >= DAY, f"a cache lifetime of {age}s"
    if "public" in cc:
        return True, "Cache-Control public"
    ahead = expires_in(resp)
    if ahead is not None:
        return ahead >= DAY, f"Expires {ahead:.0f}s after Date"
    return False, "no Cache-Control or Expires header"


def judge_static_cache(resp: Response) -> Verdict:
    ok, why = edge_lifetime(resp)
    cc = ", ".join(resp.header_all("cache-control")) or "(none)"
    if ok:
        return Verdict("pass", f"cacheable at the edge: {why}", (f"Cache-Control: {cc}",))
    return Verdict("fail", f"not cacheable at the edge for a day: {why}", (f"Cache-Control: {cc}",))


def publicly_cacheable(resp: Response) -> tuple[bool, str]:
    """Whether a shared cache may store this response and serve it to other visitors."""
    cc = cache_control(resp)
    for blocker in ("no-store", "private"):
        if blocker in cc:
            return False, f"Cache-Control {blocker}"
    if "no-cache" in cc:
        return False, "Cache-Control no-cache"
    if "public" in cc or _seconds(cc.get("s-maxage")) > 0:
        return True, "Cache-Control " + ", ".join(resp.header_all("cache-control"))
    if _seconds(cc.get("max-age")) > 0:
        return True, f"Cache-Control max-age={cc['max-age']} without private"
    return False, "no shared-cache lifetime"


def is_text(content_type: str | None) -> bool:
    mime = (content_type or "").split(";")[0].strip().lower()
    return any(t in mime for t in TEXT_TYPES)


def judge_compress(resp: Response) -> Verdict:
    """Judged on a response to a request that offered ``gzip, br``."""
    mime = (resp.header("content-type") or "").split(";")[0].strip() or "no content type"
    encoding = (resp.header("content-encoding") or "").strip().lower()
    if encoding in COMPRESSIONS:
        return Verdict("pass", f"{mime} sent {encoding}-compressed")
    if not is_text(resp.header("content-type")):
        return Verdict("pass", f"{mime} is not text; compression is not expected")
    size = len(resp.body)
    if size < MIN_COMPRESS_BYTES and not resp.truncated:
        return Verdict("pass", f"{mime} of {size} bytes is too small to gain from compression")
    return Verdict(
        "fail", f"{mime} of {size} bytes sent uncompressed although the client accepts gzip and br"
    )


def cdn_cache_state(resp: Response) -> tuple[bool | None, str]:
    """(hit?, evidence) from CDN cache headers; None when no such header exists."""
    for name in (
        "cf-cache-status",
        "x-cache",
        "x-cache-status",
        "x-vercel-cache",
        "x-nf-cache-status",
        "cache-status",  # RFC 9211, e.g. Netlify: "Netlify Edge"; hit
    ):
        value = resp.header(name)
        if value is not None:
            return any(w in value.lower() for w in HIT_WORDS), f"{name}: {value}"
    age = resp.header("age")
    if age is not None:
        return _seconds(age.strip()) > 0, f"age: {age}"
    return None, "no CDN cache header (cf-cache-status, x-cache, age)"


def judge_cdn_hit(resp: Response) -> Verdict:
    hit, evidence = cdn_cache_state(resp)
    if hit:
        return Verdict("pass", f"the second request was served from the CDN cache ({evidence})")
    if hit is None:
        return Verdict("warn", f"repeated views still hit the origin: {evidence}")
    return Verdict(
        "warn", f"repeated views still hit the origin: the second request was a miss ({evidence})"
    )
