"""Pure judgements of what sits in front of the application: webhooks and the CDN."""

from __future__ import annotations

from launchgate.net.http import FetchError, Response
from launchgate.web.verdict import Verdict

CHALLENGE_MARKERS = (
    b"cf-chl",
    b"challenge-platform",
    b"just a moment...",
    b"attention required! | cloudflare",
    b"cf-browser-verification",
    b"sorry, you have been blocked",
    b"_incapsula_resource",
    b"captcha",
)


def is_challenge(resp: Response) -> str | None:
    """Why this answer looks like a CDN/WAF challenge or block page, or None."""
    if (resp.header("cf-mitigated") or "").strip().lower() == "challenge":
        return "cf-mitigated: challenge"
    if resp.status in (403, 429, 503):
        head = resp.body[:65536].lower()
        marker = next((m for m in CHALLENGE_MARKERS if m in head), None)
        if marker:
            return f"a {resp.status} challenge page ({marker.decode()})"
        cloudflare = (resp.header("server") or "").strip().lower() == "cloudflare"
        if cloudflare and head.lstrip().startswith(b"error code: 10"):
            return f"a {resp.status} Cloudflare firewall block ({head.strip()[:20].decode(errors='replace')})"
    return None


def judge_webhook(answer: Response | FetchError) -> Verdict:
    """A plain JSON POST without cookies must reach the application."""
    if isinstance(answer, FetchError):
        if answer.kind in ("tls", "dns", "refused"):
            return Verdict("fail", f"providers cannot deliver: {answer.message}")
        return Verdict("error", f"the webhook could not be checked: {answer.message}")
    challenge = is_challenge(answer)
    if challenge:
        return Verdict("fail", f"a CDN challenge blocks the webhook: {challenge}")
    if 300 <= answer.status < 400:
        where = answer.location or "nowhere"
        return Verdict(
            "fail",
            f"the webhook redirects ({answer.status} → {where}); providers do not follow redirects",
        )
    if answer.status >= 500:
        return Verdict(
            "fail",
            f"the webhook answers {answer.status} {answer.reason}: providers will retry, then give up",
        )
    if answer.status in (404, 405, 410):
        return Verdict(
            "warn",
            f"the webhook answers {answer.status} {answer.reason}: is this the route the app listens on?",
        )
    return Verdict(
        "pass",
        f"the webhook reaches the application (it answers {answer.status} to an unsigned probe)",
    )


def judge_cloudflare(resp: Response) -> Verdict:
    server = (resp.header("server") or "").strip().lower()
    ray = resp.header("cf-ray")
    missing = [
        m
        for m, ok in (("server: cloudflare", server == "cloudflare"), ("cf-ray", bool(ray)))
        if not ok
    ]
    if not missing:
        return Verdict("pass", f"served through Cloudflare (cf-ray {ray})")
    seen = f"server: {resp.header('server')}" if resp.header("server") else "no server header"
    return Verdict(
        "fail", f"not served through Cloudflare: missing {' and '.join(missing)} ({seen})"
    )
