"""DMARC records (RFC 7489): parse, find (with the organizational-domain fallback), authorize.

Where DMARCbis (RFC 9989) differs, RFC 7489 wins: ``p`` must directly follow ``v``, and
``pct``, ``rf`` and ``ri`` are validated.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from publicsuffixlist import PublicSuffixList

from launchgate.checks.email.lookup import Lookup

POLICIES = ("none", "quarantine", "reject")
_VERSION = re.compile(r"\s*[vV]\s*=\s*DMARC1\s*")
_TAG = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*?)\s*", re.S)
_KEYWORD = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*")
_URI = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*:[^!\s]+)(?:!([0-9]+)([kmgtKMGT]?))?")
UINT32 = 2**32 - 1


class DmarcError(ValueError):
    """A record receivers would discard."""


@dataclass(frozen=True)
class ReportUri:
    uri: str
    size: str = ""

    @property
    def address(self) -> str | None:
        """The mailbox of a ``mailto:`` URI, else None."""
        if not self.uri.lower().startswith("mailto:"):
            return None
        return self.uri[7:].split("?", 1)[0]

    @property
    def domain(self) -> str | None:
        address = self.address
        return (
            address.rpartition("@")[2].lower().rstrip(".") if address and "@" in address else None
        )


@dataclass
class DmarcRecord:
    text: str
    tags: dict[str, str]
    policy: str
    subdomain_policy: str
    pct: int = 100
    rua: list[ReportUri] = field(default_factory=list)
    ruf: list[ReportUri] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def split_tags(text: str) -> list[tuple[str, str]]:
    """``v=DMARC1; a=b; ...`` → [(name lower-cased, value)]; DmarcError on bad syntax."""
    parts = text.split(";")
    if not _VERSION.fullmatch(parts[0]):
        if text.strip().lower().startswith("v=spf1"):
            raise DmarcError("this is an SPF record, published where the DMARC record belongs")
        raise DmarcError("a DMARC record starts with v=DMARC1 (exactly, upper case)")
    if len(parts) == 1:
        raise DmarcError("v=DMARC1 must be followed by ';'")
    if parts[-1].strip() == "":
        parts.pop()
    tags: list[tuple[str, str]] = [("v", "DMARC1")]
    for part in parts[1:]:
        match = _TAG.fullmatch(part)
        if not match:
            raise DmarcError(f"syntax error near {part.strip()!r} (expected tag=value)")
        name = match.group(1).lower()
        if any(name == seen for seen, _ in tags):
            raise DmarcError(f"tag {name}= appears twice")
        tags.append((name, match.group(2)))
    return tags


def _uris(value: str) -> list[ReportUri]:
    out = []
    for item in value.split(","):
        match = _URI.fullmatch(item.strip())
        if not match or (match.group(2) and int(match.group(2)) > UINT32):
            raise DmarcError(f"report URI {item.strip()!r} is not valid (use mailto:address)")
        out.append(
            ReportUri(match.group(1), (match.group(2) or "") + (match.group(3) or "").lower())
        )
    return out


def _check_value(name: str, value: str) -> str | None:
    """An error message when a known tag's value is invalid."""
    ok = True
    if name in ("p", "sp", "np"):
        ok = value.lower() in POLICIES
    elif name in ("adkim", "aspf"):
        ok = value.lower() in ("r", "s")
    elif name == "fo":
        ok = all(p.strip() in ("0", "1", "d", "s") for p in value.split(":"))
    elif name == "rf":
        ok = all(_KEYWORD.fullmatch(p.strip()) for p in value.split(":"))
    elif name == "pct":
        ok = value.isdigit() and int(value) <= 100
    elif name == "ri":
        ok = value.isdigit() and int(value) <= UINT32
    if ok:
        return None
    return f"{name}={value} is not a valid value"


def parse_dmarc(text: str) -> DmarcRecord:
    """Parse a record. Bad values are fatal unless rua is usable (RFC 7489 6.6.3: then p=none)."""
    tags = split_tags(text)
    names = [name for name, _ in tags]
    if "p" in names and names.index("p") != 1:
        raise DmarcError("p= must come directly after v=DMARC1")
    values = dict(tags)
    rua = _uris(values["rua"]) if "rua" in values else []
    ruf = _uris(values["ruf"]) if "ruf" in values else []
    problems = [msg for name, value in tags if (msg := _check_value(name, value))]
    if "p" not in values:
        problems.insert(0, "there is no p= tag")
    if problems and not rua:
        raise DmarcError("; ".join(problems))
    policy = "none" if problems else values["p"].lower()
    sub = "none" if problems else values.get("sp", policy).lower()
    pct = int(values["pct"]) if not problems and "pct" in values else 100
    return DmarcRecord(text, values, policy, sub, pct, rua, ruf, problems)


def is_dmarc(text: str) -> bool:
    return re.sub(r"\s", "", text).lower().startswith("v=dmarc1")


@functools.lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def organizational_domain(domain: str) -> str:
    """The registrable domain per the Public Suffix List (RFC 7489 section 3.2)."""
    name = domain.lower().rstrip(".")
    return _psl().privatesuffix(name) or name


@dataclass
class DmarcLookup:
    """Where the policy was found and what it says."""

    domain: str
    policy_domain: str
    status: str
    records: list[str] = field(default_factory=list)
    record: DmarcRecord | None = None
    error: str = ""


def _fetch(dns: Lookup, domain: str) -> DmarcLookup:
    answer = dns.query(f"_dmarc.{domain}", "TXT")
    if answer.failed:
        return DmarcLookup(domain, domain, "temperror", error=answer.explain())
    found = [text for text in answer.texts() if is_dmarc(text)]
    if not found:
        return DmarcLookup(domain, domain, "none", error="no record")
    if len(found) > 1:
        return DmarcLookup(domain, domain, "none", found, error="multiple records")
    try:
        return DmarcLookup(domain, domain, "ok", found, parse_dmarc(found[0]))
    except DmarcError as exc:
        return DmarcLookup(domain, domain, "permerror", found, error=str(exc))


def find_dmarc(dns: Lookup, domain: str) -> DmarcLookup:
    """The DMARC record of ``domain``, else of its organizational domain (RFC 7489 6.6.3)."""
    domain = domain.lower().rstrip(".")
    found = _fetch(dns, domain)
    org = organizational_domain(domain)
    if found.status != "none" or found.records or org == domain:
        return found
    fallback = _fetch(dns, org)
    fallback.domain = domain
    return fallback


def report_authorized(dns: Lookup, policy_domain: str, report_domain: str) -> tuple[bool, str]:
    """Does ``report_domain`` accept reports for ``policy_domain`` (RFC 7489 section 7.1)?"""
    name = f"{policy_domain}._report._dmarc.{report_domain}"
    answer = dns.query(name, "TXT")
    if answer.failed:
        return False, "temperror"
    found = [text for text in answer.texts() if is_dmarc(text)]
    if not found:
        return False, "none"
    for text in found:
        try:
            split_tags(text if ";" in text else text + ";")
        except DmarcError:
            return False, "permerror"
    return True, "ok"
