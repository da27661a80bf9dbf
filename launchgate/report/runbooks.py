"""Runbooks for the handover: what to do when the site is down, mail fails, a deploy breaks or
the app is slow, built from what this project's config checks (the results of the run)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from launchgate.core.diagnosis import LAYER_LABEL
from launchgate.core.model import GateReport, Result


@dataclass(frozen=True)
class Runbook:
    title: str
    areas: tuple[str, ...]  # what `check --only` runs
    meaning: tuple[tuple[str, str], ...]  # (check ids, what a failure means and where to look)
    rules: tuple[str, ...] = ()  # rule id prefixes whose failures belong to this runbook


RUNBOOKS = (
    Runbook(
        "Site down",
        ("dns", "tls", "http"),
        (
            (
                "`dns.resolves`, `dns.records`, `dns.dangling`",
                "DNS layer: the name does not resolve or points elsewhere. Look first at your DNS "
                "provider's records, then the registrar (expired domain, changed name servers).",
            ),
            (
                "`tls.handshake` failing with *connection refused* or *timeout*",
                "Connect layer: DNS is right but nothing answers. Look at the CDN or load "
                "balancer status page, then the origin server and its firewall.",
            ),
            (
                "`tls.expiry`, `tls.hostname`, `tls.chain`",
                "TLS layer: browsers refuse the certificate. Look at the certificate renewal job "
                "(ACME/certbot) or the CDN's certificate settings.",
            ),
            (
                "`http.status` with 5xx, `http.json`",
                "App layer: the server answers but the app fails. Look at the app's logs and the "
                "last deploy (see *Deploy broken*).",
            ),
        ),
        ("dns.resolves", "dns.records", "dns.dangling", "tls.", "http.status", "http.json"),
    ),
    Runbook(
        "Email failing",
        ("email", "dns"),
        (
            (
                "`email.mx`",
                "Mail to the domain bounces: the MX records are missing or wrong. Look at the DNS "
                "provider, against the mail provider's setup page.",
            ),
            (
                "`email.spf.*`",
                "Your mail is marked as spam or refused: a sender is not in SPF, or SPF needs "
                "more than 10 lookups. Look at the mail provider's SPF include.",
            ),
            (
                "`email.dkim`",
                "Signatures fail: the DKIM key is missing, short or was rotated by the provider. "
                "Look at the mail provider's domain authentication page.",
            ),
            (
                "`email.dmarc.*`",
                "Spoofing is not stopped or reports go nowhere. Look at the TXT record at _dmarc.",
            ),
        ),
        ("email.",),
    ),
    Runbook(
        "Deploy broken",
        ("env", "secrets", "http"),
        (
            (
                "`env.required`, `env.pattern`, `env.debug`",
                "A variable is missing or wrong in the deploy: look at the hosting provider's "
                "environment settings, then roll back if the app is already failing.",
            ),
            (
                "`secrets.*`",
                "A secret reached the repository or the build: rotate it first, then remove it.",
            ),
            (
                "`http.status`, `http.json`, `http.canonical`",
                "The new version answers wrongly: look at the deploy log and roll back.",
            ),
        ),
        ("env.", "secrets.", "http.status", "http.json"),
    ),
    Runbook(
        "Slow app",
        ("performance", "http"),
        (
            (
                "`performance.latency`",
                "The p95 is over budget: look at the app's slowest queries and the server's CPU.",
            ),
            (
                "`performance.errors`",
                "Requests fail under load: look at worker and connection limits.",
            ),
            ("`performance.regression`", "Slower than the baseline: compare with the last deploy."),
            (
                "`http.static`",
                "Assets miss the CDN cache: look at Cache-Control and the CDN's cache rules.",
            ),
        ),
        ("performance.", "http.static"),
    ),
)


_WATCHED = {
    "Site down": ("dns.resolves", "tls.handshake", "http.status"),
    "Email failing": ("email.mx", "email.spf.record", "email.dmarc.record"),
    "Deploy broken": ("env.required", "http.status"),
    "Slow app": ("performance.latency",),
}


def _targets(results: Sequence[Result], title: str) -> list[str]:
    rules = _WATCHED[title]
    found = sorted({r.target for r in results if r.rule_id in rules and r.target})
    if not found:
        return []
    shown = ", ".join(f"`{t}`" for t in found[:12]) + (" …" if len(found) > 12 else "")
    return ["", f"Checked here: {shown}"]


def render_runbooks(report: GateReport) -> str:
    areas = {r.area for r in report.results}
    parts = [
        "## Runbooks",
        "",
        "Start with the checks of the runbook, and read the results from the first layer up: "
        "DNS, then connect, TLS, HTTP, app. A problem listed *under* another one follows "
        "from it: fix the cause first. `launchgate watch` (or `launchgate check --notify` on a "
        "schedule) sends these failures to chat and email as they happen.",
    ]
    for book in RUNBOOKS:
        run = [a for a in book.areas if a in areas] or list(book.areas)
        command = f"launchgate check --only {','.join(run)}"
        parts += ["", f"### {book.title}", "", f"Run: `{command}`", ""]
        parts += [f"- {checks}: {meaning}" for checks, meaning in book.meaning]
        parts += _targets(report.results, book.title)
        parts += _now_failing(report.results, book.rules)
    parts += _dates(report)
    return "\n".join(parts)


def _now_failing(results: Sequence[Result], rules: Sequence[str]) -> list[str]:
    failing = [
        r
        for r in results
        if r.rule_id.startswith(tuple(rules)) and r.is_problem and not r.caused_by
    ]
    if not failing:
        return []
    lines = ["", "Failing in this run:"]
    for r in sorted(failing, key=lambda r: r.check_id)[:10]:
        label = f"{LAYER_LABEL[r.layer]}: " if r.layer else ""
        message = " ".join(r.message.split())
        lines.append(f"- `{r.check_id}`: {label}{message}")
    return lines


def _dates(report: GateReport) -> list[str]:
    lines = ["", "### Dates that matter", ""]
    expiry = [r for r in report.results if r.rule_id in ("tls.expiry", "tls.handshake")]
    seen = set()
    for r in sorted(expiry, key=lambda r: (str(r.data.get("not_after") or ""), r.check_id)):
        when = r.data.get("not_after")
        if when and r.target not in seen:
            seen.add(r.target)
            lines.append(
                f"- Certificate of {r.target} expires {str(when)[:10]}: renewal must run before."
            )
    selectors = sorted({r.target for r in report.results if r.rule_id == "email.dkim" and r.target})
    if selectors:
        lines.append(
            f"- DKIM keys ({', '.join(selectors)}): DNS records carry no date; rotate them "
            "every 6 to 12 months, and again whenever the mail provider asks."
        )
    if len(lines) == 3:
        lines.append("- No certificate or DKIM key was checked in this run.")
    return lines
