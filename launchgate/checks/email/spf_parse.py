"""SPF record syntax (RFC 7208 sections 4.5, 4.6, 5 and 6): parse a record into terms."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from launchgate.checks.email.spf_macro import MacroError, check_domain_spec, tokenize

QUALIFIERS = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}
MECHANISMS = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists")
DNS_TERMS = frozenset({"include", "a", "mx", "ptr", "exists", "redirect"})
"""Terms that cost a DNS lookup against the limit of 10 (RFC 7208 section 4.6.4)."""

_MODIFIER = re.compile(r"([A-Za-z][A-Za-z0-9\-_.]*)=(.*)", re.S)
_MECHANISM = re.compile(r"([+\-~?]?)([A-Za-z][A-Za-z0-9\-_.]*)(.*)", re.S)
_DUAL_CIDR = re.compile(r"(.*?)(?:/([0-9]+))?(?://([0-9]+))?", re.S)
_CIDR_NUM = re.compile(r"0|[1-9][0-9]*")
_QNUM = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IP4 = re.compile(rf"{_QNUM}(?:\.{_QNUM}){{3}}")


class SpfSyntaxError(ValueError):
    """A record that breaks RFC 7208 syntax; ``term`` is the offending term as published."""

    def __init__(self, term: str, reason: str) -> None:
        super().__init__(f"{term!r}: {reason}" if term else reason)
        self.term = term
        self.reason = reason


@dataclass(frozen=True)
class Mechanism:
    qualifier: str
    name: str
    domain_spec: str | None = None
    cidr4: int | None = None
    cidr6: int | None = None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    text: str = ""

    @property
    def result(self) -> str:
        return QUALIFIERS[self.qualifier]

    @property
    def counts_lookup(self) -> bool:
        return self.name in DNS_TERMS


@dataclass(frozen=True)
class Modifier:
    name: str
    value: str
    text: str = ""


@dataclass(frozen=True)
class SpfRecord:
    text: str
    mechanisms: tuple[Mechanism, ...]
    modifiers: tuple[Modifier, ...]

    def modifier(self, name: str) -> str | None:
        for mod in self.modifiers:
            if mod.name == name:
                return mod.value
        return None

    @property
    def redirect(self) -> str | None:
        return self.modifier("redirect")

    @property
    def exp(self) -> str | None:
        return self.modifier("exp")

    @property
    def all(self) -> Mechanism | None:
        return next((m for m in self.mechanisms if m.name == "all"), None)

    def lookup_terms(self) -> list[str]:
        """The terms of this record that cost a DNS lookup, as published (redirect= is
        ignored, and costs nothing, when the record has an ``all``)."""
        terms = [m.text for m in self.mechanisms if m.counts_lookup]
        if self.all is not None:
            return terms
        return terms + [m.text for m in self.modifiers if m.name == "redirect"]


def is_spf(text: str | bytes) -> bool:
    """Does this TXT string start an SPF version 1 record (RFC 7208 section 4.5)?"""
    raw = text.encode("latin-1", "replace") if isinstance(text, str) else text
    head = raw[:7].lower()
    return head == b"v=spf1" or head == b"v=spf1 "


def parse(record: str) -> SpfRecord:
    """Parse a whole record; SpfSyntaxError names the first offending term."""
    if not is_spf(record):
        raise SpfSyntaxError(record[:12], "an SPF record starts with v=spf1")
    for char in record:
        if not (char == " " or 0x21 <= ord(char) <= 0x7E):
            raise SpfSyntaxError(_term_with(record, char), f"character {char!r} is not allowed")
    mechanisms: list[Mechanism] = []
    modifiers: list[Modifier] = []
    for term in record[6:].split(" "):
        if not term:
            continue
        parsed = parse_term(term)
        if isinstance(parsed, Modifier):
            if parsed.name in ("redirect", "exp") and any(m.name == parsed.name for m in modifiers):
                raise SpfSyntaxError(term, f"{parsed.name}= may appear only once")
            modifiers.append(parsed)
        else:
            mechanisms.append(parsed)
    return SpfRecord(record, tuple(mechanisms), tuple(modifiers))


def _term_with(record: str, char: str) -> str:
    for term in record.split(" "):
        if char in term:
            return term
    return record


def parse_term(term: str) -> Mechanism | Modifier:
    modifier = _MODIFIER.fullmatch(term)
    if modifier:
        return _modifier(term, modifier.group(1).lower(), modifier.group(2))
    match = _MECHANISM.fullmatch(term)
    if not match or match.group(2).lower() not in MECHANISMS:
        raise SpfSyntaxError(term, "unknown mechanism (known: " + ", ".join(MECHANISMS) + ")")
    qualifier, name, rest = match.group(1) or "+", match.group(2).lower(), match.group(3)
    return _mechanism(term, qualifier, name, rest)


def _modifier(term: str, name: str, value: str) -> Modifier:
    try:
        if name in ("redirect", "exp"):
            check_domain_spec(value)
        else:
            tokenize(value)
    except MacroError as exc:
        raise SpfSyntaxError(term, str(exc)) from None
    return Modifier(name, value, term)


def _mechanism(term: str, qualifier: str, name: str, rest: str) -> Mechanism:
    if name == "all":
        if rest:
            raise SpfSyntaxError(term, "all takes no argument")
        return Mechanism(qualifier, name, text=term)
    if name in ("ip4", "ip6"):
        return _ip_mechanism(term, qualifier, name, rest)
    if name in ("a", "mx"):
        domain, cidr4, cidr6 = _dual_cidr(term, rest)
        return Mechanism(qualifier, name, domain, cidr4, cidr6, text=term)
    domain = _domain_arg(term, rest, required=name != "ptr")
    return Mechanism(qualifier, name, domain, text=term)


def _domain_arg(term: str, rest: str, required: bool) -> str | None:
    if not rest:
        if required:
            raise SpfSyntaxError(term, "needs a domain (mechanism:domain)")
        return None
    if not rest.startswith(":") or len(rest) == 1:
        raise SpfSyntaxError(term, "expected ':' followed by a domain")
    try:
        check_domain_spec(rest[1:])
    except MacroError as exc:
        raise SpfSyntaxError(term, str(exc)) from None
    return rest[1:]


def _cidr(term: str, text: str | None, limit: int) -> int | None:
    if text is None:
        return None
    if not _CIDR_NUM.fullmatch(text) or int(text) > limit:
        raise SpfSyntaxError(term, f"prefix length /{text} must be 0-{limit} without leading zeros")
    return int(text)


def _dual_cidr(term: str, rest: str) -> tuple[str | None, int | None, int | None]:
    match = _DUAL_CIDR.fullmatch(rest)
    assert match is not None
    domain = _domain_arg(term, match.group(1), required=False)
    return domain, _cidr(term, match.group(2), 32), _cidr(term, match.group(3), 128)


def _ip_mechanism(term: str, qualifier: str, name: str, rest: str) -> Mechanism:
    if not rest.startswith(":"):
        raise SpfSyntaxError(term, f"{name} needs an address ({name}:ADDRESS[/LENGTH])")
    address, slash, length = rest[1:].partition("/")
    limit = 32 if name == "ip4" else 128
    cidr = _cidr(term, length if slash else None, limit)
    try:
        if name == "ip4" and not _IP4.fullmatch(address):
            raise ValueError(address)
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise SpfSyntaxError(term, f"{address!r} is not an {name} address") from None
    if ip.version != (4 if name == "ip4" else 6):
        raise SpfSyntaxError(term, f"{address!r} is not an {name} address")
    network = ipaddress.ip_network(f"{ip}/{limit if cidr is None else cidr}", strict=False)
    return Mechanism(qualifier, name, None, cidr, None, network, term)
