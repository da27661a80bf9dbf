"""Findings → launchgate.yml text. Pure: no network, no clock, no files.

The file explains itself: every section opens with comments saying what was found and why each
key is there; what discovery could not determine, or what fails today, is written as a
commented-out key with a TODO. Everything that came from outside (record values, URLs, page
text) is quoted as a YAML string, and comments only ever hold sanitised text, so a hostile
DNS answer or page cannot add a key to the config.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from launchgate.discover.model import DnsFacts, EnvFacts, Findings, MailFacts, WebFacts

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]")
MAX_COMMENT = 160
SPF_ALL = {"-": "fail", "~": "softfail"}


def q(value: str) -> str:
    """A YAML double-quoted scalar. JSON strings are valid YAML ones; ASCII-only, because YAML
    reads U+2028/U+0085 inside a scalar as line breaks."""
    return json.dumps(value)


def qlist(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def flow(mapping: Mapping[str, Any]) -> str:
    """A one-line YAML flow mapping of JSON-compatible values."""
    return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in mapping.items()) + "}"


def say(text: str) -> str:
    """Text fit for a comment: one line, no control characters, bounded."""
    clean = _UNSAFE.sub(" ", text)
    return clean if len(clean) <= MAX_COMMENT else clean[: MAX_COMMENT - 1] + "…"


def comment(*lines: str, indent: int = 0) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {say(line)}" for line in lines]


def todo(key_line: str, why: str, indent: int = 0) -> list[str]:
    pad = " " * indent
    return [f"{pad}# TODO {say(why)}", f"{pad}# {key_line}"]


def render(
    findings: Findings, written_on: str = "", tool: str = "launchgate init --discover"
) -> str:
    lines = _header(findings, written_on, tool)
    lines += _network(findings)
    for section in (
        _dns(findings.dns),
        _email(findings.domain, findings.mail),
        _tls(findings.web),
        _http(findings.web),
        _performance(findings.web),
        _env(findings.env),
        _secrets(findings.env),
    ):
        if section:
            lines += ["", *section]
    return "\n".join(lines) + "\n"


def _header(f: Findings, written_on: str, tool: str) -> list[str]:
    when = f" on {written_on}" if written_on else ""
    lines = comment(
        f"launchgate.yml for {f.domain}, written by `{tool}`{when}.",
        "Every key below held when it was written: from now on a deploy that breaks one fails "
        "the gate.",
        "Commented-out keys marked TODO are what discovery could not determine, or what fails "
        "today: fix, then uncomment.",
        "Discovery was read-only (DNS questions, GET requests): " + "; ".join(f.queried) + ".",
    )
    if f.stopped:
        lines += comment(f"Not everything was explored: {f.stopped}.")
    project = f.domain.split(".")[0] or "site"
    return [
        *lines,
        "version: 1",
        f"project: {q(project)}",
        f"domain: {q(f.domain)}",
        "fail_on: high",
        "timeout: 10s",
    ]


def _network(f: Findings) -> list[str]:
    net = f.network
    if not (net.nameservers or net.resolve or net.ca_bundle):
        return []
    lines = ["", *comment("How discovery reached the site (--nameserver, --resolve, --ca-bundle).")]
    lines += comment("Delete what only held for discovery, e.g. pins to a staging server.")
    lines.append("network:")
    if net.nameservers:
        lines.append(f"  nameservers: {qlist(net.nameservers)}")
    if net.resolve:
        lines.append("  resolve:")
        lines += [f"    {q(k)}: {q(v)}" for k, v in net.resolve.items()]
    if net.ca_bundle:
        lines.append(f"  ca_bundle: {q(net.ca_bundle)}")
    return lines


def _dns(d: DnsFacts) -> list[str]:
    if not d.hosts and not d.records:
        return comment("DNS: nothing under the domain resolved; no dns section written.")
    subs = [h[: -len(d.domain) - 1] for h in d.hosts if h.endswith("." + d.domain)]
    lines = comment(
        f"DNS: {len(d.hosts)} name(s) resolve: {', '.join(d.hosts)}.",
        "records pins what should not change between deploys (address and CNAME targets, MX, "
        "CAA, NS), as published today.",
        "An address your provider rotates (an ALIAS to a load balancer) is not yours to pin: "
        "delete that record.",
        *d.notes,
    )
    lines.append("dns:")
    if subs:
        lines += ["  # each must keep resolving, and none may dangle", "  subdomains:"]
        lines += [f"    - {q(s)}" for s in subs]
    if d.records:
        lines.append("  records:")
        lines += [
            f"    - {{name: {q(r.name)}, type: {q(r.type)}, values: {qlist(r.values)}}}"
            for r in d.records
        ]
    if d.caa:
        lines.append(f"  caa: {qlist(d.caa)}  # only these CAs may issue certificates")
    else:
        lines += todo(
            'caa: ["letsencrypt.org"]',
            "no CAA record today: any CA may issue "
            "certificates for the domain; publish one for your CA",
            indent=2,
        )
    if d.cdn:
        lines.append(f"  cdn: {q(d.cdn)}  # addresses are the CDN's: served through it, not pinned")
    return lines


def _email(domain: str, m: MailFacts) -> list[str]:
    if not m.mx and not m.spf and not m.dmarc and not m.dkim:
        return comment("Email: no MX, SPF, DKIM or DMARC found; no email section written.") + todo(
            "email: {mx: true, spf: {all: fail}, dmarc: {policy: reject}}",
            "if the domain sends mail, publish SPF and DMARC (or a null MX and v=spf1 -all)",
        )
    lines = comment(*_email_summary(domain, m))
    lines.append("email:")
    if m.mx:
        lines.append(f"  mx: {qlist(m.mx)}")
    elif m.null_mx:
        lines.append("  # null MX: the domain receives no mail (mx left unchecked)")
    lines += _spf(m)
    lines += _dkim(m)
    lines += _dmarc(m)
    return lines


def _email_summary(domain: str, m: MailFacts) -> list[str]:
    out = [f"Email for {domain}: MX {', '.join(m.mx) or 'none'}"]
    if m.providers:
        out.append("providers recognised from MX/SPF: " + ", ".join(m.providers))
    found = ", ".join(f"{k.selector} ({k.provider})" for k in m.dkim) or "none"
    out.append(f"DKIM selectors found among {m.selectors_probed} probed: {found}")
    out.append(
        f"MTA-STS: {'published' if m.mta_sts else 'not published'}; TLS-RPT: "
        f"{'published' if m.tls_rpt else 'not published'} (the gate warns without them)"
    )
    return out


def _spf(m: MailFacts) -> list[str]:
    if m.spf is None:
        why = m.spf_problem or "no SPF record today: receivers cannot tell your mail from forgeries"
        return todo("spf: {all: fail}", why, indent=2)
    mode = SPF_ALL.get(m.spf_all or "")
    if mode is None:
        return todo(
            f"spf: {{all: softfail, senders: {qlist(m.spf_senders)}}}",
            f"SPF ends with {(m.spf_all or '') + 'all' if m.spf_all else 'no all'}: end it "
            "with ~all or -all",
            indent=2,
        )
    return [
        "  # senders: the terms that authorize mail today; a new one must be approved here",
        f"  spf: {{all: {mode}, senders: {qlist(m.spf_senders)}}}",
    ]


def _dkim(m: MailFacts) -> list[str]:
    lines: list[str] = []
    for name in m.unguessable:
        lines += comment(f"{name} uses selectors that cannot be guessed: add yours below", indent=2)
    if not m.dkim:
        return lines + todo(
            'dkim: {selectors: ["your-selector"]}',
            "no DKIM key found at a known provider selector: name yours (from the provider)",
            indent=2,
        )
    bits = [k.bits for k in m.dkim if k.bits]
    floor = 2048 if bits and min(bits) >= 2048 else 1024
    selectors = qlist(k.selector for k in m.dkim)
    return [*lines, f"  dkim: {{selectors: {selectors}, min_key_bits: {floor}}}"]


def _dmarc(m: MailFacts) -> list[str]:
    if m.dmarc_policy is None:
        return todo(
            "dmarc: {policy: quarantine, rua: required}",
            "no valid DMARC record today: publish one at _dmarc with p=quarantine and rua=",
            indent=2,
        )
    rua = "required" if m.dmarc_rua else "optional"
    lines = comment(f"DMARC today: {m.dmarc}", indent=2)
    if not m.dmarc_rua:
        lines += comment(
            "no rua= today: aggregate reports go nowhere (TODO: add rua=mailto:…)", indent=2
        )
    return [*lines, f"  dmarc: {{policy: {m.dmarc_policy}, rua: {rua}}}"]


def _tls(w: WebFacts) -> list[str]:
    if not w.tls_hosts and not w.tls_problems:
        return []
    lines = comment("TLS: the hosts that answered HTTPS with a trusted certificate today.")
    lines.append("tls:")
    lines.append("  hosts:")
    lines += [f"    - {q(h)}" for h in w.tls_hosts]
    for host, why in w.tls_problems:
        lines += todo(f"hosts: [..., {q(host)}]", f"{host} fails TLS today: {why}", indent=2)
    return [
        *lines,
        "  min_days: 14  # renewals must happen two weeks ahead",
        "  min_version: TLSv1.2",
    ]


def _http(w: WebFacts) -> list[str]:
    if w.canonical is None and not w.pages:
        return comment("HTTP: no host answered over HTTP(S); no http section written.")
    lines = comment(
        f"HTTP: the variants (http/https, apex/www) end at {w.canonical or 'no single origin'}.",
        f"HSTS today: {w.hsts or 'none'}.",
    )
    lines.append("http:")
    if w.canonical and not w.canonical_problems:
        lines.append(f"  canonical: {q(w.canonical)}")
    elif w.canonical:
        for problem in w.canonical_problems:
            lines += comment(f"today: {problem}", indent=2)
        lines += todo(
            f"canonical: {q(w.canonical)}",
            "every variant must redirect to the "
            "canonical origin in one 301/308 hop; fix the above, then uncomment",
            indent=2,
        )
    lines += _endpoints(w)
    if w.redirects:
        lines.append("  redirects:")
        lines += [f"    - {{from: {q(r.source)}, to: {q(r.target)}}}" for r in w.redirects]
    if w.static:
        lines.append("  # cacheable at the edge, compressed and cookie-free today")
        lines.append(f"  static: {qlist(w.static)}")
    lines.append("  exposed: true  # no /.env, /.git or source maps may be served")
    lines += todo(
        'webhooks: ["https://…/webhooks/stripe"]',
        "payment/webhook endpoints "
        "cannot be discovered: list yours so a CDN challenge never blocks them",
        indent=2,
    )
    return lines


def _endpoints(w: WebFacts) -> list[str]:
    health = {h.url: h for h in w.health}
    items: list[str] = []
    for page in w.pages:
        if page.cookie_trouble:
            items += todo(
                flow({"url": page.url}),
                "its cookies fail the gate's cookie checks "
                "today (Secure/HttpOnly/SameSite or cacheable)",
                indent=4,
            )
            continue
        entry: dict[str, Any] = {"url": page.url, "status": page.status}
        if page.url in health and health[page.url].condition:
            entry["json"] = dict(health[page.url].condition)
        if "html" in page.content_type and not page.security_missing:
            entry["headers"] = ["security"]
        items.append(f"    - {flow(entry)}")
        if "html" in page.content_type and page.security_missing:
            items += comment(
                f"TODO headers: [security] once it sends {', '.join(page.security_missing)}",
                indent=4,
            )
    return ["  endpoints:", *items] if items else []


def _performance(w: WebFacts) -> list[str]:
    if not w.timings:
        return []
    lines = comment(
        "Performance: each budget is max(3 × today's p95, 300 ms): room for a bad day, not for a "
        "regression.",
    )
    lines += ["performance:", "  samples: 20", "  warmup: 2", "  endpoints:"]
    for t in w.timings:
        lines.append(
            f"    - {{url: {q(t.url)}, p95: {t.budget_ms}ms}}  # today p95 {t.p95_ms:.0f} ms"
        )
    return lines


def _env(e: EnvFacts) -> list[str]:
    if e.example is None:
        return comment("Env: no .env.example/.env.sample found; no env section written.")
    lines = comment(
        f"Env: the names listed in {e.example} (values are never read); each is required in the "
        "deploy environment.",
        "secret: true marks names that hold credentials: never printed, hunted for in artifacts.",
    )
    lines.append("env:")
    if e.files:
        lines.append(f"  files: {qlist(e.files)}")
    lines.append(f"  example: {q(e.example)}")
    lines.append("  vars:")
    for name in e.names:
        spec = "{secret: true}" if name in e.secret_names else "{}"
        lines.append(f"    {name}: {spec}")
    for name in e.conventions:
        lines += todo(
            f"{name}: {{secret: true}}",
            f"{e.framework} needs {name}, which {e.example} does not list",
            indent=4,
        )
    return lines


def _secrets(e: EnvFacts) -> list[str]:
    lines = comment("Secrets: every file git tracks, and the built output a browser downloads.")
    lines += ["secrets:", '  paths: ["."]']
    if e.artifacts:
        lines.append(f"  artifacts: {qlist(d + '/' for d in e.artifacts)}")
    return lines
