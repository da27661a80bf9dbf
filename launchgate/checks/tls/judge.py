"""Pure judgements of TLS facts (no network): names, dates, keys, signatures, protocols."""

from __future__ import annotations

import ipaddress
from datetime import datetime

from launchgate.checks.tls.facts import PROBE_TIMED_OUT, CertInfo, ProbeResult
from launchgate.checks.verdict import Verdict

WEAK_HASHES = frozenset({"sha1", "md5", "md2", "md4"})
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


def hostname_matches(host: str, cert: CertInfo) -> bool:
    """RFC 6125 matching against the SAN (the CN is ignored, as browsers do)."""
    host = host.lower().rstrip(".")
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
        return any(ipaddress.ip_address(a) == ip for a in cert.ip_addresses)
    except ValueError:
        pass
    return any(_name_matches(host, pattern.lower().rstrip(".")) for pattern in cert.dns_names)


def _name_matches(host: str, pattern: str) -> bool:
    if not pattern.startswith("*."):
        return host == pattern
    label, _, rest = host.partition(".")
    return bool(label) and rest == pattern[2:] and rest.count(".") >= 1


def judge_hostname(host: str, cert: CertInfo) -> Verdict:
    names = cert.dns_names + cert.ip_addresses
    shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "") or "no names"
    if hostname_matches(host, cert):
        return Verdict("pass", f"the certificate covers {host}")
    return Verdict("fail", f"the certificate is for {shown}, not {host}", (f"names: {shown}",))


def days_left(cert: CertInfo, now: datetime) -> float:
    return (cert.not_after - now).total_seconds() / 86400


def judge_expiry(cert: CertInfo, now: datetime, min_days: int) -> Verdict:
    left = days_left(cert, now)
    until = cert.not_after.strftime("%Y-%m-%d %H:%M UTC")
    if left < 0:
        return Verdict("fail", f"the certificate expired on {until} ({-left:.0f} days ago)")
    if left < min_days:
        return Verdict(
            "fail", f"the certificate expires on {until}, in {left:.0f} days (minimum {min_days})"
        )
    if left < 2 * min_days:
        return Verdict(
            "warn", f"the certificate expires on {until}, in {left:.0f} days: renew soon"
        )
    return Verdict("pass", f"the certificate is valid until {until} ({left:.0f} days)")


def judge_chain_dates(
    verdict: Verdict, leaf: CertInfo, now: datetime, time_error: str | None
) -> Verdict:
    """A valid leaf whose verified path still fails on a date has an expired CA certificate."""
    leaf_ok = leaf.not_before <= now <= leaf.not_after
    if verdict.status == "fail" or not time_error or not leaf_ok:
        return verdict
    return Verdict(
        "fail",
        f"a CA certificate in the chain is out of date ({time_error}), although the certificate itself is valid",
        remediation="Serve the current intermediate certificate(s) from your CA (download a fresh "
        "fullchain), and restart the server.",
    )


def judge_not_yet_valid(cert: CertInfo, now: datetime) -> Verdict:
    start = cert.not_before.strftime("%Y-%m-%d %H:%M UTC")
    if now < cert.not_before:
        return Verdict("fail", f"the certificate is not valid before {start}")
    return Verdict("pass", f"the certificate has been valid since {start}")


def _intermediates(chain: tuple[CertInfo, ...]) -> list[CertInfo]:
    """The leaf and the CAs that vouch for it; a self-signed root's own signature does not count."""
    return [c for i, c in enumerate(chain) if i == 0 or not c.self_signed]


def judge_key(chain: tuple[CertInfo, ...]) -> Verdict:
    weak = [c for c in _intermediates(chain) if _weak_key(c)]
    if not weak:
        leaf = chain[0]
        return Verdict("pass", f"the certificate key is {leaf.key_type} {leaf.key_bits} bits")
    lines = tuple(f"{c.subject}: {c.key_type} {c.key_bits} bits" for c in weak)
    first = weak[0]
    who = "the certificate" if first is chain[0] else f"the CA certificate {first.subject}"
    return Verdict("fail", f"{who} has a weak {first.key_type} key of {first.key_bits} bits", lines)


def _weak_key(cert: CertInfo) -> bool:
    if cert.key_type in ("RSA", "DSA"):
        return cert.key_bits < MIN_RSA_BITS or cert.key_type == "DSA"
    if cert.key_type == "EC":
        return cert.key_bits < MIN_EC_BITS
    return False


def judge_signature(chain: tuple[CertInfo, ...]) -> Verdict:
    weak = [c for c in _intermediates(chain) if (c.signature_hash or "").lower() in WEAK_HASHES]
    if not weak:
        hashes = sorted({c.signature_hash or "none" for c in _intermediates(chain)})
        return Verdict("pass", f"the chain is signed with {', '.join(hashes)}")
    lines = tuple(f"{c.subject}: signed with {c.signature_hash}" for c in weak)
    first = weak[0]
    who = "the certificate" if first is chain[0] else f"the CA certificate {first.subject}"
    return Verdict(
        "fail", f"{who} is signed with {first.signature_hash}, which browsers reject", lines
    )


def judge_protocols(probes: tuple[ProbeResult, ...], min_version: str) -> Verdict:
    accepted = [p.version for p in probes if p.accepted]
    unknown = [p for p in probes if p.accepted is None]
    details = tuple(
        f"{p.version}: "
        + {True: "accepted", False: "refused", None: "not probed"}[p.accepted]
        + (f" ({p.note})" if p.note and p.accepted is not True else "")
        for p in probes
    )
    if accepted:
        return Verdict(
            "fail",
            f"the server still accepts {', '.join(accepted)} (minimum {min_version})",
            details,
        )
    silent = [p.version for p in unknown if p.note == PROBE_TIMED_OUT]
    if silent:
        return Verdict(
            "error",
            f"could not verify that {', '.join(silent)} is refused: the probe timed out",
            details,
        )
    if unknown and len(unknown) == len(probes):
        return Verdict("warn", "older protocols could not be probed from this machine", details)
    refused = [p.version for p in probes if p.accepted is False]
    return Verdict(
        "pass", f"{', '.join(refused) or 'nothing older'} refused (minimum {min_version})", details
    )


CHAIN_FIXES = {
    "unable to get local issuer certificate": (
        "The server does not send the intermediate certificate(s), or the issuer is not a "
        "public CA. Serve the full chain (e.g. Let's Encrypt fullchain.pem, not cert.pem)."
    ),
    "self-signed certificate": (
        "The server presents a self-signed certificate. Use a certificate from a public CA "
        "(Let's Encrypt is free), or add your private CA with network.ca_bundle if intended."
    ),
    "self-signed certificate in certificate chain": (
        "The chain ends in a root nobody trusts. Use a publicly trusted CA, or trust your "
        "private CA with network.ca_bundle."
    ),
}


def chain_fix(reason: str) -> str | None:
    return CHAIN_FIXES.get(reason.strip().lower())
