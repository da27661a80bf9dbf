"""Pure judgements about DNS facts: answer sets, CNAME chains, address spread, CAA, CDN ranges."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_YEAR = re.compile(r"\b(19|20)[0-9]{2}\b")


def normalise_value(rdtype: str, value: str) -> str:
    """Compare records case- and dot-insensitively; TXT keeps its case, loses outer quotes."""
    text = " ".join(value.split())
    if rdtype in ("TXT", "SPF"):
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1].replace('" "', "")
        return text
    tokens = [tok.lower().rstrip(".") if tok != "." else "." for tok in text.split(" ")]
    if rdtype in ("A", "AAAA"):
        tokens = [str(ipaddress.ip_address(tokens[0]))] if _is_ip(tokens[0]) else tokens
    return " ".join(tokens)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def compare_sets(
    rdtype: str, expected: Iterable[str], actual: Iterable[str]
) -> tuple[set[str], set[str]]:
    """(missing, unexpected) between the expected and the published answer sets."""
    want = {normalise_value(rdtype, v) for v in expected}
    have = {normalise_value(rdtype, v) for v in actual}
    return want - have, have - want


@dataclass(frozen=True)
class Ranges:
    """CIDR ranges of a CDN, with where they came from."""

    networks: tuple[Network, ...]
    source: str
    dated: str = ""

    def contains(self, address: str) -> bool:
        ip = ipaddress.ip_address(address)
        return any(ip.version == net.version and ip in net for net in self.networks)


def parse_ranges(text: str, source: str) -> Ranges:
    nets: list[Network] = []
    dated = ""
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        if line.strip().startswith("#") and _YEAR.search(line) and not dated:
            dated = line.strip("# ").strip()
        if body:
            nets.append(ipaddress.ip_network(body, strict=False))
    return Ranges(tuple(nets), source, dated)


def load_ranges(override: Path | None) -> Ranges:
    """The shipped Cloudflare list, or the user's file (``dns.cdn_ranges``)."""
    if override is not None:
        return parse_ranges(override.read_text(encoding="utf-8"), str(override))
    text = resources.files("launchgate").joinpath("data/cloudflare-ips.txt").read_text("utf-8")
    return parse_ranges(text, "launchgate/data/cloudflare-ips.txt")


def network_groups(addresses: Sequence[str], ranges: Ranges | None = None) -> list[list[str]]:
    """Addresses grouped by network: same /16 (IPv4) or /32 (IPv6), or the same CDN list."""
    groups: dict[str, list[str]] = {}
    for text in addresses:
        ip = ipaddress.ip_address(text)
        if ranges is not None and ranges.contains(text):
            key = "cdn"
        else:
            prefix = 16 if ip.version == 4 else 32
            key = str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
        groups.setdefault(key, []).append(text)
    return list(groups.values())


def conflicting_groups(addresses: Sequence[str], ranges: Ranges | None = None) -> list[list[str]]:
    """Groups when one address family spans unrelated networks, else [].

    IPv4 and IPv6 are judged apart: a dual-stack host always has two "networks".
    """
    for version in (4, 6):
        family = [a for a in addresses if ipaddress.ip_address(a).version == version]
        groups = network_groups(family, ranges)
        if len(groups) > 1:
            return groups
    return []


@dataclass(frozen=True)
class Caa:
    flags: int
    tag: str
    value: str

    @property
    def issuer(self) -> str:
        return self.value.split(";", 1)[0].strip().lower().rstrip(".")


@dataclass
class CaaVerdict:
    ok: bool
    bad: list[str] = field(default_factory=list)


def judge_caa(records: Sequence[Caa], allowed: Sequence[str]) -> CaaVerdict:
    """Every issue/issuewild names an allowed CA (an empty issuer forbids issuance: fine).

    Without any ``issue`` property (only ``iodef`` or ``issuewild``), RFC 8659 section 4.2
    leaves ordinary certificates unrestricted: any CA may issue, so that fails too.
    """
    permitted = {a.lower().rstrip(".") for a in allowed}
    bad = [
        f'{r.tag} "{r.value}"'
        for r in records
        if r.tag.lower() in ("issue", "issuewild") and r.issuer and r.issuer not in permitted
    ]
    if not any(r.tag.lower() == "issue" for r in records):
        bad.append("no 'issue' record, so any CA may issue ordinary certificates")
    return CaaVerdict(not bad, bad)
