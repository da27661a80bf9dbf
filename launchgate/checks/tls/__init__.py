"""TLS certificates and protocols of every public host (``tls:`` in launchgate.yml).

One check per host: ``tls.hosts`` plus every https host named elsewhere in the config.
Facts come from ``launchgate.checks.tls.facts``, verdicts from ``launchgate.checks.tls.judge``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from functools import partial
from typing import Any

from launchgate.checks.lookup_errors import UNREACHED_FIX, explain_lookup_errors
from launchgate.checks.tls import judge
from launchgate.checks.tls.facts import TlsFacts, TlsProber, older_versions
from launchgate.checks.verdict import Verdict, to_result
from launchgate.config.model import GateConfig, TlsConfig
from launchgate.core.hostport import split_host_port
from launchgate.core.model import Result, Severity
from launchgate.core.rules import Check, Rule, RunContext

HANDSHAKE = Rule(
    "tls.handshake", "TLS handshake", Severity.CRITICAL,
    "A TLS handshake with the host's name (SNI) succeeds with a modern client (TLS 1.2+).",
    "If it fails, browsers, API clients and payment providers cannot connect at all.",
    "Make sure the server listens on 443 with a certificate for this name and supports TLS 1.2 "
    "or 1.3 (nginx: `listen 443 ssl; ssl_protocols TLSv1.2 TLSv1.3;`).",
)  # fmt: skip
CHAIN = Rule(
    "tls.chain", "Certificate chain", Severity.CRITICAL,
    "The certificate chain the server sends verifies to a trusted root (system store plus "
    "network.ca_bundle).",
    "An incomplete or untrusted chain shows a security warning in browsers and breaks API clients "
    "(curl, mobile apps, webhooks) even when your own browser happens to work.",
    "Serve the full chain (leaf plus intermediates: Let's Encrypt `fullchain.pem`) from a "
    "publicly trusted CA.",
)  # fmt: skip
HOSTNAME = Rule(
    "tls.hostname", "Certificate name", Severity.CRITICAL,
    "The certificate's Subject Alternative Names cover the host name.",
    "A name mismatch shows a full-page security warning; most visitors leave.",
    "Issue a certificate that lists this name (or a matching wildcard), e.g. "
    "`certbot -d acme.com -d www.acme.com`, and make sure the right virtual host answers for it.",
)  # fmt: skip
EXPIRY = Rule(
    "tls.expiry", "Certificate expiry", Severity.HIGH,
    "The certificate stays valid at least `tls.min_days` days (warning under twice that).",
    "An expired certificate takes the whole site down for every visitor at once.",
    "Renew the certificate now and automate renewal (certbot's timer, or your platform's "
    "managed certificates); check that the server reloads it.",
)  # fmt: skip
NOT_YET_VALID = Rule(
    "tls.not_yet_valid", "Certificate start date", Severity.CRITICAL,
    "The certificate is already valid (its notBefore date has passed).",
    "A certificate that is not valid yet is rejected like an expired one.",
    "Serve a certificate that is valid now; check the server's clock and the issuing process.",
)  # fmt: skip
KEY = Rule(
    "tls.key", "Certificate key size", Severity.HIGH,
    "Certificate keys are RSA 2048 bits or more (or EC 256 bits or more).",
    "Short keys can be broken and are refused by current browsers and libraries.",
    "Reissue the certificate with an RSA 2048+ or an ECDSA P-256 key.",
)  # fmt: skip
SIGNATURE = Rule(
    "tls.signature", "Certificate signature", Severity.HIGH,
    "The leaf and intermediate certificates are not signed with SHA-1 (or MD5).",
    "SHA-1 signatures can be forged; browsers reject them.",
    "Reissue the certificate from a CA that signs with SHA-256 or better.",
)  # fmt: skip
PROTOCOL = Rule(
    "tls.protocol", "Old TLS versions", Severity.HIGH,
    "The server refuses protocols older than `tls.min_version` (TLS 1.0 and 1.1 are probed "
    "explicitly).",
    "TLS 1.0/1.1 are deprecated (RFC 8996), weaken security and fail PCI DSS audits.",
    "Allow only modern protocols, e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`, or set the "
    "minimum TLS version in your CDN/load balancer settings.",
)  # fmt: skip

RULES = [HANDSHAKE, CHAIN, HOSTNAME, EXPIRY, NOT_YET_VALID, KEY, SIGNATURE, PROTOCOL]


def tls_hosts(config: GateConfig) -> list[str]:
    """``tls.hosts`` plus every https host named elsewhere, without duplicates."""
    assert config.tls is not None
    hosts = [h.lower() for h in config.tls.hosts] + config.https_hosts()
    return list(dict.fromkeys(h.removesuffix(":443") for h in hosts))


def plan(config: GateConfig) -> list[Check]:
    if config.tls is None:
        return []
    tls = config.tls
    configured = {h.lower() for h in tls.hosts}
    checks = [
        Check(
            HANDSHAKE,
            partial(run_host, host=host, tls=tls),
            target=host,
            config_key="tls.hosts" if host in configured else "tls",
            timeout=6 * config.timeout + 5,
        )
        for host in tls_hosts(config)
    ]
    return explain_lookup_errors(checks, RULES, UNREACHED_FIX)


def run_host(ctx: RunContext, host: str, tls: TlsConfig) -> Iterator[Result]:
    """Every TLS result for one ``host[:port]``."""
    from launchgate.net.addr import connect_targets, ssl_context

    name, port = split_host_port(host)
    try:
        targets = connect_targets(ctx, name, port or 443)
    except Exception as exc:  # OSError, or the resolver's own (dnspython timeouts, SERVFAIL)
        yield _unresolved(name, host, exc)
        return
    prober = ctx.shared(
        "tls.prober", lambda: TlsProber(lambda: ssl_context(ctx), ctx.config.timeout)
    )
    addresses = [address for address, _ in targets]
    facts = prober.gather(name, targets[0][1], addresses, older_versions(tls.min_version))
    yield from judge_facts(facts, host, tls, ctx)


def _unresolved(name: str, target: str, exc: Exception) -> Result:
    """A name without an address fails (visitors cannot reach it); a failed lookup is unverified."""
    from launchgate.net.dns import DnsError

    lookup_failed = isinstance(exc, DnsError) or not isinstance(exc, OSError)
    if lookup_failed or getattr(exc, "errno", None) in (socket.EAI_AGAIN, socket.EAI_FAIL):
        return HANDSHAKE.error(
            f"{name} could not be resolved, so its certificate could not be checked ({exc})",
            target,
        )
    return HANDSHAKE.fail(
        f"{name} does not resolve: {exc}",
        target,
        remediation=f"Publish an A/AAAA record for {name}, or remove it from tls.hosts.",
    )


def judge_facts(facts: TlsFacts, target: str, tls: TlsConfig, ctx: RunContext) -> Iterator[Result]:
    """Results of every TLS rule from the gathered facts."""
    if facts.handshake_error:
        yield _handshake_failure(facts, target)
    else:
        yield from _certificate_results(facts, target, tls, ctx)
    if facts.probes:
        verdict = judge.judge_protocols(facts.probes, tls.min_version)
        data = {"probes": {p.version: p.accepted for p in facts.probes}}
        yield _result(PROTOCOL, verdict, target, data)


def _handshake_failure(facts: TlsFacts, target: str) -> Result:
    where = f"{target} ({facts.address})" if facts.address else target
    data = {"host": facts.host, "port": facts.port, "address": facts.address}
    data["error"] = facts.handshake_error or ""
    if facts.unreachable and facts.handshake_error in ("connection refused", "connection reset"):
        message = f"nothing accepts TLS connections on {where}: {facts.handshake_error}"
        return HANDSHAKE.fail(message, target, data=data)
    if facts.unreachable:
        message = f"could not connect to {where}: {facts.handshake_error}"
        return HANDSHAKE.error(message, target, data=data)
    message = f"the TLS handshake with {where} failed: {facts.handshake_error}"
    return HANDSHAKE.fail(message, target, data=data)


def _certificate_results(
    facts: TlsFacts, target: str, tls: TlsConfig, ctx: RunContext
) -> Iterator[Result]:
    leaf = facts.leaf
    summary = _summary(facts)
    if leaf is None:
        yield HANDSHAKE.fail(f"{target} sent no certificate", target, data=summary)
        return
    now = ctx.now()
    yield HANDSHAKE.passed(
        f"{facts.protocol} handshake with {target} succeeded; certificate from {leaf.issuer}",
        target, data=summary, details=[f"cipher: {facts.cipher}", f"address: {facts.address}"],
    )  # fmt: skip
    yield _chain_result(facts, target, summary)
    yield _result(
        HOSTNAME, judge.judge_hostname(facts.host, leaf), target, {"names": list(leaf.dns_names)}
    )
    expiry = {
        "not_after": leaf.not_after.isoformat(),
        "days_left": round(judge.days_left(leaf, now), 1),
    }
    verdict = judge.judge_expiry(leaf, now, tls.min_days)
    verdict = judge.judge_chain_dates(verdict, leaf, now, facts.time_error)
    yield _result(EXPIRY, verdict, target, expiry)
    yield _result(
        NOT_YET_VALID,
        judge.judge_not_yet_valid(leaf, now),
        target,
        {"not_before": leaf.not_before.isoformat()},
    )
    yield _result(
        KEY, judge.judge_key(facts.chain), target, {"key": f"{leaf.key_type} {leaf.key_bits}"}
    )
    yield _result(
        SIGNATURE,
        judge.judge_signature(facts.chain),
        target,
        {"signature_hash": leaf.signature_hash},
    )


def _chain_result(facts: TlsFacts, target: str, summary: dict[str, Any]) -> Result:
    lines = [f"{i}: {c.subject} (issued by {c.issuer})" for i, c in enumerate(facts.chain)]
    if facts.trust_error is None:
        return CHAIN.passed(
            f"the chain of {target} verifies to a trusted root", target, details=lines, data=summary
        )
    if facts.trust_error.startswith("could not verify"):
        return CHAIN.error(
            f"the chain of {target} {facts.trust_error}", target, details=lines, data=summary
        )
    return CHAIN.fail(
        f"the certificate chain of {target} does not verify: {facts.trust_error}",
        target, details=lines, data=summary,
        remediation=judge.chain_fix(facts.trust_error) or CHAIN.fix,
    )  # fmt: skip


def _summary(facts: TlsFacts) -> dict[str, Any]:
    leaf = facts.leaf
    return {
        "host": facts.host,
        "port": facts.port,
        "address": facts.address,
        "protocol": facts.protocol,
        "cipher": facts.cipher,
        "issuer": leaf.issuer if leaf else None,
        "not_after": leaf.not_after.isoformat() if leaf else None,
        "chain": [c.as_data() for c in facts.chain],
    }


def _result(rule: Rule, verdict: Verdict, target: str, data: dict[str, Any]) -> Result:
    return to_result(rule, verdict, target, data)
